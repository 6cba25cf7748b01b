"""The model's attribute ruler and lemmatizer, answered from what they already decided.

In ``en_core_web_sm`` the two rule-based components cost about as much as the parser
(each about 13% of spaCy's time over a book), nearly all of it Python work per token: the
ruler runs a ``Matcher`` of 179 patterns over every token and sets each match's attributes
through a ``Span``; the lemmatizer makes a ``Token`` for every token and lemmatizes it
again whenever its word is in its base form (spaCy caches only the other results).

Both decisions depend on a few of the token's own values, so they are looked up:

* the ruler's one-token patterns read only a token's tag, lower-case form, dependency
  label and whether it is a space. Tokens alike in those (a lower-case form no pattern
  names and no pattern's regular expression matches counts as one value) match the same
  patterns; the ruler's own ``Matcher`` decides once, on the first such token, which.
  Patterns over several tokens, or with anything else, still run through a ``Matcher``
  of their own. The attributes are then set in the ruler's order (a later pattern wins)
  on the token arrays at once.
* the lemmatizer's result depends only on the token's text, part of speech and
  morphology (its own cache key); the stock component is asked once per such triple.

Same results, token for token (``tests/core/nlp/test_cached_pipes.py`` compares every
attribute with the stock components on texts that exercise each kind of pattern). Any
pattern or setting these lookups do not cover leaves the stock component in place.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

# What a one-token pattern may read to be looked up, and what a pattern may set.
_READS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
_SETS = (TAG, POS, MORPH, LEMMA, DEP)
# Past this many entries a table starts again (a long session reading many books): the
# lemmas (about 10 MB full) and the lower-case forms no pattern names.
MAX_LEMMAS = 50_000
MAX_FORMS = 50_000


def _lookup_value(value: Any, regex_ok: bool) -> bool:
    """Whether a pattern's value for one attribute is one the lookup understands."""
    if isinstance(value, (str, bool)):
        return True
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (op, arg), = value.items()
    if op in ("IN", "NOT_IN"):
        return isinstance(arg, list) and all(isinstance(v, str) for v in arg)
    return op == "REGEX" and regex_ok and isinstance(arg, str)


def _one_token(pattern: list[dict]) -> bool:
    """A pattern of one token whose match depends on its tag, form, label and space only."""
    return len(pattern) == 1 and set(pattern[0]) <= _READS and all(
        _lookup_value(v, k == "LOWER") for k, v in pattern[0].items())


class CachedAttributeRuler:
    """The stock ``AttributeRuler``'s decisions, made once per kind of token.

    One thread at a time: the engine's worker owns the pipeline (a new kind is numbered
    before its row is filled in).
    """

    @staticmethod
    def covers(ruler: AttributeRuler) -> bool:
        """Whether every pattern of ``ruler`` sets only what the lookup writes."""
        return not any(set(a) - set(_SETS) for a in ruler.attrs)

    def adopt(self, ruler: AttributeRuler) -> None:
        """Take over ``ruler``'s patterns."""
        vocab = ruler.vocab
        self.attrs: list[dict[int, int]] = list(ruler.attrs)
        self.targets: list[int] = list(ruler.indices)
        # One-token patterns, looked up per kind of token; patterns over a fixed number of
        # tokens, matched only from the tokens their first token's pattern matches (looked
        # up the same way); any other pattern, matched over the whole text.
        self.single, self.starts = Matcher(vocab), Matcher(vocab)
        self.anchored, self.whole = Matcher(vocab), Matcher(vocab)
        self.index_of: dict[int, int] = {}
        self.span = 1  # the longest anchored pattern
        self.n_anchored = self.n_whole = 0
        self.named: set[int] = set()  # lower-case forms a looked-up token pattern names
        regexes: list[str] = []

        def read(tok: dict) -> None:
            low = tok.get("LOWER")
            if isinstance(low, str):
                self.named.add(vocab.strings.add(low))
            elif isinstance(low, dict):
                (op, arg), = low.items()
                if op == "REGEX":
                    regexes.append(arg)
                else:
                    self.named.update(vocab.strings.add(v) for v in arg)

        for i, p in enumerate(ruler.patterns):
            key = vocab.strings.add(f"glossator_ruler_{i}")
            self.index_of[key] = i
            pats = p["patterns"]
            if all(_one_token(pat) for pat in pats) and p["index"] in (0, -1):
                self.single.add(key, pats)
                for pat in pats:
                    read(pat[0])
            elif all(pat and _one_token(pat[:1]) and not any("OP" in t for t in pat)
                     for pat in pats):
                self.anchored.add(key, pats)
                self.starts.add(key, [pat[:1] for pat in pats])
                self.span = max(self.span, *(len(pat) for pat in pats))
                self.n_anchored += 1
                for pat in pats:
                    read(pat[0])
            else:
                self.whole.add(key, pats)
                self.n_whole += 1
        self.regexes = [re.compile(r) for r in dict.fromkeys(regexes)]
        self.form_class: dict[int, Any] = {}
        # Kinds of token, numbered: the one-token patterns each matches, whether a longer
        # pattern may start on it, and what its patterns set (the value per attribute of
        # _SETS and whether it is set), merged in order.
        self.kinds: dict[tuple, int] = {}
        self.found: list[list[int]] = []
        self.opens: list[bool] = []
        self.values: list[list[int]] = []
        self.sets: list[list[bool]] = []
        self._rows: tuple[np.ndarray, np.ndarray] | None = None

    def _form(self, lower: int, vocab) -> tuple[int, ...]:
        """A form no pattern names, as the patterns see it: which regexes match it."""
        if len(self.form_class) > MAX_FORMS:
            self.form_class.clear()
        text = vocab.strings[lower] if lower else ""
        cls = self.form_class[lower] = tuple(
            j for j, r in enumerate(self.regexes) if r.search(text))
        return cls

    def _merge(self, indices: list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for i in sorted(indices):
            out.update(self.attrs[i])
        return out

    def _kind(self, sig: tuple, token) -> int:
        """Number a new kind of token, matching the patterns on ``token``, one of them."""
        one = token.doc[token.i:token.i + 1]
        found = [self.index_of[key] for key, _s, _e in self.single(one, allow_missing=True)
                 ] if len(self.single) else []  # an empty Matcher warns (W036)
        k = self.kinds[sig] = len(self.found)
        self.found.append(found)
        self.opens.append(bool(self.n_anchored and self.starts(one, allow_missing=True)))
        merged = self._merge(found)
        self.values.append([merged.get(attr, 0) for attr in _SETS])
        self.sets.append([attr in merged for attr in _SETS])
        self._rows = None
        return k

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        vocab = doc.vocab
        named, form_class, kinds = self.named, self.form_class, self.kinds
        ids = []
        # Every match is found on the tokens as the model left them, then set in order.
        for t, (tag, lower, dep, space) in enumerate(
                doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()):
            form = lower if lower in named else form_class.get(lower)
            if form is None:
                form = self._form(lower, vocab)
            sig = (tag, form, dep, space)
            k = kinds.get(sig)
            ids.append(self._kind(sig, doc[t]) if k is None else k)
        extra: dict[int, list[int]] = {}
        matches = []
        if self.n_anchored:
            opens = self.opens
            for t, k in enumerate(ids):
                if opens[k]:
                    matches += [(key, t + s, t + e) for key, s, e in self.anchored(
                        doc[t:t + self.span], allow_missing=True) if s == 0]
        if self.n_whole:
            matches += self.whole(doc, allow_missing=True)
        for key, start, end in matches:
            i = self.index_of[key]
            extra.setdefault(doc[start:end][self.targets[i]].i, []).append(i)
        if self._rows is None:
            self._rows = (np.array(self.values, dtype=np.uint64),
                          np.array(self.sets, dtype=bool))
        values, sets = self._rows
        at = np.array(ids, dtype=np.intp)
        cols = np.where(sets[at], values[at], doc.to_array(list(_SETS)))
        for t, more in extra.items():  # a longer pattern's token: its patterns in order
            merged = self._merge(self.found[ids[t]] + more)
            for j, attr in enumerate(_SETS):
                if attr in merged:
                    cols[t, j] = merged[attr]
        doc.from_array(list(_SETS), cols)
        return doc


class CachedLemmatizer:
    """The stock ``Lemmatizer``'s lemma, asked once per text, part of speech and morphology."""

    def __init__(self) -> None:
        self.lemmatizer: Lemmatizer | None = None
        self.lemmas: dict[tuple[int, int, int], int] = {}

    @staticmethod
    def covers(lemmatizer: Lemmatizer) -> bool:
        """Whether the lemma depends on the text, part of speech and morphology alone."""
        return lemmatizer.mode in ("rule", "lookup")

    def adopt(self, lemmatizer: Lemmatizer) -> None:
        """Take over ``lemmatizer`` (its tables checked now, as its first call would)."""
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        stock = self.lemmatizer
        assert stock is not None
        strings = doc.vocab.strings
        lemmas = self.lemmas
        if len(lemmas) > MAX_LEMMAS:
            lemmas.clear()
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        out = arr[:, 3].copy()
        overwrite = stock.overwrite
        for t, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                h = lemmas.get(key)
                if h is None:
                    h = lemmas[key] = strings.add(stock.lemmatize(doc[t])[0])
                out[t] = h
        doc.from_array([LEMMA], out.reshape(-1, 1))
        return doc


@Language.factory("glossator_cached_attribute_ruler", requires=["token.tag", "token.dep"],
                  assigns=["token.pos", "token.morph", "token.lemma", "token.tag",
                           "token.dep"])
def make_cached_attribute_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    """An empty cached ruler; ``use_cached_pipes`` gives it the stock ruler's patterns."""
    return CachedAttributeRuler()


@Language.factory("glossator_cached_lemmatizer", requires=["token.pos", "token.morph"],
                  assigns=["token.lemma"])
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    """An empty cached lemmatizer; ``use_cached_pipes`` gives it the stock one."""
    return CachedLemmatizer()


# The stock classes each lookup stands for (English's lemmatizer reads only the part of
# speech and the morphology beyond the stock one's rules).
STOCK = {"attribute_ruler": ("glossator_cached_attribute_ruler", (AttributeRuler,),
                             CachedAttributeRuler),
         "lemmatizer": ("glossator_cached_lemmatizer", (Lemmatizer, EnglishLemmatizer),
                        CachedLemmatizer)}


def use_cached_pipes(nlp: Language) -> list[str]:
    """Put the cached components in the stock ones' places, under their names.

    Returns the names replaced; a component that is missing, of another class or with a
    pattern or mode the lookup does not cover stays as it is.
    """
    done = []
    for name, (factory, cls, cached_cls) in STOCK.items():
        if name not in nlp.component_names:
            continue
        stock = nlp.get_pipe(name)
        # The classes themselves: a subclass may decide from more than the lookup's key.
        if type(stock) not in cls or not cached_cls.covers(stock):
            continue
        disabled = name in nlp.disabled
        nlp.replace_pipe(name, factory)
        cached = nlp.get_pipe(name)
        cached.adopt(stock)
        if disabled:
            nlp.disable_pipe(name)
        done.append(name)
    return done

