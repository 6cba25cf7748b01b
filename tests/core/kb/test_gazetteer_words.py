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
