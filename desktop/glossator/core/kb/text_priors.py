"""Name priors from a layer's own text: how its summaries use a name several articles share.

Alias kinds give P(article | name) a shape (``derive.KIND_WEIGHT``): a title outweighs a
surname 1.0 to 0.3. For a name two articles share, that made a plain "London" the city at
0.77 beside Jack London's surname, "Berlin" 0.62 beside Irving and Isaiah Berlin, and
"North Korea" shared with a misread alias: a lone place's link fell under the line where
nothing else in the text vouched for it. REL's priors count how Wikipedia's links use a
name (``link_priors`` does that for an attached ZIM); a starter layer has no links, but its
summaries use the names: 55 of them write a plain "London", all for the city.

A summary's plain uses of a shared name (not inside a longer capitalised name, not opening
a sentence) count once, for one article, where one reading is plain:
- in an article's own summary, that article ("Berlin" in Irving Berlin's);
- in a summary that names one of them in full ("Irving Berlin ... Berlin"), that one;
- else the one whose title the name is, if it is a typed article (a place, a body, a
  person...): an untyped title's capitalised uses are mostly other names' ("Park" of
  Korean surnames, "the Sun" newspaper).
Other uses are read as no one's. The counts join the kind weights as ``PSEUDO`` uses
spread by kind, so a name used twice keeps most of its kind prior; each norm's priors keep
their sum, so other layers' names weigh as before.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick

from glossator.core.kb.derive import FUNCTION_WORDS
from glossator.core.kb.normalize import normalise

# Uses a kind prior is worth (as ``lookup.LINK_PSEUDO`` for links).
PSEUDO = 3.0
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")


@dataclass(frozen=True)
class _Row:
    alias_id: int
    article_id: int
    title: str
    kind: str
    prior: float
    typed: bool
    longer: str  # the fuller name the summaries write first ("Irving Berlin"), or ""


def _full_name(title: str) -> str:
    return re.sub(r"\s*\([^)]*\)$", "", title)


def _plain_uses(text: str, automaton: ahocorasick.Automaton) -> list[tuple[int, str]]:
    """(start, alias) of each shared alias standing alone in ``text``."""
    out = []
    for end, alias in automaton.iter(text):
        start = end - len(alias) + 1
        after = end + 1
        if (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’")) or (
                after < len(text) and (text[after].isalnum() or text[after] in "-")):
            continue  # inside a word
        before = text[:start].rstrip()
        if not before or before[-1] in ".!?:\"“(":
            continue  # a sentence's first word is capitalised whatever it is
        prev = before.split()[-1] if before.split() else ""
        if text[start - 1] == " " and _CAPITALISED.fullmatch(prev) and \
                prev.lower() not in FUNCTION_WORDS:
            continue  # part of a longer name ("Irving Berlin", "West Berlin"; not "In")
        rest = text[after:]
        nxt = rest.lstrip().split(maxsplit=1)[:1]
        if rest[:1] == " " and nxt and _CAPITALISED.match(nxt[0]):
            continue  # "Berlin Wall", "London Bridge"
        out.append((start, alias))
    return out


def text_priors(conn: sqlite3.Connection) -> int:
    """Rewrite the priors of this layer's shared names from its summaries; rows changed."""
    rows: dict[str, list[_Row]] = defaultdict(list)
    surfaces: dict[str, str] = {}
    for alias_id, article_id, title, alias, norm, kind, prior, etype in conn.execute(
            "SELECT x.id, x.article_id, a.title, x.alias, x.norm, x.kind, x.prior, a.etype "
            "FROM aliases x JOIN articles a ON a.id = x.article_id WHERE x.norm IN "
            "(SELECT norm FROM aliases GROUP BY norm HAVING count(*) > 1) AND x.kind != 'user'"):
        full = _full_name(title)
        rows[norm].append(_Row(alias_id, article_id, title, kind, prior,
                               etype not in ("OTHER", ""),
                               full if normalise(full) != norm else ""))
        surfaces.setdefault(alias, norm)
    rows = {n: r for n, r in rows.items() if len(r) > 1}
    if not rows:
        return 0
    automaton = ahocorasick.Automaton()
    for alias, norm in surfaces.items():
        if norm in rows and len(alias) >= 2:
            automaton.add_word(alias, alias)
    automaton.make_automaton()
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for article_id, extract in conn.execute("SELECT id, extract FROM articles"):
        # Once per summary: a summary that repeats its subject's name ("Amazon" in the
        # rainforest's own) says no more than one naming it once.
        read = set()
        for _start, alias in _plain_uses(extract or "", automaton):
            norm = surfaces[alias]
            cands = rows.get(norm)
            if cands and norm not in read:
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
    """The article a plain use of a shared name in this summary is read as, if one is plain."""
    for r in cands:
        if r.article_id == article_id:
            return r.article_id
    named = {r.article_id for r in cands if r.longer and r.longer in extract}
    if len(named) == 1:
        return named.pop()
    if named:
        return None
    own = [r for r in cands if r.kind in ("title", "redirect") and r.typed]
    return own[0].article_id if len(own) == 1 else None
