"""Shared names' priors from how a layer's summaries use them."""

import json

import pytest

from glossator.core.kb import KBLayer
from glossator.core.kb.starter import build_starter
from glossator.core.kb.text_priors import _plain_uses


def _priors(path, norm):
    layer = KBLayer(path, readonly=True, name="t")
    rows = layer.db.execute(
        "SELECT a.title, x.prior FROM aliases x JOIN articles a ON a.id = x.article_id "
        "WHERE x.norm = ?", [norm]).fetchall()
    layer.close()
    total = sum(p for _, p in rows)
    return {t: p / total for t, p in rows}, total


def _summary(description, extract):
    return {"description": description, "extract": extract}


@pytest.fixture
def built(tmp_path):
    data = {
        "London": _summary("Capital city of England", "London is the capital of England."),
        "Jack London": _summary("American writer (1876–1916)",
                                "Jack London was an American writer. London wrote novels "
                                "about the sea, and London travelled to the Klondike."),
        "Charles Dickens": _summary("English writer (1812–1870)",
                                    "Charles Dickens was born near Portsmouth and moved to "
                                    "London as a boy. He wrote in London for fifty years."),
        "Thames": _summary("River in southern England",
                           "The Thames flows through London to the sea. In London it is "
                           "tidal; the London Bridge crosses it. London grew on its banks."),
        "Virginia Woolf": _summary("English writer (1882–1941)",
                                   "Virginia Woolf was an English writer. She read Jack "
                                   "London, and London's stories of the north."),
    }
    src = tmp_path / "summaries.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "s.sqlite"
    build_starter(out, source=src)
    return out


def test_a_shared_name_takes_the_prior_of_its_uses(built):
    priors, total = _priors(built, "london")
    # By kind alone the city had 1.0 / 1.3 = 0.77 and the writer's surname 0.23. The
    # summaries' uses, once per summary: the writer's own and the one naming him in full
    # are his; the two others' are the city's (two uses each, counted once; "Jack
    # London", "London Bridge" and a sentence's first word are no use). Three uses spread
    # by kind join them.
    assert priors["London"] == pytest.approx((2 + 3 / 1.3) / 7)
    assert priors["Jack London"] == pytest.approx((2 + 3 * 0.3 / 1.3) / 7)
    assert total == pytest.approx(1.3)  # the name weighs as before beside other layers


def test_uses_inside_longer_names_or_opening_a_sentence_are_not_counted():
    text = "London grew. West London and London Bridge. In London, then Paris."
    automaton = __import__("ahocorasick").Automaton()
    automaton.add_word("London", "London")
    automaton.make_automaton()
    assert [text[s:s + 6] for s, _ in _plain_uses(text, automaton)] == ["London"]
    assert _plain_uses("Londoner and Londonderry", automaton) == []


def test_a_name_no_other_article_shares_keeps_its_prior(built):
    priors, total = _priors(built, "thames")
    assert priors == {"Thames": 1.0} and total == pytest.approx(1.0)
