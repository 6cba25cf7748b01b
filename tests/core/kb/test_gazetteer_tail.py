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


def test_a_place_or_an_epithet_after_of_or_the_is_no_surname(starter_kb):
    """"Katherine (of Aragon)" was Ferdinand II of Aragon at 0.97 (GAP's dev half)."""
    from glossator.core.kb.gazetteer import gazetteer_for

    surnames = gazetteer_for(starter_kb).surnames
    assert "Ferdinand II of Aragon" not in surnames.get("aragon", [])
    assert "Pliny the Elder" not in surnames.get("elder", [])
    assert "Eleanor of Aquitaine" not in surnames.get("aquitaine", [])
    # a surname after a particle still is one, and a peer is called by the title's place
    assert "Ludwig van Beethoven" in surnames["beethoven"]
    assert "Lorenzo de' Medici" in surnames["medici"]
    assert "John Churchill, 1st Duke of Marlborough" in surnames["marlborough"]
    assert "Camillo Benso, Count of Cavour" in surnames["cavour"]
