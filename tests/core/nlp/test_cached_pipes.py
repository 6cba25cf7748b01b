"""The cached attribute ruler and lemmatizer give the stock components' results, token for token."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from glossator.core.nlp.cached_pipes import (
    CachedAttributeRuler,
    CachedLemmatizer,
    use_cached_pipes,
)
from glossator.core.nlp.components import COMPONENTS
from glossator.core.nlp.model import load_model

ROOT = Path(__file__).resolve().parents[3]
ROW = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD]

# Each of en_core_web_sm's kinds of ruler pattern: contractions over two tokens ("ai n't",
# "gon na", "got ta", "let 's", "c'm on", "y' all"), a regular expression ("nothin'"),
# "there" + be, pronouns by their dependency, auxiliaries, determiners as pronouns,
# subordinators, spaces inside and between sentences, and words written in capitals.
TEXTS = [
    "I ain't gonna do it, y'all. Let's go, c'mon! Nothin' doin'. There is a cat; there "
    "are dogs, and there were more.",
    "It rained.  \n\n  It said I saw you and you saw it. But he left, but not quickly. "
    "Do you have it? He did, and he has. That which is, is.",
    "Whether or not he came, because she said so, though he didn't. Gotta go. GONNA? "
    "Y'ALL y all. He ain 't here. They aint n't. Those were the days; this is it.",
    "\t", " ", "\n\n", "a", "The U.S. Senate voted 52-48 on Tuesday.\n",
    # One word, one part of speech, two morphologies and two lemmas: the lemma is looked
    # up by the morphology too.
    "I saw it. I want to saw wood. She saws it; they sawed it and he has sawn it.",
]


@pytest.fixture(scope="module")
def stock():
    return load_model()


def _rows(doc):
    return (doc.to_array(ROW), [(t.lemma_, t.pos_, t.tag_, str(t.morph), t.dep_) for t in doc])


def _same(a, b) -> bool:
    (arr_a, txt_a), (arr_b, txt_b) = _rows(a), _rows(b)
    return np.array_equal(arr_a, arr_b) and txt_a == txt_b


def test_the_engine_runs_the_cached_components_under_the_stock_names(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), CachedAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)


@pytest.mark.parametrize("text", [
    *TEXTS, (ROOT / "resources" / "sample" / "sample-article.md").read_text(encoding="utf-8")])
def test_every_token_as_the_stock_components_leave_it(nlp, stock, text):
    with nlp.select_pipes(disable=list(COMPONENTS)):
        ours = nlp(text)
    theirs = stock(text)
    assert _same(ours, theirs), [(t.text, a, b) for t, a, b in zip(
        ours, _rows(ours)[1], _rows(theirs)[1], strict=True) if a != b][:5]


def test_the_same_twice_and_in_a_batch(nlp, stock):
    # The second time every kind of token is looked up, not matched.
    with nlp.select_pipes(disable=list(COMPONENTS)):
        first = list(nlp.pipe(TEXTS))
        again = list(nlp.pipe(reversed(TEXTS)))[::-1]
    for a, b, c in zip(first, again, stock.pipe(TEXTS), strict=True):
        assert _same(a, c) and _same(b, c)


def _ruler_pipeline(patterns: list[dict], cached: bool):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    if cached:
        assert use_cached_pipes(nlp) == ["attribute_ruler"]
    return nlp


# Patterns beyond the model's: a quantifier (matched over the whole text), a target after
# the first token and from the end, IN / NOT_IN / REGEX, a later pattern overriding an
# earlier one's attribute, and one pattern's attributes set on two tokens.
PATTERNS = [
    {"patterns": [[{"LOWER": "new"}, {"IS_TITLE": True, "OP": "+"}]], "attrs": {"POS": "PROPN"},
     "index": -1},
    {"patterns": [[{"LOWER": {"IN": ["the", "a"]}}]], "attrs": {"POS": "DET", "LEMMA": "det"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["the", "a", "york"]}, "IS_SPACE": False}]],
     "attrs": {"TAG": "XX"}},
    {"patterns": [[{"LOWER": {"REGEX": "^[0-9]+$"}}]], "attrs": {"POS": "NUM",
                                                                "MORPH": "NumType=Card"}},
    {"patterns": [[{"LOWER": "the"}]], "attrs": {"LEMMA": "THE"}},
    {"patterns": [[{"LOWER": "in"}, {"LOWER": "the"}]], "attrs": {"POS": "ADP"}, "index": 1},
    {"patterns": [[{"ORTH": "York"}]], "attrs": {"MORPH": "Foreign=Yes"}},
    {"patterns": [[{"LOWER": "said"}]], "attrs": {"DEP": "ROOT", "TAG": "VBD"}},
]


@pytest.mark.parametrize("text", [
    "The man in the New York Times said 42 things in a day.",
    "He said so, said she.",
    "new York new York City  in the the 7 a",
    "",
    "NEW YORK new yorker 12x 2024",
])
def test_any_kind_of_pattern_as_the_stock_ruler_sets_it(text):
    theirs = _ruler_pipeline(PATTERNS, cached=False)(text)
    ours = _ruler_pipeline(PATTERNS, cached=True)(text)
    assert [(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in ours] == \
        [(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in theirs]


def test_a_pattern_the_lookup_cannot_write_keeps_the_stock_ruler():
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(
        [{"patterns": [[{"LOWER": "colour"}]], "attrs": {"NORM": "color"}}])
    assert use_cached_pipes(nlp) == []
    assert not isinstance(nlp.get_pipe("attribute_ruler"), CachedAttributeRuler)
    assert nlp("the colour red")[1].norm_ == "color"


def test_a_disabled_component_stays_disabled():
    nlp = load_model(disable=["lemmatizer"])
    assert use_cached_pipes(nlp) == ["attribute_ruler", "lemmatizer"]
    assert "lemmatizer" in nlp.disabled
    assert nlp("The cats were running.")[1].lemma_ == ""


def test_a_ruler_of_longer_patterns_only_warns_no_more_than_the_stock_one(recwarn):
    patterns = [{"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}}]
    stock_doc = _ruler_pipeline(patterns, cached=False)("I am gon na go")
    stock_warnings = len(recwarn)
    ours = _ruler_pipeline(patterns, cached=True)("I am gon na go")
    assert len(recwarn) == stock_warnings
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in stock_doc]
