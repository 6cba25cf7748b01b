"""An article's words, as the linker reads them: letters of any script."""

from __future__ import annotations

from glossator.core.kb.gazetteer import ARTICLE_WORD, words_of


def test_words_are_letters_of_any_script():
    assert words_of("Zürich, Dušan_x 1990s CEO Presley's naïve Σωκράτης to") == [
        "Zürich", "Dušan", "CEO", "Presley", "naïve", "Σωκράτης"]


def test_the_ascii_path_reads_what_the_pattern_reads():
    for text in ("Kraftwerk formed in Düsseldorf in 1970.", "The CEO's 3rd plan_b is on",
                 "", "ab cd efg", "Łódź and Kraków", "x" * 5 + "1" + "y" * 3):
        assert words_of(text) == ARTICLE_WORD.findall(text), text


def test_texts_write_counts_the_articles_that_write_a_word():
    import math

    from glossator.core.kb.gazetteer import Gazetteer

    n = 100
    # log((N + 1) / (df + 0.5)), as ``build`` counts it
    idf = {w: math.log((n + 1) / (df + 0.5)) for w, df in (("italic", 6), ("rare", 1))}
    gaz = Gazetteer(automaton=None, idf=idf, articles=n)  # type: ignore[arg-type]
    assert gaz.texts_write("italic") and gaz.texts_write("italic", articles=6)
    assert not gaz.texts_write("italic", articles=7)
    assert not gaz.texts_write("rare") and gaz.texts_write("rare", articles=1)
    assert not gaz.texts_write("mamlok")
    assert not Gazetteer(automaton=None).texts_write("italic")  # type: ignore[arg-type]
