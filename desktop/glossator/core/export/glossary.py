"""A Markdown glossary of an annotated text: its entities, grouped, with attribution.

People, places, organisations, then everything else; within a group the most
mentioned first. Each entry gives the article's short description and summary
and a link to it, and what the text itself says about the name (its titles, roles,
descriptions, other spellings and, for a name the knowledge base lacks, the sentence that
first names it); an "Attribution" section at the end credits every Wikipedia
article quoted, as CC BY-SA 4.0 requires.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from glossator.core.export.said import FIRST_MENTIONED, IN_THIS_TEXT, first_mention, said_line
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Entity

GROUPS = ("person", "place", "org", "other")
GROUP_TITLES = {"person": "People", "place": "Places", "org": "Organisations", "other": "Other"}
_GROUP_OF_LABEL = {
    "PERSON": "person",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "ORG": "org",  # NORP (nationalities, families, parties) reads as "Other"
}
LABEL_WORDS = {
    "PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "building or place",
    "ORG": "organisation", "NORP": "group of people", "EVENT": "event",
    "WORK_OF_ART": "work", "PRODUCT": "product", "LAW": "law", "LANGUAGE": "language",
}


def group_of(label: str) -> str:
    """person, place, org or other, for an entity label (PERSON, GPE, ORG...)."""
    return _GROUP_OF_LABEL.get(label.upper(), "other")


def kind_words(label: str) -> str:
    """"Person", "Place"... for an entity label."""
    return LABEL_WORDS.get(label.upper(), "name").capitalize()


def grouped_entities(ann: Annotation) -> dict[str, list[tuple[Entity, int]]]:
    """Entities by group with their number of mentions, most mentioned first."""
    counts = Counter(m.entity for m in ann.mentions if m.entity)
    out: dict[str, list[tuple[Entity, int]]] = {g: [] for g in GROUPS}
    for e in ann.entities:
        if counts[e.id]:
            out[group_of(e.label)].append((e, counts[e.id]))
    for rows in out.values():
        rows.sort(key=lambda r: (-r[1], r[0].name.casefold()))
    return out


def glossary_markdown(ann: Annotation, *, title: str = "", source: str = "",
                      article: Callable[[str], Article | None] | None = None) -> str:
    """The glossary; ``article`` fetches the knowledge base summary of a title."""
    lines = [f"# Glossary: {title or 'Document'}", ""]
    if source:
        lines += [f"Source: {source}", ""]
    credits: list[str] = []
    for group, rows in grouped_entities(ann).items():
        if not rows:
            continue
        lines += [f"## {GROUP_TITLES[group]}", ""]
        for entity, count in rows:
            art = article(entity.kb_title) if article and entity.kb_title else None
            mentions = f"{count} mention{'s' if count != 1 else ''}"
            name = md_escape(entity.name)
            if art is not None:
                desc = f" \u2014 *{md_escape(art.description)}*" if art.description else ""
                lines.append(f"- **{name}**{desc} ({mentions})")
                if art.extract:
                    lines.append(f"  {md_escape(' '.join(art.extract.split()))}")
                lines.append(f"  [{md_escape(art.title)}]({art.page_url.replace(')', '%29')})")
                credits.append(f"- {art.attribution}")
            else:
                note = "not in the knowledge base" if not entity.kb_title else entity.kb_title
                lines.append(f"- **{name}** \u2014 {kind_words(entity.label)}, {note} "
                             f"({mentions})")
            lines += [f"  {md_escape(line)}" for line in said_markdown(entity, art is None)]
        lines.append("")
    if len(lines) <= 4:
        lines += ["No names were found.", ""]
    if credits:
        lines += ["## Attribution", "",
                  "Summaries are text from Wikipedia, by Wikipedia's contributors, under "
                  "CC BY-SA 4.0.", "", *credits, ""]
    return "\n".join(lines)


def said_markdown(entity: Entity, first: bool) -> list[str]:
    """"In this text: …" and, when ``first``, "First mentioned: “…”" (plain text)."""
    out = []
    line = said_line(entity)
    if line:
        out.append(f"{IN_THIS_TEXT}: {line}")
    quote = first_mention(entity) if first else ""
    if quote:
        out.append(f"{FIRST_MENTIONED} {quote}")
    return out


def md_escape(text: str) -> str:
    """Text with Markdown's emphasis and link characters escaped."""
    for ch in ("\\", "*", "_", "[", "]", "`"):
        text = text.replace(ch, "\\" + ch)
    return text
