"""The linker reads p(article | name) from an attached ZIM's links (issue 14).

Two articles share the name "Mercury"; the knowledge base's alias priors cannot tell them
apart. Once the links are counted (the planet is linked as "Mercury" far more often), the
candidates' prior follows the links, and a name only the links give ("the Swift Planet")
finds its article.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glossator.core.kb import KnowledgeBase
from glossator.core.kb.lookup import ANCHOR_MIN_LINKS, LINK_PSEUDO
from tests.core.kb.test_link_priors import counted, indexed
from tests.core.kb.zimfixtures import write_zim

PLANET, ELEMENT = "Mercury (planet)", "Mercury (element)"


def _page(title: str, body: str = "") -> tuple[str, str]:
    return title, f"<p>{title} is a page of the prior tests. {body}</p>"


def pages(planet_links: int, element_links: int, nickname_links: int) -> dict:
    out = {
        "Mercury_(planet)": _page(PLANET, "The smallest planet, closest to the Sun."),
        "Mercury_(element)": _page(ELEMENT, "A chemical element, a liquid metal."),
    }
    for i in range(planet_links):
        out[f"Sky_{i}"] = _page(f"Sky {i}", '<a href="Mercury_(planet)">Mercury</a> rose.')
    for i in range(element_links):
        out[f"Lab_{i}"] = _page(f"Lab {i}", '<a href="Mercury_(element)">Mercury</a> spilt.')
    for i in range(nickname_links):
        out[f"Myth_{i}"] = _page(f"Myth {i}",
                                 '<a href="Mercury_(planet)">the Swift Planet</a> again.')
    return out


def _kb_with(tmp_path: Path, *, links: bool, nickname_links: int = ANCHOR_MIN_LINKS
             ) -> KnowledgeBase:
    tmp_path.mkdir(parents=True, exist_ok=True)
    zim = write_zim(tmp_path / "mercury.zim", pages=pages(12, 2, nickname_links),
                    redirects=[], name="wikipedia_en_mercury")
    user = tmp_path / "data" / "user-kb.sqlite"
    (counted if links else indexed)(zim, user)
    return KnowledgeBase.open(user, None)


def _priors(kb: KnowledgeBase, name: str) -> dict[str, float]:
    return {c.title: c.prior for c in kb.exact(name)}


def test_link_counts_set_the_candidates_prior(tmp_path):
    with _kb_with(tmp_path / "a", links=False) as kb:
        before = _priors(kb, "Mercury")
    assert before[PLANET] == pytest.approx(before[ELEMENT])
    with _kb_with(tmp_path / "b", links=True) as kb:
        after = _priors(kb, "Mercury")
        fuzzy = {c.title: c.prior for c in kb.candidates("Merkury")}
    # (links to it + LINK_PSEUDO * alias prior) / (links + LINK_PSEUDO)
    assert after[PLANET] == pytest.approx((12 + LINK_PSEUDO * before[PLANET]) / (14 + LINK_PSEUDO))
    assert after[ELEMENT] == pytest.approx((2 + LINK_PSEUDO * before[ELEMENT]) / (14 + LINK_PSEUDO))
    assert fuzzy[PLANET] == pytest.approx(after[PLANET])  # a misspelling: the alias's links


def test_a_name_only_links_use_joins_the_candidates(tmp_path):
    with _kb_with(tmp_path / "a", links=True) as kb:
        (found,) = kb.lookup("the swift planet")
        assert (found.title, found.kind, found.alias) == (PLANET, "redirect", "the swift planet")
        assert found.prior == pytest.approx(ANCHOR_MIN_LINKS / (ANCHOR_MIN_LINKS + LINK_PSEUDO))
        assert kb.candidates("the Swift Planet")[0].title == PLANET
        assert kb.exact("the Swift Planet") == []  # exact: a stored spelling, and links store none
    # Fewer links than ANCHOR_MIN_LINKS: a chance phrase, not a name of the article.
    with _kb_with(tmp_path / "b", links=True, nickname_links=ANCHOR_MIN_LINKS - 1) as kb:
        assert kb.lookup("the Swift Planet") == []


def test_the_linker_follows_the_links(tmp_path):
    from glossator.core.nlp.engine import Engine

    text = "Mercury was hard to see that evening."
    found = {}
    for links in (False, True):
        with _kb_with(tmp_path / f"{links}", links=links) as kb:
            (entity,) = [e for e in Engine(kb).annotate(text).entities
                         if e.name == "Mercury"]
            found[links] = entity
    # The planet's probability, linked or offered: the links raise it above every other
    # reading (whether it passes the link threshold is the shipped ranker's to say).
    def planet(entity) -> float:
        if entity.kb_title == PLANET:
            return entity.confidence
        return max((a.score for a in entity.alternatives if a.kb_title == PLANET),
                   default=0.0)

    assert planet(found[True]) > planet(found[False])
    top = found[True].kb_title or found[True].alternatives[0].kb_title
    assert top == PLANET


def test_priors_counted_while_the_kb_is_open_are_read_after_a_refresh(tmp_path, monkeypatch):
    from glossator.core.kb import zim_layer
    from glossator.core.kb.link_priors import LinkJob
    from glossator.core.kb.zim_attach import index_dir_for, list_attached

    monkeypatch.setattr(zim_layer, "LINKS_RECHECK", 3600.0)  # no recheck by the clock

    zim = write_zim(tmp_path / "mercury.zim", pages=pages(12, 2, 0), redirects=[],
                    name="wikipedia_en_mercury")
    user = tmp_path / "data" / "user-kb.sqlite"
    indexed(zim, user)
    with KnowledgeBase.open(user, None) as kb:
        before = _priors(kb, "Mercury")  # reads "no priors"
        (state,) = list_attached(index_dir_for(user))
        with LinkJob(state.index_path) as job:
            assert job.run().finished
        assert _priors(kb, "Mercury") == before
        kb.refresh_attached()  # as the app does when the pass ends
        assert _priors(kb, "Mercury")[PLANET] > before[PLANET]
