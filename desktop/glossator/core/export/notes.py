"""The reader's notes on a document as Markdown: names they know, links they chose.

"Export notes" writes what the reader did while reading (``gui``: "I know this", "Not
this? Choose another"), then the names the knowledge base does not explain with what the
text says about them, so a student keeps their own glossary of the hard part. The app
passes what it knows of the reader; this module only words it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from glossator.core.export.glossary import kind_words, md_escape, said_markdown
from glossator.core.nlp.types import Annotation, Entity


def notes_markdown(ann: Annotation, *, title: str = "", source: str = "",
                   known: Callable[[Entity], bool] = lambda e: False,
                   chosen: Mapping[str, str] | None = None) -> str:
    """The reader's notes on ``ann``.

    ``known`` says which entities the reader marked as known; ``chosen`` maps an entity id
    to the article the reader chose for it.
    """
    chosen = chosen or {}
    uses: dict[str, int] = {}
    for m in ann.mentions:
        if m.kind == "name" and m.entity:
            uses[m.entity] = uses.get(m.entity, 0) + 1
    named = [e for e in ann.entities if e.id in uses]
    lines = [f"# Notes: {md_escape(title or 'Document')}", ""]
    if source:
        lines += [f"Source: {md_escape(source)}", ""]
    cov = ann.coverage()
    lines += [f"{cov.sentence()}.", ""]

    picked = [e for e in named if e.id in chosen]
    if picked:
        lines += ["## Links I chose", ""]
        lines += [f"- **{md_escape(e.name)}** is {md_escape(chosen[e.id])}" for e in picked]
        lines.append("")
    mine = [e for e in named if known(e)]
    if mine:
        lines += ["## Names I know", ""]
        lines += [f"- {md_escape(e.name)}" + (f" ({md_escape(e.kb_title)})" if e.kb_title and
                                        e.kb_title != e.name else "") for e in mine]
        lines.append("")
    missing = sorted((e for e in named if not e.kb_title and not known(e)),
                     key=lambda e: -uses[e.id])
    if missing:
        lines += ["## Not in my knowledge base", ""]
        for e in missing:
            n = uses[e.id]
            lines.append(f"- **{md_escape(e.name)}** \u2014 {kind_words(e.label)}, "
                         f"{n} mention{'s' if n != 1 else ''}")
            lines += [f"  {md_escape(line)}" for line in said_markdown(e, True)]
        lines.append("")
    if not (picked or mine or missing):
        lines += ["No notes yet: nothing marked as known, no link chosen, and the knowledge "
                  "base explains every name.", ""]
    return "\n".join(lines)
