"""Trap names: a famous title on the page, something else in the text's own words.

``traps.json`` holds short news texts, each with one name that equals (or nearly equals)
a famous article of the starter KB while its descriptor says it is something else
("carmaker Tesla", "the British tabloid The Mirror", "Paris, Texas"). ``ok`` lists the
acceptable links: ``null`` (not in the KB) and, when the KB has it, the right article.
Controls name the famous article itself ("the physicist Albert Einstein") and accept
only that title. Each entry is one test; the texts are never edited to fit the linker.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

TRAPS = json.loads((Path(__file__).with_name("traps.json")).read_text(encoding="utf-8"))
# The kinds of trap and the fewest of each the file must keep.
RULES_MISSES = """
t01 t02 t03 t04 t05 t06 t10 t14 t22 t26 t28 t29 t30 t31 t32 t34 t36 t37 t38 t39 t41 t43 t44
t45 t46 t48 t49 t50 t51 t52 t53 t54 t56 t57 t58 t59 t60 t61 t62 t64 t65 t66 t67 t68 t69 t70
t71 t72 t73 t74 t78 t80 t82 t84 t85 t86 t88 t90
"""
KINDS = {"person": 12, "company": 8, "work": 8, "place": 8, "spelling": 6, "vessel": 4}


@pytest.fixture(scope="module")
def engines(engine, starter_kb):
    """The session's engine (the default scorer) and one with the learned ranker."""
    from glossator.core.nlp.engine import Engine

    learned = Engine(starter_kb, scorer="learned")
    return {engine.linker.scorer: engine, "learned": learned}


@pytest.fixture(scope="module")
def annotate(engines):
    """Each text annotated once per scorer (two traps may share a text)."""
    done: dict[tuple[str, str], object] = {}

    def run(scorer: str, text: str):
        if (scorer, text) not in done:
            done[scorer, text] = engines[scorer].annotate(text)
        return done[scorer, text]

    return run


def linked_titles(ann, start: int, end: int) -> list[str | None]:
    """KB titles of the entities whose name mentions overlap [start, end); [None] if none."""
    titles = []
    for m in ann.mentions:
        if m.kind == "name" and m.start < end and start < m.end:
            entity = ann.entity(m.entity) if m.entity else None
            titles.append(entity.kb_title if entity else None)
    return titles or [None]


def test_the_file_is_sound(starter_kb):
    traps = [e for e in TRAPS if not e.get("control")]
    controls = [e for e in TRAPS if e.get("control")]
    assert len(traps) >= 40 and len(controls) >= 8
    ids = [e["id"] for e in TRAPS]
    assert len(ids) == len(set(ids))
    kinds = Counter(e["kind"] for e in traps)
    assert all(kinds[k] >= n for k, n in KINDS.items()), kinds
    missing = set()
    for e in TRAPS:
        name, start = e["name"], e["start"]
        assert e["text"][start:start + len(name)] == name, e["id"]
        assert e["ok"], e["id"]
        if e.get("control"):
            assert len(e["ok"]) == 1 and e["ok"][0] is not None, e["id"]
        else:
            assert None in e["ok"] and e["trap"], e["id"]
        titles = [t for t in e["ok"] if t is not None] + ([e["trap"]] if "trap" in e else [])
        missing |= {t for t in titles if not starter_kb.contains(t)}
    assert not missing, sorted(missing)


# Entries each scorer still gets wrong, measured 2026-11-30 (issue 11 is open; the learned
# set after the fifth session's retraining). Strict: an
# entry that starts passing fails here until it leaves its set.
# t54, t90 (2026-12-01): caught only while a possessor counted as glue ("Ridley Scott's
# Napoleon", "Rome's Leonardo da Vinci airport"), which also made "France's Emmanuel
# Macron" part of a longer name; the possessor is no longer glue. t45 passes since the
# retraining with the dateline and plural fixes; t14, t28 and t40 since the retraining
# after the review's fixes (an age before an appositive, a KB person type only when the
# text backs it, -ies plurals). The ninth session's retraining (a misspelled name is
# hidden as often as kept in the generated data) gets t18 and t19 and misses t40, t45, t86.
KNOWN_MISSES = {
    "learned": frozenset("""
t01 t06 t07 t12 t16 t20 t30 t31 t38 t39 t40 t42 t44 t45 t54 t56 t59 t61 t63
t66 t71 t72 t78 t83 t84 t86 t88 t90 c08
""".split()),
    "rules": frozenset(RULES_MISSES.split()),
}


def _params():
    for scorer in ("rules", "learned"):
        for e in TRAPS:
            marks = [pytest.mark.xfail(strict=True, reason=f"issue 11: the {scorer} scorer "
                                                           "still gets it wrong")] \
                if e["id"] in KNOWN_MISSES[scorer] else []
            yield pytest.param(scorer, e, id=f"{scorer}-{e['id']}", marks=marks)


@pytest.mark.parametrize("scorer, entry", list(_params()))
def test_trap(annotate, scorer, entry):
    ann = annotate(scorer, entry["text"])
    start = entry["start"]
    titles = linked_titles(ann, start, start + len(entry["name"]))
    assert all(t in entry["ok"] for t in titles), (
        f"{entry['name']!r} linked to {titles}; acceptable: {entry['ok']}"
        + (f" (the trap is {entry['trap']!r})" if "trap" in entry else ""))
