"""Shared names' priors from how a layer's summaries use them."""

import json

import ahocorasick
import pytest

from glossator.core.kb import KBLayer
from glossator.core.kb.starter import build_starter
from glossator.core.kb.text_priors import _names, _plain_uses


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
    # summaries' uses, once per summary: the one naming him in full is his; the two
    # others' are the city's (two uses each, counted once; "Jack London", "London
    # Bridge" and a sentence's first word are no use). His own summary says nothing of
    # the name elsewhere. Three uses spread by kind join them.
    assert priors["London"] == pytest.approx((2 + 3 / 1.3) / 6)
    assert priors["Jack London"] == pytest.approx((1 + 3 * 0.3 / 1.3) / 6)
    assert total == pytest.approx(1.3)  # the name weighs as before beside other layers


def _automaton(*words):
    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, w)
    automaton.make_automaton()
    return automaton


def test_uses_inside_longer_names_or_opening_a_sentence_are_not_counted():
    text = ("London grew. West London and London Bridge. In London, then Paris, London "
            "and Rome. Jack\u00a0London, London\u00a0Bridge, Émile London.")
    uses = [s for s, _ in _plain_uses(text, _automaton("London"))]
    assert [text[s - 3:s + 6] for s in uses] == ["In London", "s, London"]
    assert _plain_uses("Londoner and Londonderry", _automaton("London")) == []
    # Lower-case words inside a name: a particle, "of", "the".
    text = "Lee de Forest, the Isle of Man and Pliny the Elder; in the Forest of Dean."
    assert _plain_uses(text, _automaton("Forest", "Man", "Elder")) == []
    assert [s for s, _ in _plain_uses("a forest near Forest, Ohio", _automaton("Forest"))]


def test_a_full_name_is_read_only_where_it_stands_alone():
    """"the Later Jin dynasty" does not name the Jin dynasty; a name opening a sentence
    does."""
    assert not _names("under the Later Jin dynasty; Jin rule", "Jin dynasty")
    assert _names("He died. Jin dynasty rulers fled; Jin rule", "Jin dynasty")
    assert _names("She met Irving Berlin. Berlin wrote.", "Irving Berlin")


def test_one_letter_names_only_leave_the_priors_alone(tmp_path):
    """An automaton with no words cannot be searched: the build went down with it."""
    src = tmp_path / "summaries.json"
    src.write_text(json.dumps({"X": _summary("Letter", "X is a letter."),
                               "X (band)": _summary("Rock band", "X is a band.")}),
                   encoding="utf-8")
    build_starter(tmp_path / "s.sqlite", source=src)
    priors, _ = _priors(tmp_path / "s.sqlite", "x")
    assert priors == pytest.approx({"X": 1 / 1.6, "X (band)": 0.6 / 1.6})


def _build(tmp_path, data):
    tmp_path.mkdir()
    src = tmp_path / "summaries.json"
    src.write_text(json.dumps({t: _summary(d, x) for t, (d, x) in data.items()}),
                   encoding="utf-8")
    out = tmp_path / "s.sqlite"
    build_starter(out, source=src)
    return out


def test_a_candidate_s_full_name_is_no_plain_use_of_the_short_one(tmp_path):
    """"Washington, D.C." and "the Republic of the Congo" written out are the long names,
    not a plain "Washington" or "Congo" (a review's: 21 such uses in the starter KB)."""
    before = _build(tmp_path / "a", {
        "Washington, D.C.": ("Capital city of the United States", "It is the capital."),
        "George Washington": ("First president of the United States (1732–1799)",
                              "George Washington was the first president."),
    })
    out = _build(tmp_path / "b", {
        "Washington, D.C.": ("Capital city of the United States", "It is the capital."),
        "George Washington": ("First president of the United States (1732–1799)",
                              "George Washington was the first president."),
        "NASA": ("American space agency", "NASA is headquartered in Washington, D.C. and "
                 "was founded in 1958."),
        "Republic of the Congo": ("Country in Central Africa", "It borders Gabon."),
        "Democratic Republic of the Congo": ("Country in Central Africa",
                                             "It is the second-largest African country."),
        "Lake Tanganyika": ("Lake in Africa", "The lake is shared by Tanzania and the "
                            "Democratic Republic of the Congo, and the Republic of the "
                            "Congo lies to the west."),
    })
    assert _priors(out, "washington")[0] == pytest.approx(_priors(before, "washington")[0])
    congo, _ = _priors(out, "congo")
    if congo:  # both countries answer to "Congo" only if the KB derives it
        assert len(set(congo.values())) == 1, congo


def test_a_full_name_two_titles_share_counts_for_neither(tmp_path):
    """"Jin dynasty" is both "(266–420)"'s and "(1115–1234)"'s: the Song's summary naming
    it says nothing of which one a plain "Jin" is."""
    data = {
        "Jin dynasty (266–420)": ("Imperial dynasty in China",
                                  "The Jin dynasty or the Jin Empire, officially Jin, was an "
                                  "imperial dynasty in China."),
        "Jin dynasty (1115–1234)": ("Jurchen-led imperial dynasty of China",
                                    "A later dynasty."),
        "Jin Yong": ("Chinese-language wuxia novelist (1924–2018)", "Jin Yong wrote novels."),
    }
    before = _build(tmp_path / "a", data)
    out = _build(tmp_path / "b", {**data, "Song dynasty": (
        "Chinese imperial dynasty (960–1279)",
        "The Song fought the Jin dynasty in the north. The Jin took Kaifeng in 1127.")})
    jin, _ = _priors(out, "jin")
    assert len(jin) == 2, jin  # the first dynasty's "Jin" beside Jin Yong's surname
    assert jin == pytest.approx(_priors(before, "jin")[0])
