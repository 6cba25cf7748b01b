"""Name priors from an attached ZIM's links: extraction, counts, resume, cancel, detach, API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossator.core.kb import KnowledgeBase
from glossator.core.kb import link_priors as lp
from glossator.core.kb.link_priors import (
    LinkJob,
    extract_links,
    href_path,
    link_prior,
    link_prior_count,
    work_path,
)
from glossator.core.kb.zim_attach import (
    AttachError,
    IndexJob,
    attach,
    detach,
    index_dir_for,
    list_attached,
)
from glossator.core.kb.zim_layer import ZimLayer
from tests.core.kb.zimfixtures import write_zim


def _p(title: str, text: str = "") -> tuple[str, str]:
    return title, f"<p>{title} is a page of the link tests. {text}</p>"


# Links to the three Parises: the city 3 times (a direct link, a link through a chain
# of two redirects, a link with a nested tag), Paris Hilton once (href with a space,
# percent-encoded), the Trojan prince once (href percent-encoded, tags in capitals).
LINK_PAGES = {
    "Paris": _p("Paris"),
    "Paris_Hilton": _p("Paris Hilton"),
    "Paris_(mythology)": _p("Paris (mythology)"),
    "Île-de-France": _p("Île-de-France"),
    "France": _p("France", '<a href="Paris">Paris</a> and <a href="./Paris#History">the '
                 'capital</a>; again <a href="Paris">Paris</a> (a duplicate, counted once); '
                 '<a href="https://en.wikipedia.org/wiki/Paris">Paris</a> (another site), '
                 '<a href="#cite_note-1">Paris</a> (this page), '
                 '<a href="%C3%8Ele-de-France">Île-de-France</a>.'),
    "Europe": _p("Europe", 'Its <a class="mw-redirect" href="City_of_Light">Paris</a>.'),
    "Hotels": _p("Hotels", '<a href="Paris%20Hilton">Paris</a> of <a href="Paris_Hilton">'
                 'Hilton</a> fame.'),
    "Greek_myths": _p("Greek myths", '<A HREF="Paris_%28mythology%29">Paris</A> of Troy.'),
    "Lyon": _p("Lyon", '<a href="Paris" title="Paris"><b>Paris</b></a>, '
               '<a href="Nowhere">Paris</a> (no such page), <a href="style.css">Paris</a> '
               '(not a page), <a href="mailto:a@b.org">Paris</a>, '
               '<a href=\'./%C3%8Ele-de-France\'>Ile de France</a>, <a>no href</a>.'),
    "AC/DC": _p("AC/DC", '<a href="../Paris">the French capital</a> and '
                '<a href="../../Paris">Paris</a> (outside the archive).'),
}
LINK_REDIRECTS = [
    ("Paris,_France", "Paris, France", "Paris"),
    ("City_of_Light", "City of Light", "Paris,_France"),  # a chain of two
]


@pytest.fixture(scope="module")
def link_zim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_zim(tmp_path_factory.mktemp("links") / "links.zim", pages=LINK_PAGES,
                     redirects=LINK_REDIRECTS, name="wikipedia_en_links")


@pytest.fixture()
def user(tmp_path: Path) -> Path:
    return tmp_path / "data" / "user-kb.sqlite"


def indexed(zim: Path, user: Path) -> Path:
    found = attach(zim, index_dir_for(user))
    with IndexJob(found.index_path) as job:
        job.run()
    return found.index_path


def counted(zim: Path, user: Path, **kwargs) -> Path:
    index = indexed(zim, user)
    with LinkJob(index, **kwargs) as job:
        assert job.run().finished
    return index


def stored(index: Path) -> list[tuple]:
    layer = ZimLayer(index)
    try:
        return layer.db.execute("SELECT * FROM link_priors ORDER BY norm").fetchall()
    finally:
        layer.close()


# ------------------------------------------------------------------ extraction


def test_links_and_anchors_are_read_robustly():
    page = (b'<p><a href="A">Alpha</a> <a  HREF = \'B\' class=x>B<i>e</i>ta</a>'
            b'<a href=C>Gamma &amp; Delta</a><a href="D">unclosed <a href="E">Eps</a>'
            b'<a href="F"></a><a name="x">no href</a><a href="G">'
            + b"long " * 300 + b"</a></p>")
    assert extract_links(page) == [("A", "Alpha"), ("B", "B e ta"), ("C", "Gamma & Delta"),
                                   ("D", "unclosed"), ("E", "Eps")]


def test_hrefs_resolve_to_archive_paths():
    assert href_path("Paris", "") == "Paris"
    assert href_path("./Paris#History", "") == "Paris"
    assert href_path("Paris_%28mythology%29", "") == "Paris_(mythology)"
    assert href_path("%C3%8Ele-de-France?x=1", "") == "Île-de-France"
    assert href_path("../Paris", "AC") == "Paris"
    assert href_path("Paris", "A") == "A/Paris"  # an old-scheme page in "A/"
    assert href_path("/wiki/Paris", "A") == "Paris"
    assert href_path("Saint_&amp;_Co", "") == "Saint_&_Co"
    for external in ("https://example.org/Paris", "//example.org/Paris", "mailto:a@b.org",
                     "javascript:alert(1)", "#cite", "", "../../Paris"):
        assert href_path(external, "AC" if external.startswith("..") else "") is None


def test_a_hostile_page_is_read_in_bounded_time():
    page = b"<p>" + b'<a href="Paris">P</a> ' * 200_000 + b"</p>"
    started = time.perf_counter()
    links = extract_links(page)
    assert len(links) == lp.MAX_LINKS_PER_PAGE
    for hostile in (b'<a href="P">' * 200_000,  # never closed
                    b"<a " * 400_000,  # no tag end at all
                    b'<a href="P">' + b"x" * 5_000_000 + b"</a>",  # a huge anchor
                    b'<a href="' + b"x" * 3_000_000 + b'">P</a>',  # a huge href
                    b"<" * 1_000_000 + b">" * 1_000_000):
        assert extract_links(hostile) == []
    assert time.perf_counter() - started < 5.0


# -------------------------------------------------------------- counts and priors


def test_counts_and_probabilities(link_zim, user):
    counted(link_zim, user)
    with KnowledgeBase.open(user, None) as kb:
        prior = link_prior(kb, "Paris")
        assert prior == pytest.approx({"Paris": 0.6, "Paris Hilton": 0.2,
                                       "Paris (mythology)": 0.2})
        assert next(iter(prior)) == "Paris"  # the most frequent first
        assert link_prior_count(kb, "Paris") == 5
        assert link_prior_count(kb, "PARIS") == 5  # the name key of the name index
        assert link_prior(kb, "the capital") == {"Paris": 1.0}
        # The same through the knowledge base's own methods, as the linker calls them.
        assert kb.link_prior("Paris") == prior
        assert kb.link_prior_count("Paris") == 5
        assert link_prior(kb, "the French capital") == {"Paris": 1.0}  # "../Paris"
        assert link_prior(kb, "Hilton") == {"Paris Hilton": 1.0}
        # Two spellings of one name key, two hrefs (encoded, "./") of one page.
        assert link_prior(kb, "ILE DE FRANCE") == {"Île-de-France": 1.0}
        assert link_prior_count(kb, "Île-de-France") == 2
        for none in ("no href", "Nowhere", "City of Light", "", "x" * 5000):
            assert link_prior(kb, none) == {} and link_prior_count(kb, none) == 0
        (layer,) = kb.zim_layers
        assert layer.link_counts("paris") == (5, {"Paris": 3, "Paris Hilton": 1,
                                                  "Paris (mythology)": 1})
    (state,) = list_attached(index_dir_for(user))
    assert state.links["state"] == "done"
    assert state.links["names"] == 5 and state.links["pairs"] == 7
    assert state.links["articles"] == len(LINK_PAGES)
    assert not work_path(state.index_path).exists()


def test_priors_of_several_zims_add_up_by_counts(link_zim, user, tmp_path):
    counted(link_zim, user)
    other = write_zim(tmp_path / "other.zim", name="wikipedia_en_other", redirects=[], pages={
        "Paris_Hilton": _p("Paris Hilton"),
        "Celebrities": _p("Celebrities", '<a href="Paris_Hilton">Paris</a>'),
        "Heiresses": _p("Heiresses", '<a href="Paris_Hilton">Paris</a>')})
    counted(other, user)
    with KnowledgeBase.open(user, None) as kb:
        assert len(kb.zim_layers) == 2
        assert link_prior_count(kb, "Paris") == 7
        assert link_prior(kb, "Paris") == pytest.approx(
            {"Paris": 3 / 7, "Paris Hilton": 3 / 7, "Paris (mythology)": 1 / 7})


def test_no_priors_means_empty_answers(link_zim, user):
    indexed(link_zim, user)
    with KnowledgeBase.open(user, None) as kb:
        assert link_prior(kb, "Paris") == {} and link_prior_count(kb, "Paris") == 0
    assert list_attached(index_dir_for(user))[0].links == {"state": "none"}
    assert link_prior([], "Paris") == {}


def test_counting_waits_for_the_name_index(link_zim, user):
    found = attach(link_zim, index_dir_for(user))
    with pytest.raises(AttachError, match="not all indexed"):
        LinkJob(found.index_path)


def test_pairs_seen_once_are_dropped_for_busy_names(monkeypatch):
    monkeypatch.setattr(lp, "PRUNE_TOTAL", 5)
    packed, kept = lp.pack_targets([(1, 1), (2, 2), (3, 1)])  # 4 links: all kept
    assert kept == 3 and lp.unpack_targets(packed) == [(2, 2), (1, 1), (3, 1)]
    packed, kept = lp.pack_targets([(1, 1), (2, 4), (3, 1), (4, 2)])
    assert kept == 2 and lp.unpack_targets(packed) == [(2, 4), (4, 2)]
    monkeypatch.setattr(lp, "MAX_TARGETS", 1)
    assert lp.unpack_targets(lp.pack_targets([(1, 2), (2, 4)])[0]) == [(2, 4)]


def test_pruned_pairs_still_count_in_the_total(link_zim, user, monkeypatch):
    monkeypatch.setattr(lp, "PRUNE_TOTAL", 5)
    counted(link_zim, user)
    with KnowledgeBase.open(user, None) as kb:
        # Hilton and the prince were seen once for a name of 5 links: not stored.
        assert link_prior(kb, "Paris") == {"Paris": 0.6}
        assert link_prior_count(kb, "Paris") == 5
    monkeypatch.setattr(lp, "PRUNE_TOTAL", 1)  # every pair seen once is dropped
    counted(link_zim, user.parent / "again" / "user-kb.sqlite")
    with KnowledgeBase.open(user.parent / "again" / "user-kb.sqlite", None) as kb:
        # No target is left for "the capital", but how often it is a link is known.
        assert link_prior(kb, "the capital") == {}
        assert link_prior_count(kb, "the capital") == 1


# ------------------------------------------------------------------- hostile pages


def test_hostile_pages_are_counted_within_bounds(user, tmp_path):
    many = "".join(f'<a href="Paris">P{i}</a> ' for i in range(200_000))
    pages = {
        "Paris": _p("Paris"),
        "Many_links": ("Many links", f"<p>{many}</p>"),
        "Huge_anchor": ("Huge anchor", '<p><a href="Paris">' + "word " * 400_000 + "</a></p>"),
        "Unclosed": ("Unclosed", '<p><a href="Paris">Paris ' * 50_000),
        "Broken": ("Broken", "<p><a <a <<a href=Paris>>Paris</a></a></b></p><a href='Paris"
                   + "<" * 100_000),
        "Normal": _p("Normal", '<a href="Paris">Paris</a>'),
    }
    zim = write_zim(tmp_path / "hostile.zim", pages=pages, redirects=[])
    started = time.perf_counter()
    index = counted(zim, user)
    assert time.perf_counter() - started < 30.0
    (state,) = list_attached(index_dir_for(user))
    assert state.links["links"] <= lp.MAX_LINKS_PER_PAGE + 10
    with KnowledgeBase.open(user, None) as kb:
        assert link_prior(kb, "P1") == {"Paris": 1.0}
        assert link_prior(kb, f"P{lp.MAX_LINKS_PER_PAGE}") == {}  # past the cap
        # "Paris" from the normal page, the broken one and the run of unclosed links
        # (each ends where the next begins, as in a browser; once per page).
        assert link_prior_count(kb, "Paris") == 3
    assert stored(index)


# -------------------------------------------------------- resume, cancel, detach


def test_a_cancelled_pass_resumes_to_the_same_counts(link_zim, user, tmp_path):
    index = indexed(link_zim, user)
    with LinkJob(index, batch_entries=3) as job:
        first = job.run(should_stop=lambda: True)
    assert first.position == 3 and not first.finished
    (state,) = list_attached(index_dir_for(user))
    assert state.links["state"] == "counting" and state.links["position"] == 3
    assert work_path(index).is_file()
    with KnowledgeBase.open(user, None) as kb:
        assert link_prior(kb, "Paris") == {}  # nothing until the counts are written
    with LinkJob(index, batch_entries=3) as job:
        assert job.progress.position == 3  # resumed, not restarted
        seen = []
        final = job.run(lambda p: seen.append((p.position, p.phase)))
    assert final.finished and seen[-1][1] == "done"
    assert seen[:2] == [(6, "counting"), (9, "counting")]
    reference = counted(link_zim, tmp_path / "ref" / "user-kb.sqlite")
    assert stored(index) == stored(reference)


def test_a_finishing_step_interrupted_resumes(link_zim, user, tmp_path, monkeypatch):
    monkeypatch.setattr(lp, "FINISH_CHUNK", 2)
    index = indexed(link_zim, user)
    with LinkJob(index) as job:
        job.run(should_stop=lambda: job.progress.finished_names >= 2)
        assert job.progress.phase == "finishing"
    with LinkJob(index) as job:
        assert job.progress.phase == "finishing" and job.progress.finished_names == 2
        assert job.run().finished
    reference = counted(link_zim, tmp_path / "ref" / "user-kb.sqlite")
    assert stored(index) == stored(reference)


_KILLED_PASS = """
import sys, time
from pathlib import Path
from glossator.core.kb.link_priors import LinkJob
with LinkJob(Path(sys.argv[1]), batch_entries=2, recount=sys.argv[2:] == ["recount"]) as job:
    for p in job.steps():
        print(p.position, flush=True)
        time.sleep(0.3)
"""


def test_a_pass_killed_hard_resumes_to_the_same_counts(link_zim, user, tmp_path):
    index = indexed(link_zim, user)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_PASS, str(index)],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert proc.stdout.readline().strip() == "2"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = list_attached(index_dir_for(user))[0].links
    assert left["state"] == "counting" and left["position"] in (2, 4)
    with LinkJob(index) as job:
        assert job.progress.position in (2, 4)
        job.run()
    reference = counted(link_zim, tmp_path / "ref" / "user-kb.sqlite")
    assert stored(index) == stored(reference)


def test_a_finished_pass_is_not_run_again(link_zim, user):
    index = counted(link_zim, user)
    before = stored(index)
    with LinkJob(index) as job:
        assert job.finished and job.progress.names == 5
        job.run()
    assert stored(index) == before


def test_detach_removes_the_priors_and_an_unfinished_pass(link_zim, user, tmp_path):
    index = counted(link_zim, user)
    detach(index.stem, index_dir_for(user))
    assert not index.exists() and link_zim.is_file()
    index = indexed(link_zim, user)
    with LinkJob(index, batch_entries=3) as job:
        job.run(should_stop=lambda: True)
    assert work_path(index).is_file()
    detach(index.stem, index_dir_for(user))
    assert not index.exists() and not work_path(index).exists()
    assert not list(index.parent.iterdir())
    # Attached again, the pass starts afresh.
    index = indexed(link_zim, user)
    with LinkJob(index) as job:
        assert job.progress.position == 0


def test_articles_are_read_cluster_by_cluster(link_zim, tmp_path):
    from libzim.reader import Archive

    archive = Archive(str(link_zim))
    order = lp.reading_order(link_zim, archive)
    pages = {i for i in range(archive.entry_count)
             if not archive._get_entry_by_id(i).is_redirect
             and archive._get_entry_by_id(i).get_item().mimetype == "text/html"}
    assert sorted(order.tolist()) == sorted(pages) and len(pages) == len(LINK_PAGES)
    # A file whose directory cannot be read this way is read by entry number.
    broken = tmp_path / "broken.zim"
    broken.write_bytes(link_zim.read_bytes()[:100])
    assert lp.reading_order(broken, archive) is None


def test_a_pipelined_pass_counts_the_same(link_zim, user, tmp_path):
    index = indexed(link_zim, user)
    with LinkJob(index, batch_entries=3) as job:
        first = job.run(should_stop=lambda: True, workers=2)  # stopped, then resumed
        assert first.phase == "counting" and first.position == 3
    with LinkJob(index, batch_entries=3) as job:
        assert job.run(workers=2).finished
    reference = counted(link_zim, tmp_path / "ref" / "user-kb.sqlite")
    assert stored(index) == stored(reference)


def test_the_state_of_a_pass_gives_the_share_the_progress_bar_gives():
    """`kb stats` and the knowledge window's list say what the bar says (finishing: the
    last 5%), not the share of entries read."""
    from glossator.core.kb.link_priors import LinkProgress, link_state

    assert link_state({"links_state": "counting", "entries": "200"}, Path("/nowhere.sqlite")) \
        == {"state": "counting", "position": 0, "entries": 200, "fraction": 0.0}
    finishing = link_state({"links_state": "finishing", "entries": "200"},
                           Path("/nowhere.sqlite"))
    assert finishing["fraction"] == 0.95
    assert LinkProgress(position=100, entries=200).fraction == pytest.approx(0.475)
    assert LinkProgress(position=5, entries=10, articles=1, links=1).line() \
        == "5 of 10 entries (48%): 1 article, 1 link"  # not "1 links"
    assert LinkProgress(10, 10, articles=2, links=3, names=1, pairs=1, phase="done").line() \
        == "2 articles, 3 links: 1 name, 1 pair"


# ---------------------------------------------------------------- counting again


def _old_priors(link_zim: Path, user: Path, monkeypatch) -> Path:
    """Priors counted with every pair seen once dropped: unlike a normal count's."""
    monkeypatch.setattr(lp, "PRUNE_TOTAL", 1)
    index = counted(link_zim, user)
    monkeypatch.undo()
    return index


def _read(user: Path, name: str) -> dict[str, float]:
    with KnowledgeBase.open(user, None) as kb:
        return link_prior(kb, name)


def test_a_recount_reads_the_previous_priors_until_it_is_done(link_zim, user, tmp_path,
                                                               monkeypatch):
    """Counting again: cancelled, resumed, stopped while writing; readers use the old
    priors whole until the new ones are whole, and the state never says done meanwhile."""
    index = _old_priors(link_zim, user, monkeypatch)
    old = stored(index)
    assert _read(user, "Paris") == {"Paris": 0.6} and _read(user, "Hilton") == {}
    with LinkJob(index, batch_entries=3, recount=True) as job:
        assert job.progress.phase == "counting" and job.progress.position == 0
        assert job.run(should_stop=lambda: True).position == 3
    (state,) = list_attached(index_dir_for(user))
    assert state.links["state"] == "counting" and state.links["recount"] is True
    assert state.links["position"] == 3
    assert stored(index) == old and _read(user, "Paris") == {"Paris": 0.6}
    monkeypatch.setattr(lp, "FINISH_CHUNK", 2)
    with LinkJob(index, batch_entries=3) as job:  # goes on (no second restart)
        assert job.progress.position == 3
        job.run(should_stop=lambda: job.progress.finished_names >= 2)
        assert job.progress.phase == "finishing"
    # "hilton" and "ile de france" are written (in the new table), not yet read.
    (state,) = list_attached(index_dir_for(user))
    assert state.links["state"] == "finishing" and state.links["recount"] is True
    assert stored(index) == old and _read(user, "Hilton") == {}
    with LinkJob(index, recount=True) as job:  # a pass running goes on, whatever is asked
        assert job.progress.phase == "finishing" and job.progress.finished_names == 2
        assert job.run().finished
    reference = counted(link_zim, tmp_path / "ref" / "user-kb.sqlite")
    assert stored(index) == stored(reference) != old
    assert _read(user, "Hilton") == {"Paris Hilton": 1.0}
    assert _read(user, "Paris") == pytest.approx(
        {"Paris": 0.6, "Paris Hilton": 0.2, "Paris (mythology)": 0.2})
    (state,) = list_attached(index_dir_for(user))
    assert state.links["state"] == "done" and "recount" not in state.links
    assert state.links["names"] == 5 and state.links["pairs"] == 7
    assert state.links["bytes"] > 0
    assert not work_path(index).exists()
    with LinkJob(index) as job:  # done: not run again unless asked
        assert job.finished


def test_a_recount_killed_hard_keeps_the_old_priors_and_resumes(link_zim, user, tmp_path,
                                                                monkeypatch):
    index = _old_priors(link_zim, user, monkeypatch)
    old = stored(index)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_PASS, str(index), "recount"],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert proc.stdout.readline().strip() == "2"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = list_attached(index_dir_for(user))[0].links
    assert left["state"] == "counting" and left["recount"] is True
    assert stored(index) == old and _read(user, "Paris") == {"Paris": 0.6}
    with LinkJob(index) as job:
        assert job.progress.position in (2, 4)
        assert job.run().finished
    reference = counted(link_zim, tmp_path / "ref" / "user-kb.sqlite")
    assert stored(index) == stored(reference) != old


def test_a_first_pass_gives_no_priors_until_all_are_written(link_zim, user, monkeypatch):
    monkeypatch.setattr(lp, "FINISH_CHUNK", 2)
    index = indexed(link_zim, user)
    with LinkJob(index) as job:
        job.run(should_stop=lambda: job.progress.finished_names >= 2)
        assert job.progress.phase == "finishing"
    assert stored(index) == [] and _read(user, "Hilton") == {}
    with LinkJob(index) as job:
        assert job.run().finished
    assert _read(user, "Hilton") == {"Paris Hilton": 1.0}


def test_finishing_begun_by_an_older_version_is_written_again_whole(link_zim, user, tmp_path,
                                                                     monkeypatch):
    """Before link_priors_new, the finishing step wrote into link_priors directly."""
    import sqlite3

    monkeypatch.setattr(lp, "FINISH_CHUNK", 2)
    index = indexed(link_zim, user)
    with LinkJob(index) as job:
        job.run(should_stop=lambda: job.progress.finished_names >= 2)
    conn = sqlite3.connect(index)
    with conn:  # as the older version left it: two names in link_priors, one of them odd
        conn.execute("INSERT INTO link_priors SELECT * FROM link_priors_new")
        conn.execute("UPDATE link_priors SET total = 99")
        conn.execute("DROP TABLE link_priors_new")
    conn.close()
    with LinkJob(index) as job:
        assert job.progress.phase == "finishing" and job.progress.finished_names == 0
        assert job.run().finished
    reference = counted(link_zim, tmp_path / "ref" / "user-kb.sqlite")
    assert stored(index) == stored(reference)
