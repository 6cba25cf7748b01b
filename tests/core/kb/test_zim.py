"""Kiwix ZIM import: a small archive written here with libzim's writer, imported by the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from libzim.writer import Creator, Hint

from glossator.cli import main
from glossator.core.kb import KBLayer, KnowledgeBase
from glossator.core.kb.importers import import_file
from glossator.core.kb.zim import RedirectIndex, ZimError, iter_zim, lead_paragraph
from glossator.core.models import ImportStats
from tests.core.kb.zimfixtures import Page

ADA = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ada Lovelace</title>
<style>p { color: red }</style><script>var p = "<p>not this</p>";</script></head>
<body><h1>Ada Lovelace</h1>
<div class="hatnote">For the film, see Ada (film).</div>
<table class="infobox"><tr><td><p>Born 10 December 1815 in London, England</p></td></tr></table>
<p class="mw-empty-elt"></p>
<section data-mw-section-id="0">
<p><b>Augusta Ada King, Countess of Lovelace</b> (<i>née</i> <b>Byron</b>; 10 December
1815&nbsp;– 27 November 1852) was an English <a href="Mathematician">mathematician</a> and
writer,<sup class="reference"><a href="#cite_note-1">[1]</a></sup> chiefly known for her work on
<a href="Charles_Babbage">Charles Babbage</a>'s proposed mechanical general-purpose computer, the
<a href="Analytical_Engine"><span>Analytical <em>Engine</em></span></a>.[2][citation needed]</p>
<p>A second paragraph that is not the lead.</p></section>
<h2>Biography</h2><p>Later text.</p></body></html>"""

BABBAGE = """<html><body><p>Charles Babbage was an English polymath, mathematician,
philosopher, inventor and mechanical engineer.</p></body></html>"""

ENGINE = """<html><body><figure><figcaption><p>A trial model of a part of the Engine, built by
Babbage</p></figcaption></figure><p>The <b>Analytical Engine</b> was a proposed digital mechanical
general-purpose computer designed by English mathematician Charles Babbage.</p></body></html>"""

MERCURY = """<html><body><p><b>Mercury</b> may refer to:</p><ul><li>Mercury (planet)</li>
</ul></body></html>"""

NO_LEAD = "<html><body><table><tr><td>only a table</td></tr></table></body></html>"


_Item = Page  # the shared test page (zimfixtures)


def write_zim(path: Path, *, wikipedia: bool = True) -> Path:
    """A small Wikipedia-like archive: 5 HTML pages, a stylesheet, 3 redirects (one chained)."""
    with Creator(str(path)).config_indexing(False, "eng") as creator:
        creator.set_mainpath("Ada_Lovelace")
        creator.add_item(_Item("Ada_Lovelace", "Ada Lovelace", ADA))
        creator.add_item(_Item("Charles_Babbage", "Charles Babbage", BABBAGE))
        creator.add_item(_Item("Analytical_Engine", "Analytical Engine", ENGINE))
        creator.add_item(_Item("Mercury", "Mercury", MERCURY))
        creator.add_item(_Item("Empty_page", "Empty page", NO_LEAD))
        creator.add_item(_Item("style.css", "", "p { margin: 0 }", "text/css", False))
        hint = {Hint.FRONT_ARTICLE: False}
        creator.add_redirection("Lady_Lovelace", "Lady Lovelace", "Ada_Lovelace", hint)
        creator.add_redirection("Ada_Byron", "Ada Byron", "Ada_Lovelace", hint)
        # A redirect to a redirect still lands on the article.
        creator.add_redirection("Countess_Lovelace", "Countess Lovelace", "Lady_Lovelace", hint)
        creator.add_redirection("Babbage", "Babbage", "Charles_Babbage", hint)
        creator.add_metadata("Language", "eng")
        creator.add_metadata("Title", "Test Wikipedia")
        creator.add_metadata("Date", "2024-05-01")
        if wikipedia:
            creator.add_metadata("Source", "en.wikipedia.org")
    return path


@pytest.fixture(scope="module")
def zim_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_zim(tmp_path_factory.mktemp("zim") / "wikipedia_en_test.zim")


def test_lead_paragraph_skips_clutter():
    text = lead_paragraph(ADA)
    assert text.startswith("Augusta Ada King, Countess of Lovelace (née Byron; 10 December 1815")
    assert text.endswith("the Analytical Engine.")
    assert "[1]" not in text and "[citation needed]" not in text and "[2]" not in text
    assert "writer, chiefly" in text  # the citation went, the comma stayed put
    assert "not this" not in text and "color" not in text and "film" not in text
    assert lead_paragraph(ENGINE).startswith("The Analytical Engine was a proposed")
    assert lead_paragraph(NO_LEAD) == ""
    assert lead_paragraph(b"") == ""
    assert lead_paragraph(b"\x00\xff garbage <p") == ""


MWOFFLINER_LIKE = """<html><body class="mediawiki ltr mw-hide-empty-elt">
<div id="mw-content-text"><div class="mw-parser-output">
<div class="shortdescription nomobile noexcerpt noprint searchaux">City in France</div>
<div role="note" class="hatnote navigation-not-searchable">For other uses, see Lyon
(disambiguation).</div>
<p><span id="coordinates" class="coordinates plainlinks">Coordinates: 45°N 4°E</span></p>
<table class="infobox_v2 ib-settlement vcard"><tr><td><p>Prefecture building</p></td></tr></table>
<div class="thumb tright"><div class="thumbinner"><p>The old town seen from the hill</p></div></div>
<p><b>Lyon</b> is the third-largest city of France.<sup
class="noprint Inline-Template Template-Fact"><i>[citation needed]</i></sup> It lies at the
confluence of the Rhône and the Saône.</p>
<div class="mw-heading mw-heading2"><h2 id="History">History</h2></div><p>Later.</p>
</div></div></body></html>"""


def test_lead_paragraph_of_a_wikipedia_page_layout():
    assert lead_paragraph(MWOFFLINER_LIKE) == (
        "Lyon is the third-largest city of France. It lies at the confluence of the Rhône and "
        "the Saône."
    )


def test_cli_imports_a_zim(zim_file, tmp_path, capsys):
    kb_path = tmp_path / "kb.sqlite"
    assert main(["kb", "--kb", str(kb_path), "import", str(zim_file)]) == 0
    out = capsys.readouterr()
    assert "Imported wikipedia_en_test.zim: 3 added" in out.out
    assert "Empty page" in out.err  # the page with no lead is reported as skipped
    assert "Mercury" not in out.err  # a disambiguation page is skipped silently

    with KnowledgeBase.single(kb_path) as kb:
        titles = set(kb.layers[0].titles())
        assert titles == {"Ada Lovelace", "Charles Babbage", "Analytical Engine"}
        ada = kb.article("Ada Lovelace")
        assert ada.extract.startswith("Augusta Ada King")
        assert ada.description == ""
        assert ada.language == "en" and ada.source == "zim:wikipedia_en_test.zim"
        assert ada.url == "https://en.wikipedia.org/wiki/Ada_Lovelace"
        assert ada.fetched_at.startswith("2024-05-01")
        assert ada.gender == "female"
        kinds = dict(kb.layers[0].db.execute(
            "SELECT alias, kind FROM aliases al JOIN articles a ON a.id = al.article_id "
            "WHERE a.title = 'Ada Lovelace'").fetchall())
        assert kinds["Lady Lovelace"] == "redirect"
        assert kinds["Ada Byron"] == "redirect"
        assert kinds["Countess Lovelace"] == "redirect"
        for name in ("Lady Lovelace", "countess lovelace", "Ada Byron"):
            assert [c.title for c in kb.lookup(name)] == ["Ada Lovelace"], name
        assert kb.lookup("Babbage")[0].title == "Charles Babbage"
        assert kb.article("Mercury") is None  # a disambiguation page is not an article

    # Importing the same file again changes nothing and says so.
    assert main(["kb", "--kb", str(kb_path), "import", str(zim_file), "--restart"]) == 0
    assert "0 added" in capsys.readouterr().out


def test_progress_adds_up_to_the_file_size(zim_file):
    seen: list[int] = []
    stats = ImportStats()
    records = list(iter_zim(zim_file, stats, seen.append))
    assert len(records) == 3
    assert all(n >= 0 for n in seen)
    assert sum(seen) == zim_file.stat().st_size


def test_import_file_reports_progress_and_resumes(zim_file, tmp_path):
    layer = KBLayer(tmp_path / "kb.sqlite")
    calls: list[tuple[int, int]] = []
    stats = import_file(layer, zim_file, progress=lambda s, done, total: calls.append(
        (done, total)))
    assert stats.added == 3
    assert calls and calls[-1] == (zim_file.stat().st_size, zim_file.stat().st_size)
    layer.close()


def test_archive_without_source_has_no_url(tmp_path):
    path = write_zim(tmp_path / "other.zim", wikipedia=False)
    records = list(iter_zim(path, ImportStats()))
    assert {r.url for r in records} == {None}


def test_redirect_index_spills_to_disk():
    index = RedirectIndex(spill_at=3)
    for i in range(10):
        index.add(i % 2, f"name {i}")
    index.finish()
    assert index.spilled
    assert index.names(0) == [f"name {i}" for i in range(0, 10, 2)]
    assert index.names(1) == [f"name {i}" for i in range(1, 10, 2)]
    assert index.names(7) == []
    index.close()


@pytest.mark.parametrize("keep", [0.5, 0.98, 64])
def test_truncated_zim_is_a_clear_error(zim_file, tmp_path, keep, capsys):
    data = zim_file.read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep
    broken = tmp_path / "broken.zim"
    broken.write_bytes(data[:cut])
    with pytest.raises(ZimError, match="truncated"):
        list(iter_zim(broken, ImportStats()))
    kb_path = tmp_path / "kb.sqlite"
    assert main(["kb", "--kb", str(kb_path), "import", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "not a readable Kiwix ZIM file" in err and "Traceback" not in err


def test_a_flipped_byte_fails_the_checksum(zim_file, tmp_path, capsys):
    data = bytearray(zim_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    broken = tmp_path / "flipped.zim"
    broken.write_bytes(bytes(data))
    assert main(["kb", "--kb", str(tmp_path / "kb.sqlite"), "import", str(broken)]) == 1
    assert "is damaged: its content does not match its checksum" in capsys.readouterr().err


def test_garbage_after_zim_magic_is_a_clear_error(tmp_path):
    fake = tmp_path / "fake.zim"
    fake.write_bytes(b"ZIM\x04" + bytes(range(256)) * 8)
    layer = KBLayer(tmp_path / "kb.sqlite")
    with pytest.raises(ZimError):
        import_file(layer, fake)
    assert layer.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    layer.close()
