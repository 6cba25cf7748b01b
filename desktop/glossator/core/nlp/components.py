"""The engine's per-chunk steps as spaCy pipeline components.

The engine adds them after the model's own components, so one ``nlp.pipe`` pass over the
chunks of a text leaves on every ``Doc``:

* ``doc._.glossator_names``: the names found in the chunk (``glossator_mentions``: NER,
  the KB gazetteer, acronyms defined in the text), offsets relative to the chunk;
* ``doc._.glossator_descriptors``: what the text says about each of them, by its character
  span (``glossator_descriptors``: titles, pre-modifiers, appositives, definitions);
* ``doc._.glossator_context``: each sentence's content words (``glossator_context``), for
  the linker's context similarity.

The steps that need the whole text (grouping, candidates, ranking, references) run over
these once every chunk is parsed (``engine.py``). A component that needs the knowledge
base (the gazetteer) gets it from the engine after ``add_pipe``; without one it finds
names by NER and acronyms only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from glossator.core.nlp.descriptors import Descriptor, describe
from glossator.core.nlp.mentions import NameMention, find_mentions
from glossator.core.nlp.ref_syntax import quoted_tokens

if TYPE_CHECKING:
    from glossator.core.kb.gazetteer import Gazetteer

# Registered once per process: spaCy extensions are global.
for _name, _default in (("glossator_breaks", frozenset()), ("glossator_names", None),
                        ("glossator_descriptors", None), ("glossator_context", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

COMPONENTS = ("glossator_mentions", "glossator_descriptors", "glossator_context")


class MentionFinder:
    """Finds the chunk's names; ``doc._.glossator_breaks`` are block starts no name crosses."""

    def __init__(self) -> None:
        self.gazetteer: Gazetteer | None = None

    def __call__(self, doc: Doc) -> Doc:
        doc._.glossator_names = find_mentions(doc, self.gazetteer,
                                              breaks=doc._.glossator_breaks)
        return doc


class DescriptorReader:
    """Reads what the text says about each name the mention finder found."""

    def __call__(self, doc: Doc) -> Doc:
        names: list[NameMention] = doc._.glossator_names or []
        found: dict[tuple[int, int], list[Descriptor]] = {}
        quoted = quoted_tokens(doc) if names else []
        for m in names:
            d = describe(doc, m.start, m.end, m.title, quoted)
            if d:
                found[(m.start, m.end)] = d
        doc._.glossator_descriptors = found
        return doc


class ContextWords:
    """The content words of each sentence (lower case, with lemmas), for context."""

    def __init__(self, stop_words: frozenset[str]) -> None:
        self.stop_words = stop_words

    def __call__(self, doc: Doc) -> Doc:
        out = []
        sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sents:
            words = set()
            for t in sent:
                if t.is_alpha and len(t) > 2:
                    low = t.lower_
                    if low not in self.stop_words:
                        words.add(low)
                        lemma = t.lemma_.lower()
                        if lemma and lemma != low and lemma not in self.stop_words:
                            words.add(lemma)
            out.append(frozenset(words))
        doc._.glossator_context = out
        return doc


@Language.factory("glossator_mentions", requires=["doc.ents", "token.pos", "token.dep"],
                  assigns=["doc._.glossator_names"])
def make_mention_finder(nlp: Language, name: str) -> MentionFinder:
    """The mention finder (its gazetteer is set by the engine)."""
    return MentionFinder()


@Language.factory("glossator_descriptors", requires=["doc._.glossator_names", "token.dep",
                                                     "token.pos", "token.lemma"],
                  assigns=["doc._.glossator_descriptors"])
def make_descriptor_reader(nlp: Language, name: str) -> DescriptorReader:
    """The descriptor reader."""
    return DescriptorReader()


@Language.factory("glossator_context", requires=["token.lemma"],
                  assigns=["doc._.glossator_context"])
def make_context_words(nlp: Language, name: str) -> ContextWords:
    """The context words of each sentence, without the language's stop words."""
    return ContextWords(frozenset(nlp.Defaults.stop_words))


def add_components(nlp: Language, gazetteer: Gazetteer | None) -> None:
    """Add the engine's components to ``nlp`` (once) and give the finder its gazetteer."""
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    nlp.get_pipe("glossator_mentions").gazetteer = gazetteer
