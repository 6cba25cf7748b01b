"""A standalone HTML page of an annotated text: underlined names, notes, a glossary.

No scripts and no external files: the page opens anywhere and prints well. Each name is
underlined (solid when linked to the knowledge base, dashed when not, dotted for
references) with a tooltip; the glossary lists every entity with the summary's first
sentence and the Wikipedia attribution the licence asks for, and what the text itself says
about it (titles, roles, descriptions, other spellings; for a name the knowledge base
lacks, the sentence that first names it).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from glossator.core.export.glossary import kind_words, said_markdown
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Entity

_CSS = """
body{font:17px/1.6 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em} .text{white-space:pre-wrap}
a.m{color:inherit;text-decoration:underline 2px;text-underline-offset:3px}
a.m.linked{text-decoration-color:#2a6fdb} a.m.nil{text-decoration-style:dashed;
text-decoration-color:#888} a.m.ref{text-decoration-style:dotted;text-decoration-color:#c60}
a.m.unclear{text-decoration-color:#c00;text-decoration-style:wavy}
dl.glossary dt{font-weight:bold;margin-top:.8em} dl.glossary dd{margin-left:1.2em}
.small{font-size:.8em;color:#666} .said{display:block;margin-top:.2em}
"""


def annotation_html(ann: Annotation, *, title: str = "",
                    article: Callable[[str], Article | None] | None = None) -> str:
    """The page for ``ann``; ``article`` fetches KB summaries for the glossary."""
    ents = {e.id: e for e in ann.entities}
    parts = []
    pos = 0
    for m in sorted(ann.mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end > len(ann.text):
            continue  # overlapping mentions: the first wins
        parts.append(escape(ann.text[pos:m.start]))
        e = ents.get(m.entity or "")
        if m.kind == "reference":
            cls = "ref" if e is not None else "unclear"
        else:
            cls = "linked" if e is not None and e.kb_title else "nil"
        tip = m.why
        if e is not None:
            tip = f"{e.kb_title or e.name} - {m.why}"
        href = f' href="#{e.id}"' if e is not None else ""
        parts.append(f'<a class="m {cls}"{href} title="{escape(tip)}">'
                     f"{escape(ann.text[m.start:m.end])}</a>")
        pos = m.end
    parts.append(escape(ann.text[pos:]))
    glossary = "\n".join(_entry(e, article) for e in ann.entities)
    heading = f"<h1>{escape(title)}</h1>" if title else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title or 'Glossator')}</title><style>{_CSS}</style></head><body>"
        f"{heading}<div class=\"text\">{''.join(parts)}</div>"
        f"<h2>Glossary</h2><dl class=\"glossary\">{glossary}</dl>"
        "<p class=\"small\">Made with Glossator.</p></body></html>\n"
    )


def _entry(e: Entity, article: Callable[[str], Article | None] | None) -> str:
    art = article(e.kb_title) if article is not None and e.kb_title else None
    kind = kind_words(e.label)
    head = f'<dt id="{escape(e.id)}">{escape(e.name)} <span class="small">({escape(kind)})'
    head += "</span></dt>"
    said = "".join(f'<span class="said">{escape(line)}</span>'
                   for line in said_markdown(e, art is None))
    if art is None:
        note = ("Not in the knowledge base." if not e.kb_title
                else f"Wikipedia: {escape(e.kb_title)}")
        return f"{head}<dd>{note}{said}</dd>"
    first = art.extract.split(". ")[0].rstrip(".") + "." if art.extract else ""
    alts = ""
    if e.ambiguous and e.alternatives:
        alts = "<br><span class=\"small\">Could also be: " + ", ".join(
            escape(a.kb_title) for a in e.alternatives) + "</span>"
    return (f"{head}<dd><b>{escape(art.title)}</b>: {escape(art.description)}. "
            f"{escape(first)}{alts}{said}<br><span class=\"small\">"
            f"{escape(art.attribution)}</span></dd>")
