from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from glossator.core.kb.normalize import (
    normalise,
    phonetic_keys,
    saint_spelling,
    segment_keys,
    segment_probes,
    sounds_alike,
    word_edits,
)


def test_normalise_folds_case_accents_scripts_and_punctuation():
    assert normalise("Łódź") == "lodz"
    assert normalise("U.S.") == normalise("US") == "us"
    assert normalise("Jean-Paul  Sartre") == "jean paul sartre"
    assert normalise("O’Brien") == normalise("O'Brien") == "obrien"
    assert normalise("Путин") == "putin"
    assert normalise("  ") == ""


def test_a_saints_name_has_two_spellings_and_a_street_none():
    assert saint_spelling("St Petersburg") == saint_spelling("St. Petersburg") == \
        "Saint Petersburg"
    assert saint_spelling("Saint Lucia") == "St Lucia"
    assert saint_spelling("saint lucia") == "st lucia"  # normalised forms too
    assert saint_spelling("st lucia") == "saint lucia"
    for name in ("Stanford", "Main St", "Saint", "St", "Stalin"):
        assert saint_spelling(name) is None, name


def test_transliterations_share_a_loose_phonetic_key():
    keys = [phonetic_keys(normalise(n)) for n in ("Gaddafi", "Qaddafi", "Kadhafi", "Khadafy")]
    loose = [{k for k in ks if k.startswith("q:")} for ks in keys]
    assert all(lk == loose[0] for lk in loose)
    assert phonetic_keys(normalise("Obama")) != phonetic_keys(normalise("Merkel"))


words = st.text(alphabet="abcdefgh", min_size=3, max_size=30).map(str.strip).filter(
    lambda s: len(s) >= 3
)
edits = st.lists(st.tuples(st.sampled_from("ids"), st.integers(0, 40), st.sampled_from("abcxyz")),
                 max_size=2)


def _apply(s: str, ops) -> str:
    chars = list(s)
    for op, pos, ch in ops:
        pos = min(pos, len(chars))
        if op == "i":
            chars.insert(pos, ch)
        elif chars and pos < len(chars):
            if op == "d":
                del chars[pos]
            else:
                chars[pos] = ch
    return "".join(chars)


@settings(max_examples=500, deadline=None)
@given(words, edits)
def test_segment_index_finds_every_word_within_the_edit_budget(name, ops):
    query = _apply(name, ops)
    distance = Levenshtein.distance(name, query)
    same_start = query[:1] == name[:1] and query[-1:] == name[-1:]
    if len(query) >= 3 and 1 <= distance <= word_edits(len(name)) and (
            distance == 1 or same_start):
        assert segment_keys(name) & segment_probes(query, distance)
    if len(query) >= 3 and distance == 0:
        assert segment_keys(name) & segment_probes(query, 1)


def test_short_and_empty_names_have_no_fuzzy_keys():
    assert segment_keys("ab") == set()
    assert segment_probes("ab") == set()
    assert phonetic_keys("") == set()


def test_words_sound_alike_by_their_loosened_metaphone():
    for a, b in (("micheal", "michael"), ("regan", "reagan"), ("stephen", "steven"),
                 ("bryan", "brian"), ("tomas", "thomas"), ("kristopher", "christopher"),
                 ("nicolas", "nicholas"), ("sean", "shawn"), ("artur", "arthur"),
                 ("teresa", "theresa"), ("antony", "anthony")):
        assert sounds_alike(a, b), (a, b)
    for a, b in (("payne", "wayne"), ("ballin", "carlin"), ("harley", "harvey"),
                 ("bowne", "donne"), ("dean", "sean"), ("bryan", "ryan"), ("tina", "nina")):
        assert not sounds_alike(a, b), (a, b)
