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
KINDS = {"person": 12, "company": 8, "work": 8, "place": 8, "spelling": 6, "vessel": 4}


@pytest.fixture(scope="module")
def annotate(engine):
    """Each text annotated once (two traps may share a text)."""
    done: dict[str, object] = {}

    def run(text: str):
        if text not in done:
            done[text] = engine.annotate(text)
        return done[text]

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


# Entries the ranker still gets wrong (issue 11 is open). Strict: an entry that starts
# passing fails here until it leaves the set. History: t54, t90 (2026-12-01) were caught
# only while a possessor counted as glue ("Ridley Scott's Napoleon", "Rome's Leonardo da
# Vinci airport"); the ninth session's retraining gets t18 and t19 and misses t40, t45,
# t86. The tenth session's (over the slip bound, the in-name labels, news-style renames,
# rivals' inbound support, the far-spelling feature, a shared surname standing alone and
# non-negative string evidence) gets t44, t56, t63, t86 and misses t17 (a famous surname
# after another first name) and the control c02. The sixteenth's (a team read from its
# result, a gender the text says, France typed as a country) gets t16, t38, t39, t42,
# t53 and t86; the seventeenth's (an age that no longer counts as describing the name,
# taught from twice the age rewrites; places located as their articles locate them) gets
# t01 and misses t42 ("Time magazine", 0.51). The hand-weighted scorer, deleted in the
# tenth session, missed 58 of the 98 traps. The eighteenth session added t99-t104 (a
# head that names another type of thing: a river, a film, a racehorse, a ship), written
# before they were run: the river Niger (no descriptor read in that parse), the racehorse
# Napoleon and the river Turia (Turin 0.51 beside Valencia, its type clash weighing -0.52)
# missed. With a head of another type no fit for being in the extract (the same
# session's retraining), t104 and t42 pass. The nineteenth's (the topic's support for a
# one-word name with one namesake, "Kennedy" of "Robert F. Kennedy Jr.") gets t40. The
# twenty-sixth's retraining (not shipped) got t78 by its calibration map alone:
# "Salahuddin province" scores 0.54 before the map either way (docs/engine.md). The
# twenty-seventh's (training data cleaned of plain names labelled by a longer one, world
# given names) gets t78 and is shipped. The thirty-sixth's (a name that acts in the
# writer's week is a living bearer's: "Collins said on Monday"; "the river Niger", "the
# planet Mars" read in a broken parse; a neighbour's unlikely guess no topic) gets t06,
# t30, t84, t100, t102, c02 and c08, and misses t03 ("Charles Darwin, a 31-year-old
# plumber", 0.59 -> 0.62), t62 ("the northern Lebanese city of Tripoli", 0.57 -> 0.60) and
# t80 ("France's aircraft carrier Charles de Gaulle", 0.59 -> 0.62): names on the line.
# The thirty-eighth's (two words that are one noun, "aircraft carrier"; an age written
# into what the text calls the name, "a 31-year-old plumber") gets t03 and t80.
# The thirty-ninth's (where the world's towns are: "Athens, Georgia" is the American
# state; a town of the name where the text puts it, as a feature) gets t59 and t62; t78
# ("Salahuddin province", on the line) went to Saladin at 0.61-0.62 with two of its five
# trainings and is NIL with the shipped one. t109 (a list like the text that showed the
# fault), t110 and c13 were written with it; t111 (Georgia by a town it does not precede)
# with the reading by the text's other towns, after our texts showed the case.
# The fortieth's (a name's sentences in the KB's topic space) loses t62 again: gunmen and
# the army are as near the Libyan capital's summary, of its civil wars, as a Lebanese
# city's would be (Tripoli, Libya 0.55 -> 0.66; the text's "Lebanese" weighs -0.49).
# The forty-third's (a public place named for someone, written after the name, as a
# division is: "Leonardo da Vinci airport") gets t90 with the same weights.
# The forty-fourth's (a town located in the training texts as news frames it, "the
# northern Lebanese city of X", so the place's own clash weighs apart from the comma's
# explanation) gets t62 again (Tripoli, Libya 0.67 -> 0.52, NIL).
# The forty-fifth's t112-t115 were written after its own news texts showed the faults
# (capitals as an acronym, a sports report without a score, what only a company has):
# t112 (ISIS as Isis, 0.77) and t114 (Ford the carmaker as Henry Ford, 0.86) failed
# before its changes; t113 and t115 passed already.
# The forty-sixth's (training names written as their acronyms, "UK", "US", and 15% as
# another article's acronym) gets the control c15 ("the WHO", NIL at 0.53 before; 0.66)
# and t116 (a cricket report's "ICC", the criminal court at 0.77 with 5%), and misses the
# control c14, written with them: a lone "US forces" beside Kabul is NIL at 0.43 (0.65
# before), as the acronyms no other name of the text vouches for are. t117 ("BP shares
# fell", Blood pressure at 0.79 with the acronyms learned) passes since a concept's
# acronym is not read as one (``kind_acronym`` for typed articles only).
# The fiftieth's t118 (a band's album, "Boston's debut album": the city at 0.90) was
# written after a tour of new texts showed the fault, and passes with its changes.
# The fifty-first's t119-t121 (a rank before a place's name: "Captain America", "Emperor
# Constantine", "Miss France") failed before its changes (the United States 0.85,
# Constantine, Algeria 0.84, France 0.98); t122 ("Queen Isabella in 1326", no Isabella
# I of Castile) was written after GAP dev showed a first form of ``candidates.ruler``
# linking the one queen of the name at 0.92.
# The fifty-second's control c16 ("born in Vienna, the son of a wool merchant": Vienna NIL
# at 0.99, the son read as the city's appositive) failed before its changes, as did t123
# (a quoted nickname inside a name, "Abraham ``Abe'' Dumanis": the patriarch at 0.66),
# t124 (a namesake's years: "Isaac Newton (born 1988)" at 0.85). t125-t127 guard what
# passed before as written: "Charles Darwin (1880–1962)" (0.59 "perhaps", now 0.10), an
# American rower named Ernest Hemingway (0.88 without "on Sunday") and two characters whose
# NIL guesses vouched for each other ("Kennedy ... a veteran named Nixon": both linked at
# 0.86 with a retrain that put the calibration map's plateau above the guesses' floor).
# The fifty-third's t128 ("raised by Moses and Susan Carver":
# the patriarch at 0.68) failed before its changes; t129 ("racing for Ferrari") passed
# before as written (NIL at 0.85; 0.99 with a side read from "for").
# The fifty-fourth's "shares in" (British news's "Shares in Hermès rose") gets t31 (the
# god at 0.81 before); the control c20 ("Shares in Tokyo fell", 0.77 before) guards the
# market the same words name.
# The sixtieth's ranker, the average of four draws (a single draw had put names at the
# line on either side by luck), misses the control c19: "born in Bombay in 1947" is
# Mumbai at 0.57, a "perhaps" (0.54 to 0.60 for four-draw averages of the same code,
# 0.71 with the single draw shipped before).
# The sixty-second's (a third of the training's described names read with nothing else of
# the text vouching for them; an introduction, "a veteran named Nixon", read as a
# stranger's) gets c14 (US forces, 0.60) and c19 (Bombay, 0.62) and misses t116 again:
# the cricket report's lone "ICC" is the criminal court at 0.60, a "perhaps" (0.54-0.56
# with the ranker before and the same training without introductions). c14 and t116 are
# both lone acronyms nothing in the text vouches for, at the calibration map's line.
# t127 (Kennedy and "a veteran named Nixon") no longer rests on the guess floor: Nixon's
# guess is 0.28, over it, and John F. Kennedy is 0.24 (0.92 without introductions read).
# The sixty-third's (the words put before a name take the place of the text's "the", for
# descriptions and ages too) passes and misses the same ones (ICC at 0.61).
KNOWN_MISSES = frozenset("""
t54 t116
""".split())


def _params():
    for e in TRAPS:
        marks = [pytest.mark.xfail(strict=True, reason="issue 11: the ranker still gets it "
                                                       "wrong")] \
            if e["id"] in KNOWN_MISSES else []
        yield pytest.param(e, id=e["id"], marks=marks)


@pytest.mark.parametrize("entry", list(_params()))
def test_trap(annotate, entry):
    ann = annotate(entry["text"])
    start = entry["start"]
    titles = linked_titles(ann, start, start + len(entry["name"]))
    assert all(t in entry["ok"] for t in titles), (
        f"{entry['name']!r} linked to {titles}; acceptable: {entry['ok']}"
        + (f" (the trap is {entry['trap']!r})" if "trap" in entry else ""))
