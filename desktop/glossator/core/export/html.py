"""A standalone HTML page of an annotated text: underlined names, notes, a glossary.

No scripts and no external files: the page opens anywhere and prints well. Each name is
underlined as the app underlines it (``style.py``: solid when linked to the knowledge base,
wavy when that link is a guess, dashed when not linked, dotted for references, in the
colour of its kind; a legend says so) with a tooltip in the hover card's words; the
glossary lists every entity with the summary's first sentence and the Wikipedia
attribution the licence asks for, and what the text itself says about it (titles, roles,
descriptions, other spellings; for a name the knowledge base lacks, the sentence that
first names it).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from glossator.core.export.glossary import group_of, kind_words, said_markdown
from glossator.core.export.style import mention_classes, underline_css
from glossator.core.models import Article
from glossator.core.nlp.ranker import is_guess
from glossator.core.nlp.types import Annotation, Entity

_CSS = """
body{font:17px/1.6 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em}
h1{font-size:1.5em} .text{white-space:pre-wrap}
dl.glossary dt{font-weight:bold;margin-top:.8em} dl.glossary dd{margin-left:1.2em}
.small{font-size:.8em} .said{display:block;margin-top:.2em}
.legend span{margin-right:1.2em}
"""


def annotation_html(ann: Annotation, *, title: str = "",
                    article: Callable[[str], Article | None] | None = None) -> str:
    """The page for ``ann``; ``article`` fetches KB summaries for the glossary."""
    ents = {e.id: e for e in ann.entities}
    described: dict[str, str] = {}  # title -> the article's short description
    parts = []
    pos = 0
    for m in sorted(ann.mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end > len(ann.text):
            continue  # overlapping mentions: the first wins
        parts.append(escape(ann.text[pos:m.start]))
        e = ents.get(m.entity or "")
        cls = mention_classes(m.kind, group_of(e.label) if e is not None else None,
                              e is not None and bool(e.kb_title), is_guess(e))
        tip = _tooltip(m.kind, e, article, described)
        href = f' href="#{e.id}"' if e is not None else ""
        parts.append(f'<a class="m {cls}"{href} title="{escape(tip)}">'
                     f"{escape(ann.text[m.start:m.end])}</a>")
        pos = m.end
    parts.append(escape(ann.text[pos:]))
    glossary = "\n".join(_entry(e, article) for e in ann.entities)
    heading = f"<h1>{escape(title)}</h1>" if title else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title or 'Glossator')}</title><style>{_CSS}{underline_css()}"
        "</style></head><body>"
        f"{heading}{_LEGEND}<div class=\"text\">{''.join(parts)}</div>"
        f"<h2>Glossary</h2><dl class=\"glossary\">{glossary}</dl>"
        "<p class=\"small\">Made with Glossator.</p></body></html>\n"
    )


# The legend, as the app's (gui/underlines.py): line style first, colour second.
_LEGEND = (
    '<p class="small legend"><span><a class="m linked person">solid</a>: explained by the '
    'knowledge base</span><span><a class="m guess person">wavy</a>: a guess ("Perhaps")'
    '</span><span><a class="m nil person">dashed</a>: not in it</span><span>'
    '<a class="m ref person">dotted</a>: a reference ("she", "the company")</span><span>'
    'colours: <a class="m linked person">people</a>, <a class="m linked place">places</a>, '
    '<a class="m linked org">organisations</a>, <a class="m linked other">other</a></span>'
    '</p>')


def _tooltip(kind: str, e: Entity | None,
             article: Callable[[str], Article | None] | None, described: dict[str, str]
             ) -> str:
    """What the app's hover card says first, in one line (no engine terms)."""
    if e is None:
        return "Unclear reference: the text does not say who or what"
    if e.kb_title:
        if e.kb_title not in described:
            art = article(e.kb_title) if article is not None else None
            described[e.kb_title] = art.description if art is not None else ""
        desc = described[e.kb_title]
        what = f"{e.kb_title}: {desc}" if desc else e.kb_title
        sure = "Perhaps " if is_guess(e) else ""
        line = f"{sure}{what}"
    else:
        said = said_markdown(e, False)
        line = f"{e.name}: not in your knowledge base" + (f" ({said[0]})" if said else "")
    return f"Refers to {line}" if kind == "reference" else line


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
