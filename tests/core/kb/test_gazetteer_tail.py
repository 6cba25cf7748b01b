"""Short names of events and bodies without their first word, for the linker."""

from glossator.core.kb.gazetteer import school_short_name, tail_name


def test_tail_names():
    assert tail_name(["FIFA", "World", "Cup"], "EVENT") == "world cup"
    assert tail_name(["Rugby", "World", "Cup"], "EVENT") == "world cup"
    assert tail_name(["UEFA", "Champions", "League"], "ORG") == "champions league"
    # An organisation's first word is part of its name unless it is an acronym.
    assert tail_name(["Major", "League", "Baseball"], "ORG") is None
    assert tail_name(["Atlantic", "Ocean"], "LOC") is None  # two words: the head index
    assert tail_name(["Battle", "of", "Hastings"], "EVENT") is None


def test_a_university_is_called_by_its_place():
    assert school_short_name(["University", "of", "Oxford"]) == "Oxford"
    assert school_short_name(["College", "of", "Cardinals"]) is None  # no school
    assert school_short_name(["Bay", "of", "Bengal"]) is None
