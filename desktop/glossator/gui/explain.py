"""The words of the hover card and the side panel, from an entity, a mention and an article.

No widgets here: one place decides what the reader is told about a mention, so
the card, the panel, the exports and the tests agree.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from glossator.core.export import said
from glossator.core.export.glossary import kind_words as label_words
from glossator.core.export.said import FIRST_MENTIONED
from glossator.core.export.said import IN_THIS_TEXT as IN_THIS_TEXT  # the panel's heading
from glossator.core.kb.leadtext import first_sentence
from glossator.core.kb.normalize import fold
from glossator.core.models import Article
from glossator.core.nlp.demonyms import looks_like_demonym
from glossator.core.nlp.mentions import is_acronym
from glossator.core.nlp.noun_classes import noun_classes
from glossator.core.nlp.ranker import is_guess as unsure  # the reader is warned of a guess
from glossator.core.nlp.types import Entity, Mention
from glossator.gui.docstate import DocState
from glossator.gui.hovercard import CardContent
from glossator.gui.spoilers import LATER, LATER_NOTE

NOT_IN_KB = "Not in your knowledge base yet."
# A NIL entity whose card names a "perhaps": the KB holds candidates, none likely enough,
# so "not in your knowledge base" would be false for the one it might be (an app tour:
# Valencia, Denver, Marie Curie).
NOT_SURE_IN_KB = "Not sure your knowledge base has it."


def hint_remedy(hint: str) -> str:
    """What would fetch a missing name, from the window's hint.

    "Not in your knowledge: attach a ZIM..." gives "attach a ZIM...".
    """
    return hint.split(": ", 1)[1] if ": " in hint else hint


def kind_words(entity: Entity) -> str:
    """"Person", "Place"... for an entity's label."""
    return label_words(entity.label)


def source_words(article: Article) -> str:
    """Where the text came from, in plain words.

    An attached Kiwix file's layer is "zim:<id>", a key: the reader is told the file
    ("zim:<file name>" is the article's source).
    """
    if article.layer.startswith("zim:"):
        name = article.source.removeprefix("zim:") if article.source.startswith("zim:") else ""
        return f"Wikipedia, via the Kiwix file {name}" if name \
            else "Wikipedia, via an attached Kiwix file"
    layer = {"starter": "the starter pack", "user": "your knowledge base"}.get(
        article.layer, article.layer)
    return f"Wikipedia, via {layer}"


def fetched_words(article: Article) -> str:
    """The date the summary was fetched (YYYY-MM-DD)."""
    return (article.fetched_at or "")[:10] or "unknown date"


def reference_note(mention: Mention, entity: Entity | None, *, trimmed: bool = False) -> str:
    """What a reference means, with the engine's reason when it gave one.

    ``trimmed``: the entity is shown as read so far (spoiler-safe reading), and the
    engine's reason may name it as the whole text does; plain words with the name so far.
    """
    if entity is None:
        return mention.why or f"\u201c{mention.text}\u201d: unclear what this refers to."
    if trimmed:
        return f"\u201c{mention.text}\u201d most likely means {entity.name}."
    return mention.why or f"\u201c{mention.text}\u201d most likely means {entity.name}."


def metonym_note(state: DocState, reference: Mention) -> str:
    """What a name stands for here: "Here it stands for the government of Russia: ..."."""
    meant_raw = state.entity_of(reference)
    meant = state.shown(meant_raw)
    note = reference_note(reference, meant, trimmed=meant is not meant_raw)
    own = f"'{reference.text}': "
    return f"Here it {note[len(own):]}" if note.startswith(own) else f"Here: {note}"


def later_card(mention: Mention) -> CardContent:
    """The card of a mention whose entity the text names only after where the reader is."""
    return CardContent(title=f"\u201c{mention.text}\u201d", description=LATER,
                       note=LATER_NOTE)


def link_words(state: DocState, entity: Entity) -> str:
    """What a link to the entity is called: its article's title, else its name.

    "Show Russia" for a reference to the country, whichever spelling ("Russian") the
    text used most. A guess keeps the name: the link never states it as a fact.
    """
    article = state.article_of(entity)
    return article.title if article is not None and not unsure(entity) else entity.name


def percent(p: float) -> str:
    """A probability in whole percent, rounded down: 0.795 is "79%", never "80%"."""
    return f"{int(p * 100)}%"


NIL_PERHAPS = 0.1  # the least probability a NIL entity's card names as "perhaps"


def doubt_note(entity: Entity, *, on_card: bool = True,
               article: Callable[[str], Article | None] | None = None) -> str:
    """The ranker's doubt in words: "Not sure (63%). Could also be: Y (20%)."."""
    # A candidate under 1% reads "(0%)": no alternative worth naming. Beside "not in the
    # KB" a long shot is no "perhaps": "Perhaps “Liverpool” (3%)" on the football club
    # read as the city's name a second time (a tour of the app).
    floor = 0.01 if entity.kb_title is not None else NIL_PERHAPS
    others = [f"\u201c{a.kb_title}\u201d ({_what(a.kb_title, entity, article)}"
              f"{percent(a.score)})" for a in entity.alternatives[:2] if a.score >= floor]
    if entity.kb_title is not None:
        note = f"Not sure ({percent(entity.confidence)})."
        if others:
            note += " Could also be: " + "; ".join(others) + "."
        # A click on the name opens the side panel, where another can be chosen.
        return note + (" Click the name for the others." if on_card and others else
                       " Click the name to choose another." if on_card else
                       " Use \u201cNot this? Choose another\u201d to pick another.")
    # "Too uncertain", not "not likely enough": under the link threshold a best guess may
    # still be over even odds ("Perhaps “Seville” (52%)", a tour of the app).
    if len(others) == 1:
        return f"Perhaps {others[0]}: too uncertain to show."
    if others:
        return f"Perhaps {'; '.join(others)}: each too uncertain to show."
    return ""


def named_perhaps(entity: Entity) -> list[str]:
    """The "perhaps" articles of a NIL entity's card whose title is its very name.

    The card describes them, so the worker sends their articles with the entity.
    """
    if entity.kb_title is not None:
        return []
    return [a.kb_title for a in entity.alternatives[:2] if a.score >= NIL_PERHAPS
            and a.kb_title.casefold() == entity.name.casefold()]


def _what(title: str, entity: Entity, article: Callable[[str], Article | None] | None
          ) -> str:
    """The KB's words for an article the name may be, when its title is the name.

    "Perhaps “Valencia” (34%)" on the name Valencia said the name again (a tour of the app).
    """
    if article is None or title not in named_perhaps(entity):
        return ""
    found = article(title)
    return f"{_mid_sentence(found.description)}, " if found is not None and \
        found.description else ""


def _mid_sentence(description: str) -> str:
    """A KB description as words inside a sentence: "municipality in Spain".

    "American singer", "NASA mission" and "Paris-based firm" keep their capitals.
    """
    first, _, rest = description.partition(" ")
    if first[1:].islower() and noun_classes(first.lower()) and not looks_like_demonym(first):
        return first[:1].lower() + first[1:] + (f" {rest}" if rest else "")
    return description


# ------------------------------------------------------------ what the text says


def said_words(entity: Entity | None) -> str:
    """What the text says, on one line: "Colonel · also written Saleh, Salih · “…”"."""
    return said.said_line(entity) if entity is not None else ""


def said_lines(entity: Entity | None) -> list[str]:
    """What the text says, one thing a line (the side panel)."""
    return said.said_lines(entity) if entity is not None else []


def first_mention_words(entity: Entity | None) -> str:
    """"First mentioned: “Colonel Ahmed Salih, the strongman of the south, said…”"."""
    quote = said.first_mention(entity) if entity is not None else ""
    return f"{FIRST_MENTIONED} {quote}" if quote else ""


# Forms of address that say nothing of who someone is: never a who's-who role alone
# (a book's who's-who said "Mr" under half its people; "Dr", "Colonel" and "Sir" stay).
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "m", "mme", "mlle"})


def role_words(entity: Entity, article: Article | None = None) -> str:
    """The who's-who's one-line role: what the text calls it, else the KB's description.

    A bare courtesy title ("Mr", "Ms.") is left out of the role.
    """
    kept = [d for d in entity.descriptors
            if d.kind != "title" or d.text.strip().rstrip(".").casefold() not in COURTESY_TITLES]
    if len(kept) != len(entity.descriptors):
        entity = dataclasses.replace(entity, descriptors=kept)
    description = article.description if article is not None else ""
    if description and unsure(entity):
        # The KB's words for a guessed article are a guess too: "perhaps Public university
        # in Paris, France", never stated as what the name is.
        description = f"perhaps {article.title}: {description}"
    return said.role_line(entity, description)


# A nickname quoted inside a name ('Abraham "Abe" Lincoln') is no other spelling of it.
_QUOTED = re.compile(r"\s*(?:\"[^\"]*\"|\u201c[^\u201d]*\u201d|``[^']*'')\s*")


def spelled_note(written: Iterable[str], article: Article) -> str:
    """“Spelled “Itally” in this text.”: how the text writes a name the article never does.

    A close spelling linked with confidence looked like the article's own name (a tour of
    the app); a name the article writes ("Basrah" in Basra's, "Russian" in Russia's) needs
    no word.
    """
    own = _plain(f"{article.title} {article.description} {article.extract}")
    place = article.etype in ("GPE", "LOC")
    odd = [w for w in dict.fromkeys(" ".join(x.split()) for x in written) if w
           # a people's adjective of its place ("German"), an abbreviation ("US"): no slip
           and not (place and looks_like_demonym(w)) and not is_acronym(w)
           and not re.search(rf"(?<!\w){re.escape(_plain(_QUOTED.sub(' ', w)))}(?!\w)", own)]
    if not odd:
        return ""
    return "Spelled " + ", ".join(f"\u201c{w}\u201d" for w in odd) + " in this text."


def _plain(text: str) -> str:
    """Text as compared for a spelling: folded ("São", "O’Brien"), one space, any case."""
    return " ".join(fold(text).split()).casefold()


def _in_first_sentence(entity: Entity, mention: Mention) -> bool:
    start = entity.first_sentence_start
    return 0 <= start <= mention.start < start + len(entity.first_sentence)


# ------------------------------------------------------------------ the card


def card_for(state: DocState, mention: Mention) -> CardContent:
    """The hover card of one mention."""
    raw = state.entity_of(mention)
    entity = state.shown(raw)  # as read so far, with spoiler-safe reading
    if raw is not None and entity is None:
        return later_card(mention)
    article = state.article_of(entity)
    note = ""
    if mention.kind == "reference":
        note = reference_note(mention, entity, trimmed=entity is not raw)
        if entity is None:
            return CardContent(title=f"\u201c{mention.text}\u201d",
                               description="Unclear reference", summary="", note=note,
                               footer="Click for details.")
    elif (meto := state.metonym_of(mention)) is not None:
        # "The Kremlin said": the word's own article, and what it stands for here.
        note = metonym_note(state, meto)
    line = said_words(entity)
    if mention.kind == "name" and article is not None:
        note = "\n".join(filter(None, (spelled_note([mention.text], article), note)))
    if unsure(entity) and article is not None:
        # A guess never looks like a fact: "Perhaps ...?", one sentence, the odds.
        return CardContent(title=f"Perhaps {article.title}?", description=article.description,
                           summary=first_sentence(article.extract),
                           note="\n".join(filter(None, (
                               doubt_note(entity, article=state.articles.get), note))),
                           said=line, footer=f"From Wikipedia \u00b7 {article.license}")
    if article is not None:
        return CardContent(title=article.title, description=article.description,
                           summary=article.extract, note=note, said=line,
                           footer=f"From Wikipedia \u00b7 {article.license}")
    name = entity.name if entity else mention.text
    kind = kind_words(entity) if entity else "Name"
    doubt = ""
    if entity is not None and mention.kind == "name":
        doubt = doubt_note(entity, article=state.articles.get)
        note = "\n".join(filter(None, (doubt, note)))
    # No article: what the text itself says is the card's content, with the sentence that
    # first names it (unless the reader is looking at that very sentence).
    quote = ""
    if entity is not None and not _in_first_sentence(entity, mention):
        quote = first_mention_words(entity)
    return CardContent(title=name, description=kind, note=note, said=line, quote=quote,
                       footer=f"{NOT_SURE_IN_KB if doubt else NOT_IN_KB} Click for options.")
