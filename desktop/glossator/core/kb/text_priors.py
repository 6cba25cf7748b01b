"""Name priors from a layer's own text: how its summaries use a name several articles share.

Alias kinds give P(article | name) a shape (``derive.KIND_WEIGHT``): a title outweighs a
surname 1.0 to 0.3. For a name two articles share, that made a plain "London" the city at
0.77 beside Jack London's surname, "Berlin" 0.62 beside Irving and Isaiah Berlin, and
"North Korea" shared with a misread alias: a lone place's link fell under the line where
nothing else in the text vouched for it. REL's priors count how Wikipedia's links use a
name (``link_priors`` does that for an attached ZIM); a starter layer has no links, but its
summaries use the names: 55 of them write a plain "London", all for the city.

A summary's plain uses of a shared name (not inside a longer name, "Irving Berlin",
"Berlin Wall", "Lee de Forest"; not a sentence's first word) count once, for one article,
where one reading is plain:
- in a summary that names one of them in full ("Irving Berlin ... Berlin"), that one;
- else the one whose title the name is, if it is a typed article (a place, a body, a
  person...): an untyped title's capitalised uses are mostly other names' ("Park" of
  Korean surnames, "the Sun" newspaper).
A summary of one of the articles is not read: how it names its own subject says nothing of
the name elsewhere. Other uses are read as no one's. The counts join the kind weights as
``PSEUDO`` uses spread by kind, so a name used twice keeps most of its kind prior; each
norm's priors keep their sum, so other layers' names weigh as before. Run once, on a layer
just built (a second run would count the kind weights twice).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick

from glossator.core.kb.derive import FUNCTION_WORDS, NAME_PARTICLES, strip_qualifier
from glossator.core.kb.normalize import normalise

# Uses a kind prior is worth (as ``lookup.LINK_PSEUDO`` for links).
PSEUDO = 3.0
# Lower-case words inside names: "Lee de Forest", "Isle of Man", "Pliny the Elder".
_JOINERS = NAME_PARTICLES | {"of", "the"}
# Before a sentence's or a quotation's first word, which is capitalised whatever it is.
_OPENERS = ".!?:\"“‘'("


@dataclass(frozen=True)
class _Row:
    alias_id: int
    article_id: int
    title: str
    kind: str
    prior: float
    typed: bool
    full: str  # the title without its bracketed qualifier ("Jin dynasty")
    longer: str  # the fuller name the summaries write first ("Irving Berlin"), or ""


def _full_name(title: str) -> str:
    """The title a text may write whole: its bracketed qualifier dropped, a comma's kept."""
    return strip_qualifier(title, comma=False)


def _capitalised(word: str) -> bool:
    """A word that may go on a name: capitalised, no comma or stop after it ("Paris,")."""
    return word[:1].isupper() and word[-1] not in ",;:.)"


def _stands_alone(text: str, start: int, end: int, opening: bool = False) -> bool:
    """Whether ``text[start:end]`` is a name of its own.

    Not inside a word, not inside a longer capitalised name ("Irving Berlin", "Berlin
    Wall", "Lee de Forest"), and, unless ``opening``, not a sentence's or a quotation's
    first word (capitalised whatever it is).
    """
    if (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’")) or (
            end < len(text) and (text[end].isalnum() or text[end] == "-")):
        return False
    before = text[:start].rstrip()
    if not before or before[-1] in _OPENERS:
        return opening and _ends_plainly(text, end)
    words = before.split()
    spaced = before != text[:start]
    if spaced and _capitalised(words[-1]) and words[-1].lower() not in FUNCTION_WORDS:
        return False  # "Irving Berlin", "West Berlin"; not "In Berlin"
    if spaced and words[-1] in _JOINERS and len(words) > 1 and _capitalised(words[-2]):
        return False  # "Lee de Forest", "Isle of Man"
    return _ends_plainly(text, end)


def _ends_plainly(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` goes on no further.

    It goes on in "London Bridge" and in "the Forest of Dean".
    """
    rest = text[end:]
    nxt = rest.split(maxsplit=2)[:2]
    return not (rest[:1].isspace() and nxt and (nxt[0][:1].isupper() or (
        nxt[0] in _JOINERS and len(nxt) > 1 and nxt[1][:1].isupper())))


def _plain_uses(text: str, automaton: ahocorasick.Automaton) -> list[tuple[int, str]]:
    """(start, alias) of each shared alias standing alone in ``text``."""
    out = []
    for end, alias in automaton.iter(text):
        start = end - len(alias) + 1
        if _stands_alone(text, start, end + 1):
            out.append((start, alias))
    return out


def _names(text: str, name: str) -> bool:
    """Whether ``text`` writes a full ``name`` as a name of its own, first words included.

    "Jin dynasty", not "the Later Jin dynasty".
    """
    at = text.find(name)
    while at >= 0:
        if _stands_alone(text, at, at + len(name), opening=True):
            return True
        at = text.find(name, at + 1)
    return False


def _inside(text: str, start: int, names: list[str]) -> bool:
    """Whether ``text[start]`` lies inside one of ``names`` written out there.

    "Congo" of "the Republic of the Congo", "Washington" of "Washington, D.C.": a
    candidate's full name is no plain use of the short one.
    """
    for name in names:
        at = text.find(name, max(0, start - len(name) + 1))
        while 0 <= at <= start:
            if start < at + len(name):
                return True
            at = text.find(name, at + 1)
    return False


def text_priors(conn: sqlite3.Connection) -> int:
    """Rewrite the priors of this layer's shared names from its summaries; rows changed."""
    rows: dict[str, list[_Row]] = defaultdict(list)
    surfaces: dict[str, str] = {}
    # A title's name without its qualifier is a full name only where no other title has
    # it: "Jin dynasty" is both Jin dynasties' ("(266–420)", "(1115–1234)").
    stripped: dict[str, int] = defaultdict(int)
    for (title,) in conn.execute("SELECT title FROM articles"):
        stripped[_full_name(title)] += 1
    for alias_id, article_id, title, alias, norm, kind, prior, etype in conn.execute(
            "SELECT x.id, x.article_id, a.title, x.alias, x.norm, x.kind, x.prior, a.etype "
            "FROM aliases x JOIN articles a ON a.id = x.article_id WHERE x.norm IN "
            "(SELECT norm FROM aliases GROUP BY norm HAVING count(*) > 1) AND x.kind != 'user'"):
        full = _full_name(title)
        rows[norm].append(_Row(alias_id, article_id, title, kind, prior,
                               etype not in ("OTHER", ""), full,
                               full if normalise(full) != norm and stripped[full] == 1
                               else ""))
        surfaces.setdefault(alias, norm)
    rows = {n: r for n, r in rows.items() if len(r) > 1}
    if not rows:
        return 0
    automaton = ahocorasick.Automaton()
    for alias, norm in surfaces.items():
        if norm in rows and len(alias) >= 2:
            automaton.add_word(alias, alias)
    if not len(automaton):
        return 0  # one-letter names only: nothing to read (an empty automaton cannot)
    automaton.make_automaton()
    # Each shared name's candidates' full names longer than it, looked for around a use.
    fuller = {norm: [r.full for r in cands if normalise(r.full) != norm]
              for norm, cands in rows.items()}
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for article_id, extract in conn.execute("SELECT id, extract FROM articles"):
        # Once per summary: a summary that repeats its subject's name ("Amazon" in the
        # rainforest's own) says no more than one naming it once.
        read = set()
        for start, alias in _plain_uses(extract or "", automaton):
            norm = surfaces[alias]
            cands = rows.get(norm)
            if cands and norm not in read and not _inside(extract, start, fuller[norm]):
                read.add(norm)
                owner = _reading(cands, article_id, extract)
                if owner is not None:
                    counts[norm][owner] += 1
    changed = []
    for norm, used in counts.items():
        cands = rows[norm]
        total_kind = sum(r.prior for r in cands)
        uses = sum(used.values())
        if not total_kind or not uses:
            continue
        for r in cands:
            share = (used.get(r.article_id, 0) + PSEUDO * r.prior / total_kind) / (uses + PSEUDO)
            changed.append((total_kind * share, r.alias_id))
    conn.executemany("UPDATE aliases SET prior = ? WHERE id = ?", changed)
    return len(changed)


def _reading(cands: list[_Row], article_id: int, extract: str) -> int | None:
    """The article a plain use of a shared name in this summary is read as, if one is plain.

    None in a summary of one of them: how a summary names its own subject says nothing of
    what the name means elsewhere (Lee de Forest's own "Forest" made him 0.42 of "forest").
    """
    if any(r.article_id == article_id for r in cands):
        return None
    named = {r.article_id for r in cands if r.longer and _names(extract, r.longer)}
    if len(named) == 1:
        return named.pop()
    if named:
        return None
    own = [r for r in cands if r.kind in ("title", "redirect") and r.typed]
    return own[0].article_id if len(own) == 1 else None
