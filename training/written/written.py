"""Our own news-style texts with their names labelled, for the ranker (issue 11).

Each ``*.txt`` file here holds documents separated by a header line ``=== <id> <genre>``.
A labelled name is written in the text as ``[[surface|Title]]`` (the starter KB's article
the text means), ``[[surface]]`` (the surface is that title) or ``[[surface|NIL]]`` (the
text means someone or something the KB has no article for). Everything else is plain text.
No evaluation data is in here: these texts were written for Glossator (GPL-3.0-or-later, as
the project). They are loosely based on real events, with invented details and invented
private people: they teach how texts name things, they are no source of facts.
``reading-1.txt`` and ``reading-2.txt`` are 160 short texts of the kind a student reads
(history, literature, science, music and film, politics, wire news, philosophy,
business), written and labelled by a helper before the engine read them: the half of
each set of 160 whose errors were read while developing. The other halves were never
trained on; they measure (docs/engine.md, fifty-fifth session).

``python training/written/written.py [FILES]`` checks every file: the markup, the titles
against the starter KB, and shows what the KB offers for each NIL name (a good trap has a
namesake the ranker must refuse).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "desktop"))

from glossator.core.nlp.written import load  # noqa: E402


def check(paths: list[Path], kb_path: str) -> int:
    """Print problems and a summary; 1 when a title is not in the KB."""
    from glossator.core.kb import KnowledgeBase

    kb = KnowledgeBase.single(kb_path)
    bad = 0
    linked = nil = 0
    docs = load(paths)
    for doc in docs:
        for s, e, title in doc.names:
            surface = doc.text[s:e]
            if title is None:
                nil += 1
                offers = sorted({c.title for c in kb.lookup(surface)})[:5]
                if surface in offers or kb.article(surface) is not None:
                    # Most often a slip: the KB does have the article the text means.
                    print(f"{doc.id}: CHECK NIL {surface!r}: the KB has an article with "
                          f"exactly this title; is it really not what the text means?")
                else:
                    print(f"{doc.id}: NIL {surface!r}; the KB offers {offers or 'nothing'}")
            elif kb.article(title) is None:
                bad += 1
                print(f"{doc.id}: ERROR {title!r} (for {surface!r}) is not a KB title")
            else:
                linked += 1
    print(f"{len(docs)} documents, {linked} linked names, {nil} NIL names, "
          f"{bad} unknown titles")
    return 1 if bad else 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:] if not a.startswith("--kb=")]
    kb = next((a[5:] for a in sys.argv[1:] if a.startswith("--kb=")),
              str(HERE.parents[1] / "resources" / "kb" / "starter-en.sqlite"))
    raise SystemExit(check(args or sorted(HERE.glob("*.txt")), kb))
