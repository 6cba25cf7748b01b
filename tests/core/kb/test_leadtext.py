"""A summary's first sentence never ends inside a name."""

import pytest

from glossator.core.kb.leadtext import first_sentence


@pytest.mark.parametrize("text, first", [
    ("Usain St. Leo Bolt is a Jamaican sprinter. He won.",
     "Usain St. Leo Bolt is a Jamaican sprinter."),
    ("John R. Cash was an American singer. He sang.", "John R. Cash was an American singer."),
    ("Sgt. Pepper is an album. It sold.", "Sgt. Pepper is an album."),
    ("The Symphony No. 9 in D minor is a work. It was written.",
     "The Symphony No. 9 in D minor is a work."),
    ("Berlin is the capital of Germany. It has 3.8 million people.",
     "Berlin is the capital of Germany."),
    ("Is it? Yes.", "Is it?"),
    ("He was president from 2009 to 2017. A member of the party, he won.",
     "He was president from 2009 to 2017."),
    ("One sentence only", "One sentence only"),
    ("", ""),
])
def test_first_sentence(text, first):
    assert first_sentence(text) == first


def test_a_long_sentence_is_cut_at_a_word():
    out = first_sentence("word " * 200, limit=50)
    assert len(out) <= 51 and out.endswith("…") and " wor…" not in out
