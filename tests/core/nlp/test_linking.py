"""Step 3: linking groups to the starter knowledge base, or to nothing."""

from __future__ import annotations

import itertools

import pytest

from glossator.core.nlp.descriptors import Descriptor
from glossator.core.nlp.linking import _explained, died_before, said_dead, type_agreement
from glossator.core.nlp.ranker import CANDIDATE_FEATURES, LINK_THRESHOLD, is_guess, shipped_model


def linked(engine, text):
    ann = engine.annotate(text)
    return ann, {e.name: e for e in ann.entities}


def written_as(ann, word):
    """The entities of the name mentions written as ``word``, in the text's order."""
    return [ann.entity(m.entity) for m in ann.mentions
            if m.kind == "name" and ann.text[m.start:m.end] == word]


def ranked(engine, text):
    """Each group's candidate titles and feature rows, as the ranker saw them."""
    engine.linker.collect = []
    try:
        engine.annotate(text)
        return {g.name: (titles, rows) for g, titles, rows in engine.linker.collect}
    finally:
        engine.linker.collect = None


def test_well_known_names_link(engine):
    ann, ents = linked(engine, "Barack Obama met Angela Merkel in Berlin.")
    assert ents["Barack Obama"].kb_title == "Barack Obama"
    assert ents["Angela Merkel"].kb_title == "Angela Merkel"
    assert ents["Berlin"].kb_title == "Berlin"
    assert ents["Angela Merkel"].gender == "female"  # from the KB article
    for e in ann.entities:
        assert 0.0 <= e.confidence <= 1.0


def test_surname_follows_its_group_not_another_article(engine):
    _, ents = linked(engine, "Michael Jordan won six titles with the Chicago Bulls. "
                             "Jordan retired in 2003.")
    assert ents["Michael Jordan"].kb_title == "Michael Jordan"
    _, ents = linked(engine, "Jordan and Syria share a border; Amman is the capital of Jordan.")
    assert ents["Jordan"].kb_title == "Jordan"


def test_unknown_person_is_nil_not_the_closest_article(engine):
    _, ents = linked(engine, "Kevin Smith, a plumber from Leeds, said his van was stolen.")
    assert ents["Kevin Smith"].kb_title is None
    assert ents["Leeds"].kb_title == "Leeds"
    _, ents = linked(engine, "Michelle Obama spoke in Chicago.")
    assert ents["Michelle Obama"].kb_title != "Barack Obama"


def test_short_name_in_context(engine):
    _, ents = linked(engine, "Steve Jobs founded Apple with Wozniak. Jobs returned to "
                             "Apple's board.")
    assert ents["Apple"].kb_title == "Apple Inc."
    assert ents["Wozniak"].kb_title == "Steve Wozniak"


def test_acronym_and_expansion_link_together(engine):
    ann, ents = linked(engine, "The World Health Organization (WHO) warned. The WHO said "
                               "more.")
    e = ents["World Health Organization"]
    assert e.kb_title == "World Health Organization"
    assert sum(1 for m in ann.mentions if m.entity == e.id) == 3


def test_misspelled_name_links_when_close_and_typed(engine):
    _, ents = linked(engine, "Vladimir Putn met reporters in Moscow on Friday.")
    assert ents["Vladimir Putn"].kb_title == "Vladimir Putin"


def test_label_fixed_by_the_kb(engine):
    _, ents = linked(engine, "Reporters asked Wozniak about Apple.")
    assert ents["Wozniak"].label == "PERSON"


def test_type_agreement():
    assert type_agreement("PERSON", "PERSON") == 1.0
    assert type_agreement("PERSON", "GPE") == 0.0
    assert type_agreement("GPE", "LOC") > 0.8


def test_demonyms_and_missing_country_aliases(engine):
    _, ents = linked(engine, "Italian police said Britain had asked for help.")
    assert ents["Italian"].kb_title == "Italy"
    assert ents["Britain"].kb_title == "United Kingdom"


def test_a_place_is_no_adjective_of_a_longer_title(engine):
    # "Missouri" (the state, not in the starter KB) is not the Missouri River's adjective.
    _, ents = linked(engine, "Floods hit the U.S. state of Missouri on Tuesday.")
    assert ents["Missouri"].kb_title is None
    assert "Missouri River" not in {a.kb_title for a in ents["Missouri"].alternatives}
    # "U.S." is the country's alone (the dollar's extract wrote it for the country).
    assert linked_or_offered(ents["U.S."]) == "United States"
    assert "United States dollar" not in {a.kb_title for a in ents["U.S."].alternatives}


def test_misspelling_links_even_when_ner_mislabels_it(engine):
    _, ents = linked(engine, "Windows was made by Mictrosoft in Seattle. Mictrosoft sold many "
                             "copies.")
    assert ents["Mictrosoft"].kb_title == "Microsoft"
    assert ents["Mictrosoft"].label == "ORG"  # the KB fixed NER's label


def test_what_the_text_calls_a_name_person_or_thing(engine):
    """The grouper keeps a name called a person apart from one called a thing (t105-t108);
    a head firms are called too says neither ("Trafigura is a commodity trader")."""
    def said(kind, head):
        return engine.linker.said_kinds([Descriptor(kind, head, head)])

    assert said("premodifier", "mathematician") == {"person"}
    assert said("appositive", "company") == {"thing"} == said("premodifier", "firm")
    assert said("copula", "trader") == frozenset() == said("premodifier", "producer")
    assert said("location", "london") == frozenset()  # only what says what it is


def test_a_misspelled_continent_ner_takes_for_a_people_is_offered(engine):
    """NER calls "Afrca" a people (NORP), as it would "African"; a people's word was no
    continent's spelling, and Africa was never a candidate (our texts' misspelling study)."""
    _, ents = linked(engine, "The vaccine will be made in Afrca and Asia.")
    assert ents["Afrca"].kb_title == "Africa"


def test_a_list_ner_read_as_one_name_for_a_typo_is_split(engine):
    """NER reads "Indie and Afica" and "Juhu, Mumbuai" as one place each, which linked to
    nothing; correctly spelled, each is two (our texts' misspelling study)."""
    _, ents = linked(engine, "The project would help the company reach tourists from "
                             "Indie and Afica, where it has little presence.")
    assert ents["Indie"].kb_title == "India" and ents["Afica"].kb_title == "Africa"
    _, ents = linked(engine, "A crowd gathered outside his home in Juhu, Mumbuai, to sing.")
    assert ents["Mumbuai"].kb_title == "Mumbai" and ents["Juhu"].kb_title is None
    # A list of languages or peoples is no list of places ("Kashmiri" is no Kashmir).
    _, ents = linked(engine, "He speaks Urdu, Kashmiri and Punjabi at home.")
    assert all(e.kb_title != "Kashmir" for e in ents.values())
    # Names made of two names stay whole: no piece of them is a typo.
    _, ents = linked(engine, "Talks between Bosnia and Herzegovina and Serbia resumed. "
                             "Procter and Gamble said so.")
    assert ents["Bosnia and Herzegovina"].kb_title == "Bosnia and Herzegovina"
    assert "Procter and Gamble" in ents


def test_lone_surname_found_through_the_kb(engine):
    # Linked, or offered first when the ranker doubts a lone surname ("Perhaps").
    _, ents = linked(engine, "The crowd cheered as Hendrix played the guitar.")
    assert ents["Hendrix"].kb_title in (None, "Jimi Hendrix")
    assert linked_or_offered(ents["Hendrix"]) == "Jimi Hendrix"


def test_made_up_names_stay_nil(engine):
    _, ents = linked(engine, "Zorblax Quentworth, a farmer, met Priya Vandersnoot in "
                             "Glimmerton.")
    for e in ents.values():
        assert e.kb_title is None, e


def test_misspelled_place_links_without_context(engine):
    # One spelling guess, no other support: a close, unambiguous spelling still links.
    # At 0.61 with the thirty-fifth session's weights (0.56 with the thirty-fourth's, a
    # strict xfail then): the rate of such names in the generated data, near the line.
    _, ents = linked(engine, "Fans waited outside the stadium in Londrn for hours.")
    assert ents["Londrn"].kb_title == "London"


def test_a_lone_misspelled_place_is_offered(engine):
    """Linked or not, the one close spelling is what the reader is offered, and nothing
    else: "perhaps London"."""
    _, ents = linked(engine, "Fans waited outside the stadium in Londrn for hours.")
    e = ents["Londrn"]
    offered = [e.kb_title] if e.kb_title else [a.kb_title for a in e.alternatives]
    assert offered == ["London"], e
    # Shown rounded: 0.5997 is offered as 0.6, under the line.
    assert e.kb_title or 0.5 <= e.alternatives[0].score <= LINK_THRESHOLD, e


def test_a_peoples_own_title_is_no_adjective_of_a_place(engine):
    """A word that is an article's title is never offered as another's demonym: "Arabs"
    was the Arab world at 0.81 (the people's own article 0.15), "Tibetans" Tibet."""
    text = ("Arabs, Tibetans and Basques joined the march in Tunis, and Italians and "
            "Kurdish groups came too.")
    _ann, ents = linked(engine, text)
    for name in ("Arabs", "Tibetans", "Basques", "Tunis"):
        assert ents[name].kb_title == name, (name, ents[name].kb_title)
        offered = {a.kb_title for a in ents[name].alternatives}
        assert not offered & {"Arab world", "Tibet", "Tibetan Empire", "Tunisia",
                              "Basque Country (autonomous community)"}, (name, offered)
    # Adjectives and plurals that are no title keep their places and peoples.
    assert ents["Italians"].kb_title == "Italy"
    assert ents["Kurdish"].kb_title == "Kurds"


def test_misspelling_grouped_with_demonyms_keeps_its_country(engine):
    # NER's vote over unknown spellings ("PERSON") must not veto the country.
    _, ents = linked(engine, "Argentinsa beat Brazil. Argentinian fans cheered as Argentinsa "
                             "lifted the cup.")
    assert ents["Argentinsa"].kb_title == "Argentina"


def test_two_edit_spelling_the_alias_index_misses(engine):
    _, ents = linked(engine, "Thousands of protesters marched in Grecee on Sunday.")
    assert ents["Grecee"].kb_title == "Greece"
    # Words the KB's own extracts use are never treated as typos of a title.
    assert engine.linker.close_titles("Atlantic") == []
    assert engine.linker.close_titles("Glimmerton") == []


def _p(entity, title: str) -> float:
    """The calibrated probability the entity gives ``title`` (linked or offered)."""
    if entity.kb_title == title:
        return entity.confidence
    return next((a.score for a in entity.alternatives if a.kb_title == title), 0.0)


def linked_or_offered(entity) -> str | None:
    """The entity's article, or, left NIL, the first it offers ("Perhaps X")."""
    if entity.kb_title is not None:
        return entity.kb_title
    return entity.alternatives[0].kb_title if entity.alternatives else None


def assert_reads_as(entity, title: str | None) -> None:
    """Linked to ``title``; a language may instead be left a "perhaps" that offers it first.

    A people's word read as its language is linked at the line: 0.57 with the ranker
    averaged over four draws, 0.55 to 0.72 for four-draw averages of the same code (the
    sixtieth session; the single draw shipped before had it at 0.84). The country
    (England at 0.99 before the fifty-third session) is never linked nor offered first.
    """
    if title is not None and title.endswith(" language"):
        assert entity.kb_title in (None, title)
        assert linked_or_offered(entity) == title
    else:
        assert entity.kb_title == title


def test_lone_surname_follows_the_documents_topic(engine):
    # "Davis" is Bette or Miles by name alone; beside Joni Mitchell it is the musician,
    # linked or, when the ranker doubts a lone surname, offered first.
    _, ents = linked(engine, "The line-up that summer included Joni Mitchell and Davis.")
    assert ents["Davis"].kb_title in (None, "Miles Davis")
    assert linked_or_offered(ents["Davis"]) == "Miles Davis"


def test_a_lone_surname_with_one_namesake_gets_the_topics_support(engine):
    """The topic support was for names with two or more candidates: "Dylan" beside
    "Hendrix" (Bob Dylan the only article) had none, and the ranker's lone-surname doubt
    left him NIL; the article's likeness to the neighbours' guesses now weighs for him."""
    groups = ranked(engine, "Hendrix often played a song that Dylan had written years before.")
    titles, rows = groups["Dylan"]
    assert titles == ["Bob Dylan"]
    support = rows[0, CANDIDATE_FEATURES.index("support")]
    assert support >= 0.3, support


def test_a_far_spelling_does_not_outweigh_a_near_ones_prior(engine):
    """"Barlin": Berlin (one slip; its alias shared with Irving Berlin) has the best prior
    of what is found that closely, though Bahrain (two slips) has a name of its own."""
    groups = ranked(engine, "The new factory opens in Barlin next spring, the company said.")
    titles, rows = groups["Barlin"]
    best = rows[:, CANDIDATE_FEATURES.index("prior_best")]
    prior = rows[:, CANDIDATE_FEATURES.index("prior")]
    assert "Berlin" in titles
    assert best[titles.index("Berlin")] == 1.0
    assert prior[titles.index("Bahrain")] > prior[titles.index("Berlin")]


def test_a_paraphrase_of_the_articles_kind_is_no_difference(engine):
    """"carmakers": no KB description is headed by it, and it fits a company, so its
    absence from Volkswagen's article ("automobile manufacturer") says nothing against
    it; "the painter Volkswagen" still differs (a head the KB's descriptions use)."""
    def differs(text):
        titles, rows = ranked(engine, text)["Volkswagen"]
        return rows[titles.index("Volkswagen"), CANDIDATE_FEATURES.index("descriptor_differs")]

    assert differs("Rival carmakers Volkswagen and Ford have announced job cuts.") == 0.0
    assert differs("The painter Volkswagen has announced an exhibition.") == 1.0


def test_lone_first_name_without_support_stays_nil(engine):
    _, ents = linked(engine, "Steve said the road had been closed since Monday.")
    assert ents["Steve"].kb_title is None


def test_misspelled_place_ner_missed_is_found_and_linked(engine):
    _, ents = linked(engine, "Officials in Ankara said the pipeline would reach Turkiey "
                             "by next spring.")
    assert ents["Turkiey"].kb_title == "Turkey"
    # Ordinary words are never taken for typos of places.
    assert "Officials" not in ents


def test_a_misspelled_place_the_tagger_takes_for_another_word_is_found(engine):
    """The tagger reads "Itally" as an adverb; inside a sentence it is a name all the same."""
    _, ents = linked(engine, "The prime minister of Itally met officials in Rome on Monday.")
    assert ents["Itally"].kb_title == "Italy"
    # Ordinary words capitalised after a quote, a colon or a bracket are no typos of
    # places, however close ("Hungary", "Recife", "Diabetes", "Continent").
    for text in ('She whispered, "Hungry again?"', 'They asked, "Recipe or improvisation?"',
                 "The answer was simple: Hungry children cannot learn.",
                 "Rule three (Diabetic guests first) was kept.",
                 'He said, "Confident people always win."'):
        _, ents = linked(engine, text)
        assert not [e.kb_title for e in ents.values() if e.kb_title], text


def test_a_misspelled_place_ner_took_for_a_date_is_found(engine):
    """NER reads "Azerbainjan's capital" as a DATE; only a name's label hides a typo."""
    _, ents = linked(engine, "The pipeline has carried 2 million barrels a day since 2006 "
                             "from Azerbainjan's coast to Turkey.")
    assert ents["Azerbainjan"].kb_title == "Azerbaijan"


def test_a_four_letter_place_with_a_letter_left_out_is_found(engine):
    """"Itly" (an adverb to the tagger) is Italy, here and at the next sentence's start."""
    ann, ents = linked(engine, "Supporters say the rule falls within the latitude that Itly "
                               "allows for the church. Itly is a secular state.")
    assert ents["Itly"].kb_title == "Italy"
    assert [m.text for m in ann.mentions if m.entity == ents["Itly"].id] == ["Itly", "Itly"]
    # A four-letter word is a typo only one letter short of a five-letter KB place, and
    # never a given name ("Rika" is no Riga; "Rome" and "Iran" are names of their own).
    for text in ("Rika said the school would open in May.",
                 "Mila and her brother walked home after the match.",
                 "The band Toto played in Rome and Oslo last week."):
        _, ents = linked(engine, text)
        assert not [n for n, e in ents.items() if e.kb_title and n not in ("Rome", "Oslo")], \
            text


def test_a_misspelled_owner_is_set_apart_from_what_it_owns(engine):
    """NER reads "Italy's Union of Atheists" as two names, "Itly's Union of Atheists" as
    one organisation: the misspelled place is cut from it, as its right spelling is."""
    _, ents = linked(engine, "Adele Orioli, legal adviser to Itly's Union of Atheists "
                             "and Rationalistic Agnostics, disagreed.")
    assert ents["Itly"].kb_title == "Italy"
    assert "Union of Atheists" in ents
    _, ents = linked(engine, 'She was selected for "Houstoin\'s Top Dentists" this year.')
    assert ents["Houstoin"].kb_title == "Houston"
    # A word no typo keeps its name whole.
    _, ents = linked(engine, "McDonald's Restaurants opened a new branch on Monday.")
    assert "McDonald's Restaurants" in ents


def test_a_misspelled_full_name_beats_its_exact_surname(engine):
    """The surname alone names the man exactly; the misspelled full name says who he is."""
    _, ents = linked(engine, "The air force bombed the palace. Inside was Salwador Allende, "
                             "the Socialist doctor who had won the 1970 election. By the "
                             "afternoon Allende was dead.\n\nOn Monday the president laid "
                             "flowers at the statue of Allende.")
    assert ents["Salwador Allende"].kb_title == "Salvador Allende"
    # However much closer the exact surname's spelling scores than the full name's slip
    # (NIL at 0.82 in our texts' misspelling study, found by "Putin" alone).
    _, ents = linked(engine, "Mikhail Gorbachev resigned in December 1991. Vsaadimir Putin "
                             "once called the Soviet collapse a catastrophe. A spokesman for "
                             "President Putin said he would not attend the funeral.")
    assert ents["Vsaadimir Putin"].kb_title == "Vladimir Putin"
    # Not where the slipped word is a name of its own: a general of a Chinese novel is no
    # Zhang Heng the astronomer (GAP's text linked him at 0.85 with a first form).
    _, ents = linked(engine, "After Huang had refused to head back to Zhaoge, Zhang Feng "
                             "would attack his cousin. Upon Zhang's rather quick defeat, he "
                             "used his twin hammers against Huang Feihu.")
    assert ents["Zhang Feng"].kb_title != "Zhang Heng"


def test_a_surnames_misspelled_given_name_is_read_into_the_name(engine):
    """NER read "Fride Kahlo" as "Kahlo" alone, and the lone surname was NIL (0.96)."""
    _, ents = linked(engine, "The blue house in Coyoacán where Fride Kahlo was born, lived "
                             "and died is now a museum. When Kahlo exhibited in Paris in "
                             "1939, Marcel Duchamp helped arrange the show.")
    assert ents["Fride Kahlo"].kb_title == "Frida Kahlo"
    # Another given name, or a word no slip away from one, stays out of the name.
    _, ents = linked(engine, "On Monday Kahlo exhibited in Paris.")
    assert "Kahlo" in ents and "Monday Kahlo" not in ents


def test_a_misspelled_name_with_of_is_read_whole(engine):
    """NER read "Uniiversity of Oxford" as Oxford and "Streit of Hormuz" as a "Streit" of
    no article (our texts' misspelling study); a headline's "Gulf of Mexcio Video" linked
    the misspelled word alone to Mexico."""
    for text, name, title in (
            ("A vaccine developed at the Uniiversity of Oxford cut cases.",
             "Uniiversity of Oxford", "University of Oxford"),
            ("A fifth of the world's oil passes through the nearby Streit of Hormuz.",
             "Streit of Hormuz", "Strait of Hormuz"),
            ("Fishermen Rescue Teen Kayaker in Gulf of Mexcio Video\n\nMore Stories",
             "Gulf of Mexcio", "Gulf of Mexico"),
            ("Health workers in eastern Democretic Republic of the Congo ran out of vaccine.",
             "Democretic Republic of the Congo", "Democratic Republic of the Congo")):
        _, ents = linked(engine, text)
        assert name in ents and ents[name].kb_title == title, (text, list(ents))
    # Names spelled right are left to NER and the KB's names: no word of them is a slip.
    ann, _ = linked(engine, "The Archbishop of Canterbury met the Duke of York.")
    assert [m.text for m in ann.mentions if m.kind == "name"] == ["Duke of York"]


def test_a_place_beside_a_misspelled_longer_place_stays_itself(engine):
    """NER took "Soutah Sudan" for a person, so Sudan joined it as a surname would, and
    the slipped South Sudan was linked to Sudan at 0.98 (our texts' misspelling study);
    a misspelled "Sudarn" joined it as a variant."""
    for sudan in ("Sudan", "Sudarn"):
        _, ents = linked(engine, f"Fighting spread to El Fasher, the last major town in "
                                 f"western {sudan} still held by the army. Many have fled "
                                 f"their homes, crossing into Chad and Soutah Sudan.")
        assert ents["Soutah Sudan"].kb_title == "South Sudan", sudan
        assert ents[sudan].kb_title == "Sudan"
    # A person's surname and given name still join their full name.
    ann, _ = linked(engine, "Barak Obamma spoke in Chicago. Obama said so.")
    assert len({m.entity for m in ann.mentions if "Obam" in m.text}) == 1


def test_an_office_the_article_writes_by_its_initials_fits(engine):
    """"Chief executive Elon Musk" was NIL at 0.90: his article says "CEO", never the words."""
    _, ents = linked(engine, "Tesla delivered fewer cars than analysts had expected. Chief "
                             "executive Elon Musk blamed factory retooling in Shanghai and "
                             "Texas.")
    assert ents["Elon Musk"].kb_title == "Elon Musk"
    # Only an acronym the article writes in capitals, one letter longer at most.
    assert engine.linker._initialled(["chief", "executive"], "Elon Musk") == \
        {"chief", "executive"}
    assert engine.linker._initialled(["foreign", "minister"], "Elon Musk") == set()
    # Not a regnal number or an era ("BC", "II" begin "british composer", "irish immigrant").
    assert engine.linker._initialled(["british", "composer"], "Augustus") == set()
    assert engine.linker._initialled(["irish", "immigrant"], "Pope John Paul II") == set()


def test_an_echo_with_its_given_name_before_it_is_the_full_name(engine):
    """"Fans of Tayolr Swift queued": NER read no name there, the echo finder the surname
    alone, and the surname counted as glued into a longer name "Tayolr Swift", a reason to
    think the group names something else: NIL at 0.40, Taylor Swift 0.598."""
    text = ("Tayolr Swift has broken another record. The singer's latest album sold more "
            "copies in its first week than any album since 2015, her label said on Monday. "
            "Tayolr Swift wrote most of the songs during her world tour. Critics were "
            "divided: some called it the best work of her career, others found it long. "
            "Swift herself said she had never been prouder. Fans of Tayolr Swift queued "
            "overnight outside record shops in London and New York. Tayolr Swift will begin "
            "a new tour in Tokyo next spring, and Swift said tickets would go on sale in May.")
    ann, ents = linked(engine, text)
    assert ents["Tayolr Swift"].kb_title == "Taylor Swift"
    fans = text.index("Fans of ") + len("Fans of ")
    assert any(m.start == fans and m.text == "Tayolr Swift" for m in ann.mentions)
    # The given name echoed as another person's surname goes with the full name: one
    # mention there, not two that overlap.
    ann, _ = linked(engine, "Tayolr Swift has broken another record. The singer Elizabeth "
                            "Tayolr praised it. Critics agreed. Fans of Tayolr Swift queued "
                            "overnight in London.")
    spans = sorted((m.start, m.end) for m in ann.mentions if m.kind == "name")
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), spans


def test_a_relation_is_no_description(engine):
    """"His great rival" says whose Messi is, not what he is: no article says *rival*."""
    _, ents = linked(engine, "Ronaldo has scored more than 900 goals. His great rival "
                             "Lionel Messi, now playing in Miami, has some 870.")
    assert ents["Lionel Messi"].kb_title == "Lionel Messi"
    # It still says a kind of thing: someone's mother is a person, not an opera.
    _, ents = linked(engine, "At home, Hurley confesses to his mother Carmen that they have "
                             "been lying; she believes him.")
    assert ents["Carmen"].kb_title is None


def test_a_lone_word_spelled_near_a_surname_is_not_that_person(engine):
    """"Grice" alone is another family's name as often as a slipped "Grace"."""
    _, ents = linked(engine, "Greek officials said Grice would repay its loans.")
    assert ents["Grice"].kb_title is None
    # Spelled right, a lone surname still reaches its bearer (test above: "Davis").


@pytest.mark.parametrize(("text", "name", "namesake"), [
    ("Robert Burke, a lawyer in Boston, filed the suit on Monday.", "Robert Burke",
     "Robert Burns"),
    ("Merkley told reporters in Salem that the vote would be close.", "Merkley",
     "Angela Merkel"),
    ("Barkley scored 30 points for Phoenix on Sunday night.", "Barkley", "George Berkeley"),
])
def test_a_name_two_slips_from_a_kb_name_in_a_short_word_is_another_name(
        engine, text, name, namesake):
    """Two changed letters in a short word make another family's name, not a slip."""
    ann = engine.annotate(text)
    (ent,) = [e for e in ann.entities if e.name == name]
    assert ent.kb_title != namesake


def test_a_plural_that_names_things_of_its_own_is_no_slip(engine):
    """"The Times Magazine" was Time (magazine) at 0.97 (a News-Fair dev text): "times" is
    a word of known names. A plural no name uses may still be a slip."""
    from glossator.core.nlp.candidates import generate
    from glossator.core.nlp.grouping import Group
    from glossator.core.nlp.mentions import NameMention

    times = Group(members=[NameMention(0, 14, "Times Magazine", "ORG", "ner", 0)],
                  name="Times Magazine", label="ORG")
    assert "Time (magazine)" not in generate(engine.linker, times, frozenset())
    ann = engine.annotate("This weekend, The Times Magazine dedicates an issue to climate.")
    assert [e.kb_title for e in ann.entities if e.name == "Times Magazine"] == [None]


def test_slips_are_counted_per_changed_word():
    from glossator.core.nlp.candidates import within_slips

    # one slip, a swap, a doubled letter, a transliteration's letters: a slip
    for text, alias in [("Itally", "Italy"), ("Grecee", "Greece"), ("Gadafi", "Gaddafi"),
                        ("Caliphornia", "California"), ("Tschaikowsky", "Tchaikovsky"),
                        ("Bob Dylen", "Bob Dylan"), ("Los Angales", "Los Angeles"),
                        ("Abudhabi", "Abu Dhabi")]:
        assert within_slips(text, alias), text
    # two changes in a word under eight letters, or any in a word under four: another name
    for text, alias in [("Robert Burke", "Robert Burns"), ("Merkley", "Merkel"),
                        ("John Warner", "John Wayne"), ("Barkley", "Berkeley"),
                        ("Kim Jong-il", "Kim Jong-un")]:
        assert not within_slips(text, alias), text
    # a space may slip, a whole word may not: "H Texas" is a magazine (a News-Fair dev
    # text linked it to Texas at 0.97), "Texas A" or "Greater London" other names
    for text, alias in [("Bin Ladin", "Binladen"), ("Abu Dhabi", "Abudabi")]:
        assert within_slips(text, alias), text
    for text, alias in [("H Texas", "Texas"), ("Texas A", "Texas"), ("Paris", "Paris X"),
                        ("Greater London", "London")]:
        assert not within_slips(text, alias), text


def test_a_long_lone_surname_transliterated_is_still_its_bearer(engine):
    """A long name has few real neighbours: "Rachmaninov" is the composer, spelled so.

    A lone surname with no other name beside it sits near or under the link threshold as
    retraining moves it (0.48, 0.50, 0.48 in three sessions; 0.33 since the nineteenth,
    whose training data tell a lone surname the neighbours' topic supports from one it
    does not, and here there are no neighbours; 0.26, then 0.21 with the twenty-seventh's
    weights, whose map puts a raw 0.36 lower once plain right names left that range):
    linked, or left NIL with the composer as its first "perhaps", never another article.
    """
    _, ents = linked(engine, "The orchestra closed the evening with a concerto by Rachmaninov.")
    entity = ents["Rachmaninov"]
    assert entity.kb_title == "Sergei Rachmaninoff" or (
        entity.kb_title is None and entity.alternatives and
        entity.alternatives[0].kb_title == "Sergei Rachmaninoff" and
        # at least what the card names as "perhaps" (gui.explain.NIL_PERHAPS)
        entity.alternatives[0].score >= 0.1 and all(
            a.score < entity.alternatives[0].score / 2 for a in entity.alternatives[1:])), \
        entity


def test_a_capitalised_generic_name_is_a_war_not_the_concept(engine):
    """"the Civil War" beside Abraham Lincoln is the American one, which the KB knows only
    as "American Civil War"; its "Civil war" is the concept, which the text would write in
    lower case. It was linked at 0.85, with no other war on offer: the events that end
    so are candidates too (``candidates._only_the_generic``). The ranker has learned
    little of such short names (the generic concept stays its first "perhaps", 0.34)."""
    _, ents = linked(engine, "Abraham Lincoln led the Union through the Civil War and was "
                             "assassinated in 1865.")
    war = ents["Civil War"]
    assert war.kb_title in ("American Civil War", None), war
    assert war.kb_title or "American Civil War" in [a.kb_title for a in war.alternatives], war


@pytest.mark.xfail(strict=True, reason="issue 11: the ranker leaves \"World Cups\" NIL "
                                       "beside rugby (the rules linked it)")
def test_short_name_of_an_event_follows_the_sport(engine):
    _, ents = linked(engine, "The All Blacks beat the Wallabies at Twickenham. New Zealand's "
                             "fly-half kicked 20 points and the team now have three World Cups, "
                             "more than any other rugby union side, in a scrum-heavy game.")
    assert ents["World Cups"].kb_title == "Rugby World Cup"
    assert ents["World Cups"].alternatives  # the other World Cups stay on offer


@pytest.mark.xfail(strict=True, reason="issue 11: the ranker leaves a lone place word "
                                       "(\"Atlantic\") NIL; the rules linked it")
def test_place_short_name(engine):
    _, ents = linked(engine, "Sailors crossed the Atlantic in a small boat last winter.")
    assert ents["Atlantic"].kb_title == "Atlantic Ocean"


def test_a_state_after_a_city(engine):
    _, ents = linked(engine, "The firm has offices in Seattle and Denver, Colorado.")
    assert ents["Denver"].kb_title == "Denver"
    # The starter KB has no article on the state: NIL, never the river.
    assert ents["Colorado"].kb_title != "Colorado River"
    # A town no table holds, in a text of other American states: the state, which the
    # starter KB lacks, not the country (it was Georgia (country) at 0.69).
    _, ents = linked(engine, "Carter entered hospice care in Plains, Georgia. In Texas, the "
                             "governor signed a law, and California passed another.")
    assert ents["Georgia"].kb_title is None


def test_a_town_of_the_country_the_text_names_is_no_ancient_namesake(engine):
    """"Obama flew from Washington … He will visit Memphis": every Memphis is American;
    the KB's is Egypt's ancient city (it was linked at 0.75). Houston's article names
    the country and keeps its link."""
    _, ents = linked(engine, "President Obama flew from Washington to Paris for talks. The "
                             "United States hopes for a deal. He will visit Memphis next "
                             "month.")
    assert ents["Memphis"].kb_title is None
    assert ents["Paris"].kb_title == "Paris"  # a Paris in two countries: nothing inferred
    _, ents = linked(engine, "The storm hit Texas on Monday. Flights were cancelled in "
                             "Houston, and the mayor of Chicago sent help.")
    assert ents["Houston"].kb_title == "Houston"
    assert ents["Chicago"].kb_title == "Chicago"


def test_hyphenated_places_are_two_names(engine):
    ann, ents = linked(engine, "Traffic was stopped at the Delhi-Noida border on Monday.")
    assert ents["Delhi"].kb_title == "Delhi"
    assert not any(m.text == "Delhi-Noida" for m in ann.mentions)


def test_misspelling_linked_through_the_articles_of_its_neighbours(engine):
    # "Inddya" (two slips) alone, in a text about shops, has no context for India; a
    # guess that far needs support, and Delhi's summary, which names India, gives it.
    text = ("Toy shops in Inddya are busy. Our reporter visited a market in Delhi, where "
            "sellers said prices had risen since spring.")
    ann, ents = linked(engine, text)
    assert ents["Inddya"].kb_title == "India"
    why = next(m.why for m in ann.mentions if m.text == "Inddya")
    assert "linked with it" in why
    # Without Delhi nothing vouches for it: at most a guess the reader is warned of
    # ("Perhaps India?"), less likely than with Delhi.
    _ann, alone = linked(engine, "Toy shops in Inddya are busy this spring.")
    assert alone["Inddya"].kb_title is None or is_guess(alone["Inddya"])
    assert _p(alone["Inddya"], "India") < _p(ents["Inddya"], "India")


def test_a_spelling_nearer_another_country_is_that_country(engine):
    # "Sria" is one edit from Syria and two from Serbia: not Serbia's variant.
    _, ents = linked(engine, "Refugees from Sria crossed into Turkey and then walked north "
                             "through Serbia and Hungary. Aid groups in Sria said more would "
                             "follow.")
    assert ents["Sria"].kb_title == "Syria"
    assert ents["Serbia"].kb_title == "Serbia"


def test_two_slips_link_only_with_the_other_names_support(engine):
    _, ents = linked(engine, "Refugees crossed from Syria into Tukery, and officials in Ankara "
                             "said Tukery would build more camps near Aleppo.")
    assert ents["Tukery"].kb_title == "Turkey"
    assert "spelling near its name" in next(
        m.why for m in engine.annotate("Refugees crossed from Syria into Tukery, and officials "
                                       "in Ankara said Tukery would build more camps near "
                                       "Aleppo.").mentions if m.text == "Tukery")
    # Two slips with nothing around to vouch for them: no guess.
    _, ents = linked(engine, "Our new singer, Tukery Mansell, joined the band in Leeds.")
    assert ents["Tukery Mansell"].kb_title is None


def test_a_place_called_by_the_tail_of_its_name(engine):
    _, ents = linked(engine, "The couple live in Vegas with their two dogs.")
    assert ents["Vegas"].kb_title in (None, "Las Vegas")
    assert linked_or_offered(ents["Vegas"]) == "Las Vegas"


def test_a_company_named_without_its_suffix_when_the_text_says_company(engine):
    # An expected failure from the tenth session to the sixtieth: the summaries' own
    # capitalised "Apple" is the company (``kb/text_priors.py``), which lifts its prior.
    _, ents = linked(engine, "While Apple is an electronics company, a pear is a fruit.")
    assert ents["Apple"].kb_title == "Apple Inc."
    _, ents = linked(engine, "She ate an Apple and a pear from the orchard in autumn.")
    assert ents.get("Apple") is None or ents["Apple"].kb_title != "Apple Inc."


def test_a_lone_given_name_is_a_person_even_when_ner_misses_it(engine):
    ann = engine.annotate("Erich was born in Neunkirchen.")
    erich = next(m for m in ann.mentions if m.text == "Erich")
    assert ann.entity(erich.entity).label == "PERSON"
    # Nothing here says which Erich: no guess.
    assert ann.entity(erich.entity).kb_title is None


_FILLER = [f"{first} {last}" for first, last in zip(
    "Tamsin Bram Odile Quentin Ysolde Horatio Petra Lasse Marit Ferdie Anouk Gideon Henrike "
    "Ulric Zofia Osric Imelda Crispin Delphine Emrys Greta Ivo Jocasta Kester Linnea Magnus "
    "Nell Orla Piet Rosalind Silas Tove Ursula Viggo Wilhelmina Xavier Yorick Zelda Abel "
    "Beatrix Cedric Dagny Evander Fenella Gustav Hester Inigo Juno Kasimir Leopold".split(),
    "Qorvel Ulvacek Parrish Vasko Mirren Blenk Ostrova Winterbo Haugsted Colquhoun Terlinde "
    "Sprawl Falb Tanvey Kremnitz Pellow Varga Hollyoak Arkwright Tolland Maelzel Strandberg "
    "Reeve Blount Sorrel Ettrick Quarrie Fenwick Hagendoorn Vane Brockley Lindqvist Denholm "
    "Rask Croft Pellin Dunmore Harrow Tennant Lowry Ambrose Holm Pike Marsh Renner Gallop "
    "Ibbotson Jessop Kettle Lumb".split(), strict=True)]


def test_names_far_away_in_a_long_text_do_not_vouch_for_a_guess(engine):
    from glossator.core.nlp.linking import COHERENCE_WINDOW

    crowd = " ".join(f"{name} spoke at a meeting." for name in _FILLER)
    text = f"Toy shops in Inddya are busy. {crowd} Our reporter visited a market in Delhi."
    ann, ents = linked(engine, text)
    assert len(ann.entities) > COHERENCE_WINDOW + 2
    assert ents["Delhi"].kb_title == "Delhi"
    # Delhi is a book's length away: no more than a guess the reader is warned of.
    far = ents["Inddya"]
    assert far.kb_title is None or is_guess(far)
    _ann, ents = linked(engine, f"Toy shops in Inddya are busy. In Delhi too. {crowd}")
    assert ents["Inddya"].kb_title == "India"
    assert _p(far, "India") < _p(ents["Inddya"], "India")


def test_a_word_the_text_writes_in_lower_case_is_no_misspelled_name(engine):
    _ann, ents = linked(engine, "Put each crate on the truck. The Crate tool builds the "
                                "package from its manifest.")
    assert ents["Crate"].kb_title is None  # not Crete
    ann, ents = linked(engine, "This is a major change. A Major release of the library "
                               "follows every spring.")
    assert all(e.kb_title != "Major League Baseball" for e in ann.entities)
    # Without the lower-case use, a misspelled island is still found.
    ann = engine.annotate("Tourists on Crette enjoy its beaches. Crette is a Greek island.")
    crette = next(m for m in ann.mentions if m.text == "Crette")
    assert ann.entity(crette.entity).kb_title == "Crete"


def test_two_slips_are_guessed_only_in_a_one_word_name(engine):
    _ann, ents = linked(engine, "They went to Boston to watch the Red Sox play at Fenway.")
    assert ents["Red Sox"].kb_title != "Red Sea"


def test_a_fuller_name_rules_out_an_article_found_by_a_part_of_it(engine):
    _ann, ents = linked(engine, "In her book, Mary Burtschi tells of a conversation between "
                                "two surveyors. Mary was born in Illinois.")
    assert ents["Mary Burtschi"].kb_title is None  # not Mary, Queen of Scots


def test_generations_and_regnal_numbers_are_not_misspellings(engine):
    from glossator.core.nlp.linking import _ordinal_clash

    _ann, ents = linked(engine, "Charles Jr. joined his father's firm in 1950.")
    assert ents["Charles Jr."].kb_title is None  # not Charles I of England
    assert _ordinal_clash("Henry IV", "Henry V")
    assert _ordinal_clash("John Smith Jr", "John Smith")
    assert not _ordinal_clash("Henri IV", "Henry IV")
    assert not _ordinal_clash("Micsooft", "Microsoft")


def test_a_proper_name_is_no_misspelled_common_noun(engine):
    from glossator.core.nlp.linking import has_common_word

    _ann, ents = linked(engine, "The National Party won the election in New Zealand.")
    assert ents["National Party"].kb_title is None  # not "National park"
    assert has_common_word("Alaska pollock")
    assert not any(has_common_word(t) for t in (
        "Los Angeles", "Isle of Man", "Trinidad and Tobago", "Leonardo da Vinci",
        "Sierra Nevada (U.S.)", "iPhone",
        # A syllable after an apostrophe is no word: "Xi'an" held "an" (our texts' Xi'an
        # was NIL at 0.58, thirty-ninth session).
        "Xi'an", "Ta'if"))
    assert has_common_word("Commedia dell'arte")


def test_an_articles_other_full_name_links(engine):
    _ann, ents = linked(engine, "He fought in the Second World War and later in Korea.")
    assert ents["Second World War"].kb_title == "World War II"


def test_a_persons_title_makes_a_person_whatever_ner_said(engine):
    # spaCy calls "Olaf Scholz" an ORG here, and "Scholz" a GPE.
    _ann, ents = linked(engine, "Chancellor Olaf Scholz will fly to Beijing on Thursday. "
                                "Scholz last visited China in 2022.")
    assert ents["Olaf Scholz"].label == "PERSON"


def test_parties_are_no_peoples_nor_misspelled_people(engine):
    from glossator.core.nlp.demonyms import demonym_titles

    _ann, ents = linked(engine, "The Greens want a tougher line, while the Free Democrats "
                                "worry about jobs in Bavaria.")
    democrats = next(e for n, e in ents.items() if n.endswith("Democrats"))
    assert democrats.kb_title is None  # not the Congo, nor Democritus
    assert demonym_titles("Greens", {"gree": ["Greenland"]}) == []
    assert demonym_titles("Swedes", {"swed": ["Sweden"]}) == ["Sweden"]
    # A people of no country: the Romani are no Romanians; Romanians are.
    assert demonym_titles("Romani", {"roma": ["Romania"]}) == []
    assert demonym_titles("Romanians", {"roma": ["Romania"]}) == ["Romania"]
    romani = linked(engine, "The Romani villages grew along the river.")[1]
    assert "Romania" not in {e.kb_title for e in romani.values()}  # was 0.98
    # The title the adjective holds whole comes first; a longer word is no country's.
    assert demonym_titles("Nigerian", {"nige": ["Niger", "Nigeria"]})[0] == "Nigeria"
    assert demonym_titles("Colombian", {"colo": ["Colombo", "Colombia"]})[0] == "Colombia"
    assert demonym_titles("Persian", {"pers": ["Persepolis"]}) == []
    assert demonym_titles("Belgian", {"belg": ["Belgium"]}) == ["Belgium"]
    # Past the letters it shares with the adjective a place's name adds two at most, or
    # holds the whole word: GAP's "Bengali" was Bengaluru at 0.98.
    assert demonym_titles("German", {"germ": ["Germany"]}) == ["Germany"]
    assert demonym_titles("Tuscan", {"tusc": ["Tuscany"]}) == ["Tuscany"]
    assert demonym_titles("Mauritian", {"maur": ["Mauritius"]}) == ["Mauritius"]
    assert demonym_titles("Christians", {"chri": ["Christianity"]}) == ["Christianity"]
    assert demonym_titles("Bengali", {"beng": ["Bengaluru"]}) == []
    assert demonym_titles("Zambian", {"zamb": ["Zambia", "Zambezi"]}) == ["Zambia"]
    # A place is no adjective of a longer title it begins, unless NER calls it a people's.
    assert demonym_titles("Missouri", {"miss": ["Missouri River"]}, begins=False) == []
    assert demonym_titles("Dominican", {"domi": ["Dominica", "Dominican Republic"]}) == [
        "Dominican Republic"]
    # A longer name it begins is no people's: "2020 Democratic candidates" were of the
    # Democratic Republic of the Congo at 0.96 (a News-Fair dev text).
    assert demonym_titles("Democratic", {"demo": ["Democratic Republic of the Congo"]}) == []
    assert demonym_titles("Azeri", {"azer": ["Azerbaijan"]}) == ["Azerbaijan"]
    # A qualified title is read without its qualifier; an unqualified one comes first.
    assert demonym_titles("Georgian", {"geor": ["Georgia (U.S. state)", "Georgia (country)",
                                                "Georgia"]})[0] == "Georgia"
    assert demonym_titles("Georgian", {"geor": ["Georgia (U.S. state)", "Georgia (country)"]}
                          )[0] == "Georgia (country)"


def test_mentions_count_no_further_than_the_training_saw(engine):
    """The generated documents name a thing at most about eight times; a book's 19
    "Paris" took the NIL side's weight further (0.61, then under the line)."""
    from glossator.core.nlp.linking import MENTIONS_LEARNED
    from glossator.core.nlp.ranker import NIL_FEATURES, log1p_scaled

    col = len(CANDIDATE_FEATURES) + NIL_FEATURES.index("nil_mentions")
    seen = {}
    for n in (MENTIONS_LEARNED - 1, MENTIONS_LEARNED, MENTIONS_LEARNED + 6):
        text = " ".join(f"Day {i}: the rain in Paris kept falling." for i in range(n))
        _titles, rows = ranked(engine, text)["Paris"]
        seen[n] = rows[-1, col]
    assert seen[MENTIONS_LEARNED - 1] < seen[MENTIONS_LEARNED]
    assert seen[MENTIONS_LEARNED + 6] == seen[MENTIONS_LEARNED] == pytest.approx(
        log1p_scaled(MENTIONS_LEARNED))


def test_a_relation_said_after_the_comma_is_a_person(engine):
    """"with Don, her lawyer boyfriend," was the river Don at 0.65 (GAP dev): the parse
    missed the apposition, so nothing said Don was a man."""
    ents = linked(engine, "Bored with her life and with Don, her lawyer boyfriend, waitress "
                          "Ellen Ward craves excitement.")[1]
    assert ents["Don"].kb_title is None
    assert ents["Don"].label == "PERSON"


def test_a_given_name_a_pronoun_goes_on_with_is_no_place(engine):
    """A novel's "Georgia laughed, and she ran out" was the country at 0.73 and
    "Adelaide wrote to her aunt" the city: the pronoun says a woman, whom the card calls
    a person and the pronoun refers to; the place stays an alternative."""
    for text, name, place in (("Georgia laughed, and she ran out of the room.", "Georgia",
                               "Georgia (country)"),
                              ("Adelaide wrote to her aunt every week.", "Adelaide",
                               "Adelaide")):
        ann, ents = linked(engine, text)
        entity = ents[name]
        assert entity.kb_title is None and entity.label == "PERSON", text
        assert place in [a.kb_title for a in entity.alternatives], text
        assert any(m.kind == "reference" and m.entity == entity.id
                   and m.text.lower() in ("she", "her") for m in ann.mentions), text
    # A country's "its" leaves the country; so does news's speech of someone else.
    for text in ("Georgia said its troops would withdraw from the border.",
                 "A journalist was detained at the border. Georgia said she had entered "
                 "the country illegally."):
        assert linked(engine, text)[1]["Georgia"].kb_title == "Georgia (country)", text


def test_a_family_of_peoples_is_no_country_and_an_adjective_no_slip(engine):
    """"-ic" makes a family of peoples or tongues: "Italic" tribes were Italy at 0.98 (GAP
    dev), "Indic" languages India by a slip. A people's word the KB's texts write is no
    slip of a place's name; and a people's adjective is read as one before any slip of
    the title it names ("Belgian" was a far spelling of Belgium, at 0.79)."""
    from glossator.core.nlp.demonyms import demonym_titles

    for word, places in (("Italic", {"ital": ["Italy"]}), ("Germanic", {"germ": ["Germany"]}),
                         ("Turkic", {"turk": ["Turkey"]})):
        assert demonym_titles(word, places) == [], word
    assert demonym_titles("Icelandic", {"icel": ["Iceland"]}) == ["Iceland"]  # listed
    # A faith's or a region's adjective still names it (a review: "Islamic scholars").
    assert demonym_titles("Islamic", {"isla": ["Islamabad", "Islam"]}) == ["Islam"]
    assert demonym_titles("Balkanic", {"balk": ["Balkans"]}) == ["Balkans"]
    for text, word, place in (
            ("Other cities in the area were founded by various Italic tribes.", "Italic",
             "Italy"),
            ("The Indic languages spread east from the plains.", "Indic", "India")):
        _ann, ents = linked(engine, text)
        assert ents[word].kb_title != place, text
        assert place not in ranked(engine, text).get(word, ([], None))[0], text
    titles, rows = ranked(engine, "The Belgian team won the match.")["Belgian"]
    belgium = rows[titles.index("Belgium")]
    assert belgium[CANDIDATE_FEATURES.index("how_demonym")] == 1.0
    assert belgium[CANDIDATE_FEATURES.index("how_far_spelling")] == 0.0
    # A place's slip is still read as one: the check is a people's word's only.
    assert linked(engine, "He flew to Tehrn on Monday.")[1]["Tehrn"].kb_title == "Tehran"


def test_a_peoples_adjective_names_a_place_not_a_longer_name_that_begins_like_it(engine):
    """"Victorian" (of Victoria, in Australian news) was Victoria Falls at 0.93, and
    "Americans" American Samoa: a longer name only beginning with the stem is another
    place; one the adjective itself begins is not ("Dominican Republic")."""
    from glossator.core.nlp.demonyms import demonym_titles

    places = {"vict": ["Victoria Falls", "Victoria (state)"],
              "amer": ["American Samoa", "Americas"],
              "domi": ["Dominica", "Dominican Republic"]}
    assert demonym_titles("Victorian", places) == ["Victoria (state)"]
    assert demonym_titles("Victorians", places) == ["Victoria (state)"]
    assert demonym_titles("Americans", places) == ["United States"]
    # Listed: the Republic's far more than Dominica's.
    assert demonym_titles("Dominican", places) == ["Dominican Republic"]
    # The stem is the title's root, not longer: "Turkish" is Turkey, "Ferrari" no Ferry.
    assert demonym_titles("Turkish", {"turk": ["Turkey"]}) == ["Turkey"]
    assert demonym_titles("Ferrari", {"ferr": ["Ferry"]}) == []
    # Longer stems listed; pairs and islands are one place (found by the review).
    assert demonym_titles("Panamanian", {}) == ["Panama"]
    assert demonym_titles("Togolese", {}) == ["Togo"]
    assert demonym_titles("Trinidadian", {"trin": ["Trinidad and Tobago"]}) == [
        "Trinidad and Tobago"]
    assert demonym_titles("Faroese", {"faro": ["Faroe Islands"]}) == ["Faroe Islands"]
    # A plural demonym is no "known word in the plural" (those are parties and teams).
    _ann, ents = linked(engine, "Argentines voted on Sunday.")
    assert ents["Argentines"].kb_title == "Argentina"
    _ann, ents = linked(engine, "Victorian police said the fire near Melbourne was under "
                                "control.")
    assert ents["Victorian"].kb_title != "Victoria Falls"


def test_a_party_is_no_misspelled_country(engine):
    """A known word in the plural ("Greens", "Reds") is no misspelling: the ranker took
    "Greens" for a two-slip Greece at 0.76 (far_unvouched too weak to stop it)."""
    _ann, ents = linked(engine, "The Greens want a tougher line, while the Free Democrats "
                                "worry about jobs in Bavaria.")
    assert ents["Greens"].kb_title is None  # not Greece, nor Greenland


def test_adjectives_whose_stem_is_not_the_countrys(engine):
    _ann, ents = linked(engine, "The former Portuguese prime minister met Cuban and Uzbek "
                                "envoys in Lisbon.")
    assert ents["Portuguese"].kb_title == "Portugal"  # not the Portuguese Empire
    assert ents["Cuban"].kb_title == "Cuba"
    assert ents["Uzbek"].kb_title == "Uzbekistan"


def test_a_character_named_like_a_thing_the_text_also_speaks_of(engine):
    text = ("Silk agrees to the bet and the two fought. He easily beats Tre, who ambushes "
            "Silk from behind. The silk robe tore.")
    _ann, ents = linked(engine, text)
    assert ents["Silk"].kb_title is None  # not the fibre
    _ann, ents = linked(engine, "Silk was traded along the Silk Road for centuries.")
    assert ents["Silk Road"].kb_title == "Silk Road"


@pytest.mark.parametrize("word, other", [
    ("metre", "metres"), ("metres", "metre"), ("race", "races"), ("races", "race"),
    ("city", "cities"), ("cities", "city"), ("church", "churches"), ("churches", "church"),
    ("day", "days"),
])
def test_plural_and_singular_forms_of_a_descriptor_word(word, other):
    from glossator.core.nlp.linking import _plural_forms

    assert other in _plural_forms(word)
    assert "daies" not in _plural_forms("day")  # a vowel before the y: no -ies


def test_a_plain_name_in_a_neutral_sentence_is_sure(engine):
    """"Germany" spelled right reads as a fact, and never less sure than "Gremany".

    It read 0.68, wavy, while the training texts were all KB extracts that vouch for each
    other's names; with news-like ones among them (eleventh session) it is 0.86; from the
    thirteenth session's KB and engine changes, 0.75-0.77; 0.80 with the nineteenth
    session's first retraining, 0.74 with its shipped one; 0.81 since the fifty-fifth,
    trained and calibrated on our own texts too (an expected failure before).
    """
    from glossator.core.nlp.ranker import CONFIDENT

    _, right = linked(engine, "Last year she moved to Germany with her family.")
    _, slip = linked(engine, "Last year she moved to Gremany with her family.")
    assert right["Germany"].kb_title == "Germany"
    assert right["Germany"].confidence >= CONFIDENT
    assert right["Germany"].confidence >= slip["Gremany"].confidence


def test_a_peoples_adjective_says_where_a_place_is(engine):
    # A people's adjective says where too: Tripoli, Libya is the KB's only Tripoli, the
    # text's is in Lebanon (trap t62 says the same). It sat on the line (0.57-0.61) until
    # a town of the name where the text puts it weighed apart (thirty-ninth session); the
    # topic of its sentence, of fighting as the Libyan capital's summary is, lifted it to
    # 0.65 (fortieth); the training's framed towns, whose clash learns a weight apart
    # from the comma's explanation, bring it to 0.52 (forty-fourth).
    _, ents = linked(engine, "Clashes between rival gunmen in the northern Lebanese city of "
                             "Tripoli killed two people on Friday, the army said.")
    assert ents["Tripoli"].kb_title is None


def test_a_place_said_to_be_elsewhere_is_not_its_namesake(engine):
    # "the Texas city of Paris": a kind of place and where it is; Paris, France was 0.86.
    _, ents = linked(engine, "A tornado tore through the small northeast Texas city of Paris "
                             "late on Sunday, flattening a church and dozens of homes.")
    assert ents["Paris"].kb_title is None
    _, ents = linked(engine, "Tourists crowded the city of Paris on Sunday, officials said.")
    assert ents["Paris"].kb_title == "Paris"
    # A place named by its short name is where its article says, in its long one.
    _, ents = linked(engine, "He moved to the US state of Texas last year.")
    assert ents["Texas"].kb_title == "Texas"
    _, ents = linked(engine, "Fans packed the UK city of Manchester on Saturday.")
    assert ents["Manchester"].kb_title == "Manchester"
    _, ents = linked(engine, "Tourists crowded the Italian city of Florence on Sunday.")
    assert ents["Florence"].kb_title == "Florence"
    # A faith or a people names no country: the city keeps its article.
    for text, city in (("Pilgrims reached the Shiite city of Basra on Friday.", "Basra"),
                       ("Fighting reached the Kurdish city of Mosul on Friday.", "Mosul")):
        _, ents = linked(engine, text)
        assert linked_or_offered(ents[city]) == city, text


@pytest.mark.parametrize("text, name, title", [
    ("Survivors of the Rwandan genocide gathered in Kigali on Sunday.", "Rwandan genocide",
     "Rwandan genocide"),  # was Rwanda at 0.98
    ("Veterans of the Iraq war marched on Saturday.", "Iraq war", "Iraq War"),
    ("The COVID-19 pandemic closed schools for a year.", "COVID-19 pandemic",
     "COVID-19 pandemic"),
])

def test_an_event_whose_kind_the_text_writes_in_lower_case(engine, text, name, title):
    _, ents = linked(engine, text)
    assert ents[name].kb_title == title


def test_a_place_before_a_lower_case_noun_stays_the_place(engine):
    # No KB event is named so: the name stays the place's (and no longer name is made).
    _, ents = linked(engine, "A Moscow court jailed him, and the Paris attacks were recalled.")
    assert "Moscow" in ents and "Paris" in ents


def test_a_place_that_plays_is_not_the_place(engine):
    """A match report's cities are its teams, which the starter KB lacks: no city card,
    however well the two cities vouch for each other; a city the report is in stays."""
    text = ("In Spain, Sevilla lost 2-0 at Valencia on Sunday. Germany edged France 2-1 "
            "in a friendly in Rome, and Liverpool manager Arne Slot praised his side.")
    _, ents = linked(engine, text)
    for team in ("Sevilla", "Germany", "France", "Liverpool"):
        assert ents[team].kb_title is None, (team, ents[team].kb_title)
        assert any(d.text == "sports team" for d in ents[team].descriptors), team
        # The card's kind line says what the text says it is: no "Place".
        assert ents[team].label == "ORG", (team, ents[team].label)
    assert ents["Spain"].kb_title == "Spain" and ents["Spain"].label == "GPE"
    _, ents = linked(engine, "Seville and Lyon are famous for their old town centres; "
                             "Germany and France share a long border.")
    assert ents["Seville"].kb_title == "Seville" and ents["Lyon"].kb_title == "Lyon"
    assert ents["Germany"].kb_title == "Germany" and ents["France"].kb_title == "France"



def test_the_city_a_team_is_named_after_is_its_own_entity(engine):
    ann, _ = linked(engine, "Sevilla lost 2-0 at Valencia on Sunday, their third defeat in "
                            "a row.\n\nLater that week the mayor of Seville opened a new "
                            "bridge. Tourists in Seville praised the cathedral.")
    ids = {m.text: m.entity for m in ann.mentions if m.kind == "name"}
    assert ids["Sevilla"] and ids["Seville"] and ids["Sevilla"] != ids["Seville"]
    assert ann.entity(ids["Sevilla"]).kb_title is None
    assert not any(d.text == "sports team" for d in ann.entity(ids["Seville"]).descriptors)


@pytest.mark.xfail(strict=True, reason="issue 11: a linked city whose article names the "
                                       "team's country ('in Lyon') vouches for France as a "
                                       "place (support 1.0) more than the team reading "
                                       "counts against it: France 0.82")
def test_a_team_played_in_a_city_of_its_own_country_is_not_the_country(engine):
    _, ents = linked(engine, "In Spain, Sevilla lost 2-0 at Valencia on Sunday. Germany "
                             "edged France 2-1 in a friendly in Lyon.")
    assert ents["France"].kb_title is None


def test_an_age_says_nothing_of_what_the_name_is():
    """"Taylor, 27," made the ranker's NIL row "described" (weight 1.64) with nothing on
    the living singer's side to answer it: an age weighs through its clash with a dead
    person's article alone."""
    age = Descriptor("age", "27", "27")
    assert not _explained([age])
    assert _explained([age, Descriptor("premodifier", "singer", "singer")])


@pytest.mark.xfail(strict=True, reason="issue 11: the fifty-fourth session's candidates "
                   "offer no body's short name for a people's word (the American Museum of "
                   "Natural History for 'American'), so 'Western' keeps only the genre: 0.87")
def test_a_word_inside_a_longer_name_of_an_article_vouches_for_nothing(engine):
    """News-Fair dev: "attacks against Western targets" beside Italy, France and Belgium
    was Western (genre) at 0.97, vouched for by Italy's "Western Europe"."""
    lk = engine.linker
    assert "western" in lk.grams("Italy") and not lk.names_alone("Italy", "Western (genre)")
    assert lk.names_alone("Western (genre)", "Western (genre)")
    assert lk.names_alone("Steve Jobs", "Apple Inc.")
    assert lk.names_alone("John Lennon", "The Beatles")  # "the Beatles", a review's case
    # the article's fuller name of the title counts: Mexico borders "the United States of
    # America" (GAP dev: "the U.S. invasion" beside Mexico and Spain lost its support)
    assert lk.names_alone("Mexico", "United States")
    _, ents = linked(engine, "Officials in Italy, France and Belgium said the three men "
                             "plotted attacks against Western targets from a base in Syria.")
    western = ents["Western"]
    assert western.kb_title is None or western.confidence < 0.8


def test_text_not_ours_gap_dev_confident_wrong_links(engine):
    """GAP development (dev half), links given 0.8 and more that named someone else."""
    # The last-resort title scan allowed two edits over the whole name: each word keeps
    # its own bound now ("Sox" is three letters, no slip allowed).
    _, ents = linked(engine, "The Black Sox scandal shook baseball, and the White Sox "
                             "never forgot it.")
    assert ents["Black Sox"].kb_title is None and ents["White Sox"].kb_title is None
    # A given name is no slip of a thing's name, nor a capitalised word of an acronym.
    _, ents = linked(engine, "After the war Cass formed a partnership with aspiring reporter "
                             "Kathleen McKinnon, and Cass later wrote a book.")
    assert ents["Cass"].kb_title is None  # was CSS at 0.82
    ann, _ = linked(engine, "She named her daughter Tina, after Tina Turner.")
    assert all(e.kb_title is None and all(a.kb_title != "Tuna" for a in e.alternatives)
               for e in ann.entities)
    # The first name of a fuller one is no slip either ("Neal" was Nepal at 0.81).
    ann, _ = linked(engine, "Guide Neal Beidleman led the group down the mountain. Later "
                            "Neal said the storm came fast.")
    assert all(e.kb_title is None for e in ann.entities if e.name.startswith("Neal"))
    # Whatever NER took the fuller name for: "Karan" of a Karan Seth read as a place was
    # Kazan at 0.85. A place's first word that is no given name may still slip.
    from glossator.core.nlp.candidates import generate
    from glossator.core.nlp.grouping import Group
    from glossator.core.nlp.mentions import NameMention

    for label in ("GPE", "ORG", "PERSON"):
        karan = Group(members=[NameMention(0, 10, "Karan Seth", label, "ner", 0),
                               NameMention(40, 45, "Karan", label, "ner", 1)],
                      name="Karan Seth", label=label)
        assert "Kazan" not in generate(engine.linker, karan, frozenset()), label
    for name, word, title in (("Itally, Catholicism", "Itally", "Italy"),
                              ("Kenia, Uganda", "Kenia", "Kenya")):  # a census name
        g = Group(members=[NameMention(0, len(name), name, "GPE", "ner", 0),
                           NameMention(40, 40 + len(word), word, "GPE", "ner", 1)],
                  name=name, label="GPE")
        assert generate(engine.linker, g, frozenset())[title][2] == "spelling", name
    # A people's adjective names no sea: "the Persian king Darius III" was Persian Gulf.
    from glossator.core.nlp.demonyms import demonym_titles

    places = engine.linker.gazetteer.places
    assert demonym_titles("Persian", places) == [] and demonym_titles("Caspian", places) == []
    assert demonym_titles("Iberian", places) == ["Iberian Peninsula"]
    assert demonym_titles("Ottoman", places) == ["Ottoman Empire"]


def test_initials_run_together_find_the_kb_name(engine):
    _, ents = linked(engine, "J.R.R. Tolkien wrote The Hobbit while teaching at Oxford.")
    assert ents["J.R.R. Tolkien"].kb_title == "J. R. R. Tolkien"


def test_text_not_ours_gap_dev_names_of_their_own(engine):
    """GAP development (dev half, rows 750 on): names one slip from a title that are names
    of their own, and a people's word that is no slip of its place."""
    # A person's given name is no slip at all ("Jamie" was the poet Jami at 0.81). (A
    # place's, "Zofia" for Sofia, is the ranker's: ``slip_is_a_name``, test_ranker.)
    _, ents = linked(engine, "Jamie moved to Glasgow with her parents, and Jamie later "
                             "studied law there.")
    assert ents["Jamie"].kb_title is None and not ents["Jamie"].alternatives
    # "The New Yorker" is no misspelled New York (state) (0.82): a people's ending.
    _, ents = linked(engine, "Her biography was reviewed in The New York Times, The "
                             "Washington Post, Vogue, and The New Yorker.")
    assert ents["New Yorker"].kb_title is None
    from glossator.core.nlp.candidates import people_of

    assert people_of("new yorker", "new york") and people_of("londoners", "london")
    assert not people_of("romaa", "roma") and not people_of("new york", "new york")
    # A word that is another word is no slip: "The Little Princess" was The Little Prince
    # at 0.94, "Beat poetry" Bat; and the issue's "Carter" (Jimmy) Jacques Cartier.
    _, ents = linked(engine, "She later played in The Little Princess, with Millie James. "
                             "It resonates with the energy of Beat poetry. Carter met the "
                             "press in Plains.")
    for name in ("Little Princess", "Beat", "Carter"):
        assert ents[name].kb_title is None and not ents[name].alternatives, name
    from glossator.core.nlp.candidates import other_words

    assert other_words("Little Princess", "Little Prince", "OTHER")
    assert other_words("Lapin", "Latin", "OTHER")
    assert not other_words("Jakarata", "Jakarta", "OTHER")
    # People's and places' names are left to the ranker: WordNet holds proper names, and
    # "Jane Austin" and "Torino" are Austen and Turin.
    assert not other_words("Jane Austin", "Jane Austen", "PERSON")
    assert not other_words("Torino", "Turin", "GPE")
    _, ents = linked(engine, "Jane Austin wrote Pride and Prejudice. Tensions rose between "
                             "Isreal and Hamas.")
    assert ents["Jane Austin"].kb_title == "Jane Austen"
    assert linked_or_offered(ents["Isreal"]) == "Israel"


def test_a_spelling_guess_keeps_the_given_name(engine):
    """GAP dev linked "Christopher Whall" to Whale at 0.77 and "Flo Rida" to Florida at
    0.81, guessed from the spelling of a word: a guess must hold the given name."""
    from glossator.core.nlp.candidates import given_unmatched

    _ann, ents = linked(engine, "Whall made the east window of the chapel in 1895; "
                                "Christopher Whall also taught glass painting. Later "
                                "Flo Rida sang at the summer fair, and Vladimir Putn "
                                "spoke.")
    assert not any(e.kb_title for n, e in ents.items() if "Whall" in n or "Rida" in n), ents
    assert ents["Vladimir Putn"].kb_title == "Vladimir Putin"  # held: a slip, not a name

    def said(name: str, title: str, alias: str = "") -> bool:
        return given_unmatched(name.split(), title, alias or title)

    assert said("Christopher Whall", "Whale") and said("Flo Rida", "Florida")
    assert said("Mike Trout", "Trout") and said("Michelle Obama", "Barack Obama", "Obama")
    # Held by the title, a close spelling of it, or the alias the candidate was found by.
    assert not said("Bill Gates", "Bill Gates") and not said("Jon Stewart", "John Stewart")
    assert not said("William Gates", "Bill Gates", "William Henry Gates")
    assert not said("Virginia Woolf", "Virginia") and not said("Paris Hilton", "Paris")
    # Not a given name, an initial, or one word.
    assert not said("New York", "New York City") and not said("J. Smith", "Adam Smith")
    assert not said("Whall", "Whale")



def test_an_article_says_its_subject_died_by_its_tense():
    """Wikipedia writes of the dead in the past tense; a living politician's description
    gives an office's years ("from 2009 to 2017"), which read as a lifespan before."""
    assert said_dead("French general and emperor (1769–1821)",
                     "Napoleon Bonaparte was Emperor of the French from 1804 until 1814.")
    assert not said_dead("President of the United States from 2009 to 2017",
                         "Barack Obama is an American former politician who served as the "
                         "44th president of the United States from 2009 to 2017.")
    assert not said_dead("President of Russia (2000–2008; since 2012)",
                         "Vladimir Putin is a Russian politician.")
    assert said_dead("English poet (1564–1616)", "")  # no sentence: the lifespan says it


def test_a_death_before_a_year_is_read_from_the_descriptions_range():
    collins = ("Irish revolutionary and politician (1890–1922)",
               "Michael Collins was an Irish revolutionary.")
    assert died_before(*collins, 1990) and not died_before(*collins, 1922)
    assert not died_before("American businessman and inventor (1955–2011)",
                           "Steve Jobs was an American businessman.", 1990)
    assert not died_before("President of the United States from 2009 to 2017",
                           "Barack Obama is an American former politician.", 2020)
    assert not died_before("Composer", "Someone was a composer.", 1990)  # no year: no answer


@pytest.mark.parametrize("text, name, article, clash", [
    ("Independent Ireland leader Michael Collins said on Monday his party would back the "
     "housing bill.", "Michael Collins", "Michael Collins (Irish leader)", True),
    ("Barack Obama said on Monday that he would campaign in Ohio.", "Barack Obama",
     "Barack Obama", False),
    # Dead since 2013: news written while he lived is still read.
    ("Nelson Mandela said on Monday that South Africa must heal.", "Nelson Mandela",
     "Nelson Mandela", False),
    ("Napoleon, 54, a baker from Lyon, was fined.", "Napoleon", "Napoleon", True),
    # Said of the historians, not of Napoleon.
    ("Historians said on Monday that Napoleon lost at Waterloo.", "Napoleon", "Napoleon",
     False),
])
def test_a_living_bearer_clashes_with_a_dead_persons_article(engine, text, name, article,
                                                              clash):
    titles, rows = ranked(engine, text)[name]
    assert bool(rows[titles.index(article), CANDIDATE_FEATURES.index("age_clash")]) is clash


def test_an_unlikely_guess_of_a_neighbour_says_no_topic():
    """A NIL neighbour's guesses vouch for a lone name's topic only where likely."""
    from glossator.core.nlp.linking import Link, Scored, _provisional

    guesses = [Scored("Bill Gates", score=0.22), Scored("Jim Henson", score=0.03)]
    assert _provisional(Link(None, 0.7, guesses)) == ["Bill Gates"]
    assert _provisional(Link("Microsoft", 0.9, guesses)) == ["Microsoft"]


def test_the_topic_of_a_names_sentences_tells_namesakes_apart_without_a_shared_word(engine):
    """``topic_likeness``: the sentence's place in the KB's topic space (``topics``)."""
    col = CANDIDATE_FEATURES.index("topic_likeness")
    for text, right, other in (
            ("Armstrong was the first man to walk on the Moon after the Apollo landing.",
             "Neil Armstrong", "Louis Armstrong"),
            ("Armstrong played the trumpet with his band and recorded hit songs.",
             "Louis Armstrong", "Neil Armstrong")):
        titles, rows = ranked(engine, text)["Armstrong"]
        likeness = {t: rows[i][col] for i, t in enumerate(titles)}
        assert likeness[right] > 2 * likeness[other] and likeness[right] > 0.2, likeness
    # The right article's likeness is a weight the ranker learned, not a veto: with the
    # KB's words alone the trumpeter is linked in a text about his music.
    _, ents = linked(engine, "Louis Armstrong played the trumpet with his band in New "
                             "Orleans and recorded hit songs.")
    assert ents["Louis Armstrong"].kb_title == "Louis Armstrong"


def test_a_ruler_and_the_place_of_their_style_are_each_explained(engine):
    """"Henry VIII of England", "Catherine the Great of Russia": the place after "of" is
    no longer name's part, as in "University of Paris". Before, the king was NIL (0.47)
    and Russia NIL at 0.95, each read as glued into a longer name."""
    for text, person, place in (
            ("King Henry VIII of England broke with Rome.", "Henry VIII", "England"),
            ("Louis XIV of France built a palace.", "Louis XIV", "France"),
            ("Catherine the Great of Russia corresponded with Voltaire.",
             "Catherine the Great", "Russia"),
            ("Tsar Alexander I of Russia pressed for a Holy Alliance.", "Alexander I",
             "Russia")):
        _ann, ents = linked(engine, text)
        assert ents[place].kb_title == place, text
        assert ents[person].kb_title is not None and \
            ents[person].kb_title.startswith(person), text
    # One NER name of both: two names, each its article.
    _ann, ents = linked(engine, "Frederick the Great of Prussia fought Austria.")
    assert ents["Frederick the Great"].kb_title == "Frederick the Great"
    assert ents["Prussia"].kb_title == "Prussia"
    # A longer name is still one ("University of Paris" is not Paris), and so is a KB
    # name of that form.
    _ann, ents = linked(engine, "The University of Paris was founded in 1150.")
    assert "Paris" not in ents
    _ann, ents = linked(engine, "Philip II of Spain sent the Armada.")
    assert ents["Philip II of Spain"].kb_title == "Philip II of Spain"


def test_no_spelling_is_guessed_as_a_slip_of_a_short_title(engine):
    """"Speaking with CNet", "Tory MP Chris Clarkson": a word one slip from a title of
    four letters is another word as often as a slip, and the ranker learned slips of names
    of five letters or more only (they were Cnut at 0.86 and Troy at 0.89, in a book)."""
    for text, name in (("Speaking with CNet, the company's spokesman said the deal held.",
                        "CNet"),
                       ("Tory MP Chris Clarkson clashed with Labour on Wednesday.", "Tory")):
        ann = engine.annotate(text)
        ent = next((e for e in ann.entities if e.name == name), None)
        assert ent is None or (ent.kb_title is None and not ent.alternatives), text


def test_the_names_own_word_is_no_topic_unless_a_neighbour_names_the_title(engine):
    """"Tesla's Elon Musk": Musk's article writes "Tesla" for his company, which the KB
    lacks; the unit shares the word, and its topic support was 0.85 (linked at 0.67; at
    0.62 with the fifty-fourth session's retraining, an expected failure until the
    fifty-fifth's, trained on our texts too).
    "Darwin sailed … to the Galapagos Islands": their article names Charles Darwin in
    full, which is his topic (0.88 with it, 0.71 without)."""
    _, ents = linked(engine, "Tesla's Elon Musk said the company would build a new factory.")
    assert ents["Tesla"].kb_title is None
    _, ents = linked(engine, "Darwin sailed on HMS Beagle to the Galapagos Islands.")
    assert ents["Darwin"].kb_title == "Charles Darwin"
    assert ents["Darwin"].confidence >= 0.8


def test_a_far_spelling_takes_no_topic_support(engine):
    """A given name two slips from a city: "Sayaka" was Sanaa at 0.63, its topic support
    (0.57) drawn from the neighbours' own spelling guesses, none of them linked; "Ishaan"
    beside a linked Mumbai was Isfahan at 0.81 (two cities are about the same things). A
    far spelling is vouched for only by an article that names it ("Athina" beside
    Pericles is Athens)."""
    _, ents = linked(engine, "Sayaka trains at dawn. Dorinova and Belkins mock Yawara at "
                             "the weigh-in, and Sayaka loses her final to Mina.")
    assert ents["Sayaka"].kb_title is None
    _, ents = linked(engine, "Ishaan scored a century for Mumbai, and Rohit and Virat "
                             "praised him after the match.")
    assert ents["Ishaan"].kb_title is None
    _, ents = linked(engine, "Octavian and Pericles admired Athina, and Thucydides wrote "
                             "its history.")
    assert ents["Athina"].kb_title == "Athens"


def test_a_close_spellings_topic_support_is_a_persons_among_peers(engine):
    """A pupil "Shingo" among Japanese classmates was Shinto at 0.97 (GAP's dev half): the
    neighbours are about Japan, and so is the religion one slip away. A topic vouches
    for a person among peers ("Rachmaninov" in a review of pianists and composers), not
    for a thing or a place a stranger's name happens to spell."""
    from glossator.core.nlp.ranker import CONFIDENT

    school = ("Shingo teaches mathematics at a girls' school in Osaka. Hiroshi, Kenji, "
              "Yuki and Aiko are in Shingo's class, and Kenji hopes to study in Kyoto "
              "after the Japanese exams.")
    titles, rows = ranked(engine, school)["Shingo"]
    assert rows[titles.index("Shinto"), CANDIDATE_FEATURES.index("support")] == 0.0
    _, ents = linked(engine, school)
    assert ents["Shingo"].kb_title is None or ents["Shingo"].confidence < CONFIDENT
    concert = ("In Vienna the young pianist played Rachmaninov, Shostakovich and "
               "Prokofiev, and the orchestra closed with Tchaikovsky.")
    titles, rows = ranked(engine, concert)["Rachmaninov"]
    assert rows[titles.index("Sergei Rachmaninoff"), CANDIDATE_FEATURES.index("support")] > 0.5
    _, ents = linked(engine, concert)
    assert ents["Rachmaninov"].kb_title == "Sergei Rachmaninoff"
    assert ents["Rachmaninov"].confidence >= CONFIDENT


@pytest.mark.parametrize("text, name, title", [
    # NIL at 0.64: "Victoria" alone is one of the queen's other names.
    ("Queen Victoria opened the exhibition.", "Victoria", "Queen Victoria"),
    # No candidate at all: "Arthur" alone names no article.
    ("King Arthur pulled the sword from the stone.", "Arthur", "King Arthur"),
    # "Richelieu" alone is the article's surname: found so first, it stayed a part.
    ("Cardinal Richelieu ruled France.", "Richelieu", "Cardinal Richelieu"),
])
def test_a_name_with_its_rank_is_the_title_it_writes(engine, text, name, title):
    titles, rows = ranked(engine, text)[name]
    row = rows[titles.index(title)]
    for feature in ("kind_full", "title_coverage"):
        assert row[CANDIDATE_FEATURES.index(feature)] == 1.0, feature
    for feature in ("kind_derived", "kind_part"):
        assert row[CANDIDATE_FEATURES.index(feature)] == 0.0, feature
    _, ents = linked(engine, text)
    assert ents[name].kb_title == title and ents[name].confidence >= LINK_THRESHOLD


@pytest.mark.parametrize("text, name, title", [
    # No candidate before: the pool held Constantine, Algeria, whose article names him.
    ("Emperor Constantine converted to Christianity.", "Constantine", "Constantine the Great"),
    # "King Alfred": a lone given name NER missed, read with its rank.
    ("King Alfred fought the Danes.", "Alfred", "Alfred the Great"),
    ("Empress Catherine corresponded with Voltaire.", "Catherine", "Catherine the Great"),
])
def test_a_rulers_given_name_with_the_rank_offers_the_one_ruler(engine, text, name, title):
    """Offered as a given name is, no name in full: the KB holds a name's famous rulers,
    texts many others ("Queen Isabella in 1326" is no Isabella I of Castile)."""
    titles, rows = ranked(engine, text)[name]
    row = rows[titles.index(title)]
    assert row[CANDIDATE_FEATURES.index("how_part")] == 1.0
    assert row[CANDIDATE_FEATURES.index("kind_full")] == 0.0
    assert row[CANDIDATE_FEATURES.index("descriptor_fits")] == 1.0  # the rank


@pytest.mark.parametrize("text, name", [
    ("The chronicle says King Henry broke with Rome.", "Henry"),  # eight kings
    # The name itself names an emperor: "Napoleon" (the given names list Napoleon III).
    ("Emperor Napoleon crowned himself in 1804.", "Napoleon"),
])
def test_two_rulers_of_the_rank_leave_the_name_to_the_text(engine, text, name):
    from glossator.core.nlp.candidates import Request, ruler

    engine.linker.collect = []
    try:
        engine.annotate(text)
        (group,) = [g for g, _t, _r in engine.linker.collect if g.name == name]
    finally:
        engine.linker.collect = None
    req = Request(engine.linker, group, frozenset(), words=[name])
    for title in engine.linker.exact(name):
        req.pool[title.title] = (title, 1.0, "exact")
    held = dict(req.pool)
    ruler(req)
    assert req.pool == held


@pytest.mark.parametrize("text, name, place", [
    ("Emperor Constantine converted to Christianity.", "Constantine", "Constantine, Algeria"),
    ("Captain America saved the day in the new film.", "America", "United States"),
    ("President Washington crossed the river.", "Washington", "Washington, D.C."),
    ("Miss France was crowned on Saturday night in Dijon.", "France", "France"),
])
def test_a_rank_says_no_place_is_meant(engine, text, name, place):
    """A rank or an honorific is a person's: a place of the name clashes, and the office
    is no fit for a place whose article names it (Constantine, Algeria's names the
    emperor)."""
    titles, rows = ranked(engine, text)[name]
    row = rows[titles.index(place)]
    assert row[CANDIDATE_FEATURES.index("descriptor_kind_clash")] == 1.0
    assert row[CANDIDATE_FEATURES.index("descriptor_fits")] == 0.0
    _, ents = linked(engine, text)
    assert ents[name].kb_title != place


def test_a_rank_before_a_person_of_the_name_is_no_clash(engine):
    titles, rows = ranked(engine, "President Lincoln signed the proclamation.")["Lincoln"]
    row = rows[titles.index("Abraham Lincoln")]
    assert row[CANDIDATE_FEATURES.index("descriptor_kind_clash")] == 0.0
    assert row[CANDIDATE_FEATURES.index("descriptor_fits")] == 1.0  # "president"


def test_an_article_titled_with_the_rank_is_no_clash(starter_kb_path, tmp_path):
    """NER leaves the rank out of "Ambassador Bridge" (the review's case: linked at 0.88
    before the rank said a person, NIL at 0.78 after): an article titled with the rank is
    the name in full, no person's."""
    import shutil

    from glossator.core.kb import KnowledgeBase
    from glossator.core.kb.records import SummaryRecord
    from glossator.core.nlp.engine import Engine

    starter = tmp_path / "starter.sqlite"
    shutil.copy(starter_kb_path, starter)
    kb = KnowledgeBase.open(tmp_path / "user.sqlite", starter)
    kb.upsert([SummaryRecord(
        title="Ambassador Bridge",
        description="Suspension bridge between Detroit and Windsor",
        extract="The Ambassador Bridge is a suspension bridge that connects Detroit, "
                "Michigan, with Windsor, Ontario, across the Detroit River.")])
    engine = Engine(kb)
    try:
        text = "Ambassador Bridge traffic was halted between Detroit and Windsor."
        titles, rows = ranked(engine, text)["Bridge"]
        row = rows[titles.index("Ambassador Bridge")]
        assert row[CANDIDATE_FEATURES.index("descriptor_kind_clash")] == 0.0
        assert row[CANDIDATE_FEATURES.index("kind_full")] == 1.0
        _, ents = linked(engine, text)
        assert ents["Bridge"].kb_title == "Ambassador Bridge"
    finally:
        kb.close()


def test_a_word_that_names_a_people_is_no_slip(engine):
    """A helper's text: "a Parsi journalist" was a misspelled Paris at 0.73; its own
    people's word is still the place's ("Palestinian", which Palestine's article writes)."""
    _ann, entities = linked(engine, "Palestinian leader Yasser Arafat was flown to Paris.")
    assert entities["Palestinian"].kb_title == "Palestine"
    text = "In 1942 she married Feroze Gandhi, a Parsi journalist from Bombay."
    _ann, entities = linked(engine, text)
    assert "Paris" not in {e.kb_title for e in entities.values()}
    assert "Paris" not in {a.kb_title for e in entities.values() for a in e.alternatives}


def test_a_counterpart_is_a_person(engine):
    """A helper's text: WordNet files "counterpart" under cognition, and "his Chinese
    counterpart Xi Jinping" clashed with a person's article (NIL at 0.65)."""
    text = "Russian president Vladimir Putin met his Chinese counterpart Xi Jinping on Tuesday."
    _ann, entities = linked(engine, text)
    assert entities["Xi Jinping"].kb_title == "Xi Jinping"


def test_a_places_stated_other_name_is_a_full_name_unless_another_is_titled_so(engine):
    # "Kyiv, also spelt Kiev": the KB stores the lead's other name as a redirect.
    titles, rows = ranked(engine, "Shelling resumed near Kiev on Tuesday.")["Kiev"]
    assert titles == ["Kyiv"]
    assert rows[0][CANDIDATE_FEATURES.index("kind_full")] == 1.0
    # "Panama" is an old name of Panama City (its lead) and the country's title: the city
    # has it as another name, the country as its title.
    titles, rows = ranked(engine, "The canal made Panama rich.")["Panama"]
    city, country = rows[titles.index("Panama City")], rows[titles.index("Panama")]
    assert city[CANDIDATE_FEATURES.index("kind_full")] == 0.0
    assert city[CANDIDATE_FEATURES.index("kind_derived")] == 1.0
    assert country[CANDIDATE_FEATURES.index("kind_full")] == 1.0


def test_a_name_as_its_nickname_and_family_name_is_no_shorter_name(engine):
    # 'George Herman "Babe" Ruth' as "Babe Ruth": found as a part of the name, NIL at 0.55.
    text = 'George Herman "Babe" Ruth hit 60 home runs in 1927.'
    titles, rows = ranked(engine, text)["George Herman Ruth"]
    row = rows[titles.index("Babe Ruth")]
    assert row[CANDIDATE_FEATURES.index("how_exact")] == 1.0
    assert row[CANDIDATE_FEATURES.index("how_part")] == 0.0
    _, ents = linked(engine, text)
    assert ents["George Herman Ruth"].kb_title == "Babe Ruth"


def test_gods_named_with_their_kin_are_the_gods(engine):
    """A helper's text: a relation ("his wife Hera") said a person, and gods are typed
    as concepts: Zeus, Poseidon and Hera were NIL (0.69, 0.64, 0.63). Typed as people, a
    British paper's "Isis declared a caliphate" was the goddess (a review)."""
    _, ents = linked(engine, "Zeus, king of the gods, overthrew his father Cronus with the "
                     "help of his brothers Poseidon and Hades. His wife Hera was jealous.")
    for name in ("Zeus", "Poseidon", "Hera"):
        assert ents[name].kb_title == name and ents[name].confidence >= LINK_THRESHOLD, name


@pytest.mark.parametrize("text, name", [
    # Parsed with the film's name as the subject of "plays": no descriptor, and the film
    # joined Abraham Lincoln's group at 0.94 (a helper's text).
    ("In the film Lincoln, Daniel Day-Lewis plays Abraham Lincoln in his last months.",
     "Lincoln"),
    ("In the novel Emma, Jane Austen mocks matchmaking.", "Emma"),
])
def test_a_work_named_after_a_person_in_an_opening_phrase_is_the_work(engine, text, name):
    ann = engine.annotate(text)
    assert written_as(ann, name)[0].kb_title is None
    # A name the text calls a thing joins no person's group (``Grouper._said_apart``):
    # without that, the film's group made Abraham Lincoln NIL at 0.99.
    if "Abraham Lincoln" in text:
        assert written_as(ann, "Abraham Lincoln")[0].kb_title == "Abraham Lincoln"


def test_an_age_in_a_year_that_fits_the_articles_birth_is_no_namesakes(engine):
    """A helper's text: "Fanny Blankers-Koen, a 30-year-old mother of two, ... won four
    gold medals in 1948" was NIL at 0.58, the age read as a living namesake's."""
    text = ("Fanny Blankers-Koen, a 30-year-old mother of two from Lage Vuursche, won four "
            "gold medals in athletics in London in 1948.")
    _, ents = linked(engine, text)
    assert ents["Fanny Blankers-Koen"].kb_title == "Fanny Blankers-Koen"
    # Another year, or none, keeps the clash: the athlete (1918-2004) is dead.
    for other in (text.replace("1948", "2015"), text.replace(" in 1948", "")):
        _, ents = linked(engine, other)
        assert ents["Fanny Blankers-Koen"].kb_title is None, other


def test_an_ages_year_is_its_clauses(engine):
    """A review's: any year of the sentence counted ("Elvis Presley, 42, a retired plumber
    ... since the singer died in 1977" was the singer at 0.78)."""
    _, ents = linked(engine, "Elvis Presley, 42, a retired plumber from Leeds, has sung "
                             "his songs at weddings since the singer died in 1977.")
    assert ents["Elvis Presley"].kb_title is None


@pytest.mark.parametrize("text, name, title", [
    # A people's word alone as a bare noun is the language (Greece at 0.97, Russia 0.82).
    ("The word comes from Greek and means 'no place'.", "Greek", "Greek language"),
    ("The book was translated from Russian into English.", "Russian", "Russian language"),
    ("The book was translated from Russian into English.", "English", "English language"),
    ("She speaks French at home.", "French", "French language"),
    ("He speaks excellent Polish.", "Polish", "Polish language"),
    ("She speaks French and German at home.", "German", "German language"),
    # A people, a nationality and an adjective stay the country, NER's LANGUAGE on an
    # adjective too (GAP dev: "an English printer" lost England, and London its support).
    ("The French won at Austerlitz.", "French", "France"),
    ("He is Greek.", "Greek", "Greece"),
    ("A Greek ship sank.", "Greek", "Greece"),
    ("Tony Britton (born 9 June 1924) is an English actor.", "English", "England"),
    ("He had patronage from French, English, and Russian aristocracy.", "French", "France"),
    # A subject that acts is a people, and so are two at war (a review's).
    ("Japanese surrendered aboard the USS Missouri.", "Japanese", "Japan"),
    ("Spanish conquered the Aztecs in 1521.", "Spanish", "Spain"),
    ("The war between English and French lasted a century.", "French", "France"),
    ("Germans and French fought at Verdun.", "French", "France"),
    ("French is spoken in Quebec.", "French", "French language"),
])
def test_a_peoples_word_alone_as_a_noun_is_its_language(engine, text, name, title):
    _, ents = linked(engine, text)
    assert_reads_as(ents[name], title)


@pytest.mark.parametrize("text, word, title", [
    ("Moscow (Russian: Москва) is the capital of Russia.", "Russian", "Russian language"),
    ("Challenge of the Masters (Chinese: 陸阿采與黃飛鴻) is a 1976 martial arts film.",
     "Chinese", "Chinese language"),
    # the KB has no Finnish language: left unlinked, never Finland
    ("Lapin kullan kimallus (Finnish for The glitter of Lappish gold) is a 1999 film.",
     "Finnish", None),
    # a gloss after another in the same brackets, whatever NER calls its word
    ("Moscow (Russian: Москва; Ukrainian: Москва) is the capital of Russia.", "Ukrainian",
     "Ukrainian language"),
    # a list's label is no gloss (a review's)
    ("The squad, French: Mbappé and Griezmann, arrived on Monday.", "French", "France"),
    # the language named with it
    ("She founded an English-language newspaper in Tokyo.", "English", "English language"),
    ("He edited an English language weekly.", "English", "English language"),
    ("Most French-speaking Africans live in cities.", "French", "French language"),
    # spoken or written (the KB's summary of English literature: England at 0.99)
    ("The English spoken after the Normans came is known as Middle English.", "English",
     "English language"),
    # said of what only a language has (England, France, Germany, Italy at 0.99), alone
    # or in a list, however the parse hangs the list
    ("The film was released with English subtitles in Sweden.", "English", "English language"),
    ("The DVD has English, French and German subtitles.", "English", "English language"),
    ("The DVD has English, French and German subtitles.", "French", "French language"),
    ("It comes with English/French subtitles.", "English", "English language"),
    ("The English word for it comes from Latin.", "English", "English language"),
    ("There are about 80 million native German speakers in Europe.", "German",
     "German language"),
    ("The Italian dialects of the south differ greatly.", "Italian", "Italian language"),
    # a people's own things stay the country, and so do speakers, words and phrases that
    # are someone's (a review's)
    ("The French government fell in 1958.", "French", "France"),
    ("The German speaker of the Bundestag opened the session.", "German", "Germany"),
    ("The Russian word from Moscow was that talks had failed.", "Russian", "Russia"),
    ("English grammar schools were reformed in 1944.", "English", "England"),
])
def test_a_gloss_in_a_language_names_the_language(engine, text, word, title):
    """Wikipedia's "(Russian: ...)" was Russia at 0.99 (GAP's dev half: Russia, China,
    Finland), "an English-language newspaper" England at 0.97."""
    entity = written_as(engine.annotate(text), word)[0]
    assert (entity.label == "LANGUAGE") is (title is None or title.endswith(" language"))
    assert_reads_as(entity, title)


@pytest.mark.parametrize("text, word", [
    ("He spoke Russian at home, though he served in the Russian army.", "Russian"),
    ("Countess Rostopchina (Russian: Екатерина) was a Russian aristocrat and writer.",
     "Russian"),
])
def test_a_language_and_its_peoples_adjective_are_two_entities(engine, text, word):
    """The same spelling joined them: "the Russian army" took the language's card."""
    first, second = written_as(engine.annotate(text), word)
    assert first.id != second.id
    assert first.kb_title == "Russian language"
    assert second.kb_title == "Russia"


@pytest.mark.parametrize("text, word, title", [
    ("He translated the book from Russian. Russian is hard to learn.", "Russian",
     "Russian language"),
    ("The novel was translated into English; English was her third language.", "English",
     "English language"),
])
def test_a_languages_later_subject_is_the_language(engine, text, word, title):
    """A subject of another verb is a people's word alone, but not where the text uses the
    word as its language (a review's: "Russian is hard to learn" was split off as Russia)."""
    entities = written_as(engine.annotate(text), word)
    assert len(entities) == 2
    for entity in entities:
        assert_reads_as(entity, title)


def test_a_god_is_no_name_the_gazetteer_adds_alone(engine):
    ann = engine.annotate("In 2014 Isis declared a caliphate in Iraq and Syria.")
    assert all(e.kb_title != "Isis" for e in ann.entities)


def test_where_one_studies_is_no_person(engine):
    """"educated at Harvard and Stanford" fitted Leland Stanford (0.48, a hair from the
    line): where one studies is a school, a clash with every person."""
    titles, rows = ranked(engine, "She was educated at Harvard and Stanford.")["Stanford"]
    assert rows[titles.index("Leland Stanford")][
        CANDIDATE_FEATURES.index("descriptor_kind_clash")] == 1.0


@pytest.mark.parametrize(("town", "title", "own_state"), [
    ("Seattle", "Washington, D.C.", True),  # its "Washington" is the state
    ("Atlanta", "Georgia (country)", True),
    ("Tbilisi", "Georgia (country)", False),  # the country's capital names the country
    ("Buffalo", "New York (state)", False),  # the state's own article is the state
    ("Paris", "France", False),
    ("Glasgow", "Scotland", False),  # the state itself (the review: 0.86 -> NIL 0.61)
])
def test_a_town_names_its_state_not_a_namesake(engine, town, title, own_state):
    """A helper's text: "Aberdeen, Washington ... Seattle" had Seattle's summary vouch for
    Washington, D.C. (inbound support 1.0), whose name its state shares; Atlanta's summary
    vouched so for the country Georgia. A town whose state bears the name names the state."""
    assert engine.linker._names_its_state(town, title) is own_state


def test_atlantas_georgia_is_no_word_for_the_country(engine):
    _, ents = linked(engine, "The Braves beat the Mets in Atlanta on Sunday. Georgia's "
                             "governor praised the team.")
    georgia = ents["Georgia"]
    assert georgia.kb_title is None, georgia
    assert all(a.score < 0.2 for a in georgia.alternatives), georgia  # 0.35 before


def test_a_peoples_word_offers_no_body_it_begins(engine):
    """"American" beside the country offered the American Museum of Natural History and
    the American Civil War as the short names of bodies and events; most of what the
    ranker learned of short names was such wrong parts ("Harvard" alone was NIL at 0.92)."""
    _, ents = linked(engine, "The American economy grew by 3 percent last year.")
    offered = [a.kb_title for a in ents["American"].alternatives]
    assert "American Museum of Natural History" not in offered, offered


def test_a_university_is_offered_by_its_place(engine):
    """"taught physics at Cambridge": the KB's University of Cambridge had no candidate."""
    _, ents = linked(engine, "He taught physics at Cambridge for thirty years.")
    cambridge = ents["Cambridge"]
    assert cambridge.kb_title == "University of Cambridge" or "University of Cambridge" in [
        a.kb_title for a in cambridge.alternatives], cambridge


@pytest.mark.parametrize(("text", "name", "title", "fits"), [
    ("She studied at Harvard before she joined the firm.", "Harvard", "Harvard University",
     True),
    ("He taught physics at Cambridge for thirty years.", "Cambridge",
     "University of Cambridge", True),
    # No town's article fits where one studies: "Darwin studied at Edinburgh" made the
    # city surer when a town's share of "university" counted (a review's).
    ("Darwin studied medicine at Edinburgh.", "Edinburgh", "Edinburgh", False),
    ("She moved to Harvard before she joined the firm.", "Harvard", "Harvard University",
     False),  # nobody studies there
])
def test_where_one_studies_fits_a_universitys_article(engine, text, name, title, fits):
    """"studied at Harvard" was NIL at 0.88: the school descriptor said no person is
    meant and nothing of what is; the KB's description says a university."""
    titles, rows = ranked(engine, text)[name]
    assert bool(rows[titles.index(title)][
        CANDIDATE_FEATURES.index("descriptor_kind_fits")] == 1.0) is fits


def test_a_university_by_its_own_name_is_linked(engine):
    _, ents = linked(engine, "She studied at Harvard before she joined the firm.")
    assert ents["Harvard"].kb_title == "Harvard University", ents["Harvard"]


@pytest.mark.parametrize(("text", "name", "title", "school"), [
    ("A Harvard spokesman declined to comment.", "Harvard", "Harvard University", True),
    ("Tsinghua researchers published the model on Monday.", "Tsinghua",
     "Tsinghua University", True),
    ("Al-Azhar issued a fatwa on Friday.", "Al-Azhar", "Al-Azhar University", True),
    # a person is called so too: the school stays a short name, unless one studies there
    ("Stanford gave the land for the campus.", "Stanford", "Stanford University", False),
    ("She studied at Stanford before she joined the firm.", "Stanford", "Stanford University",
     True),
    # so is the river: both stay short names
    ("Lewis and Clark reached the Columbia in 1805.", "Columbia", "Columbia University",
     False),
    # a school named for its town ("Public university in Heidelberg"): the town's word,
    # unless one studies there
    ("A Heidelberg spokesman declined to comment.", "Heidelberg", "Heidelberg University",
     False),
    ("He studied at Heidelberg before the war.", "Heidelberg", "Heidelberg University",
     True),
])
def test_a_school_is_called_by_its_own_word(engine, text, name, title, school):
    """"Harvard" of Harvard University is its name, as "Apple" is Apple Inc.'s, where
    nothing else is called so: as a short name "studied at Harvard" was NIL at 0.90."""
    titles, rows = ranked(engine, text)[name]
    row = rows[titles.index(title)]
    assert bool(row[CANDIDATE_FEATURES.index("how_exact")] == 1.0) is school
    assert bool(row[CANDIDATE_FEATURES.index("how_part")] == 1.0) is not school


def test_a_school_of_a_towns_word_or_a_rivers_is_not_linked(engine):
    """"Lewis and Clark reached the Columbia" offered the university as exactly named
    (0.29) before the river's short name beside it kept it a short name (a review's)."""
    for text, name in (("Lewis and Clark reached the Columbia in 1805.", "Columbia"),
                       ("A Heidelberg spokesman declined to comment.", "Heidelberg"),
                       ("Presbyterian missionaries founded schools across Korea.",
                        "Presbyterian")):
        _, ents = linked(engine, text)
        assert ents[name].kb_title is None, ents[name]


@pytest.mark.parametrize(("text", "name", "title"), [
    ("She studied at Oxford before she joined the firm.", "Oxford", "University of Oxford"),
    ("He was a professor at Cambridge for twenty years.", "Cambridge",
     "University of Cambridge"),
    ("He studied law at Bologna.", "Bologna", "University of Bologna"),
])
def test_a_school_is_called_by_its_towns_word_where_one_studies(engine, text, name, title):
    """"studied at Oxford" offered the university only as a short name (0.20, NIL)."""
    _, ents = linked(engine, text)
    assert ents[name].kb_title == title, ents[name]


@pytest.mark.parametrize(("text", "name", "town"), [
    # where one studies, said at every use, and the KB has a school of the word: no town
    ("After graduating from Kyoto, he moved to Tokyo.", "Kyoto", False),
    # the town too, where the text also names it otherwise (one group of the two: the
    # town is not clashed with, and the school is not linked)
    ("He was born in Kyoto in 1950 and later studied at Kyoto.", "Kyoto", True),
    ("A student from Texas was hurt in the crash.", "Texas", True),
    # where the KB has no school of the word, "at" is the town's (a review's)
    ("Aristotle taught at Athens for twelve years.", "Athens", True),
])
def test_where_one_studies_is_no_town(engine, text, name, town):
    titles, rows = ranked(engine, text)[name]
    clash = rows[titles.index(name)][CANDIDATE_FEATURES.index("descriptor_kind_clash")]
    assert bool(clash == 1.0) is not town
    _, ents = linked(engine, text)
    if town:
        assert ents[name].kb_title in (name, None), ents[name]
    else:
        assert ents[name].kb_title != name, ents[name]


@pytest.mark.parametrize("text", [
    "Born in Oxford in 1932, he later studied at Oxford.",
    "Tolkien was a professor at Oxford; he lived in Oxford until 1968.",
    "He was born in Princeton and later studied at Princeton.",
])
def test_a_town_named_otherwise_too_is_not_its_school(engine, text):
    """A review's: the school was offered to the whole group, and with no town's article
    to compete it was linked to the town's mentions too (0.61-0.67)."""
    ann = engine.annotate(text)
    assert not any(e.kb_title in ("University of Oxford", "Princeton University")
                   for e in ann.entities)


def test_a_school_of_a_towns_word_is_offered_beside_the_town(engine):
    """"graduated from Kyoto": Kyoto University was no candidate beside the city's exact
    name."""
    titles, rows = ranked(engine, "After graduating from Kyoto, he moved to Tokyo.")["Kyoto"]
    assert {"Kyoto", "Kyoto University"} <= set(titles)
    row = rows[titles.index("Kyoto University")]
    assert row[CANDIDATE_FEATURES.index("descriptor_kind_fits")] == 1.0


def test_a_school_by_its_word_says_so_on_the_card():
    from glossator.core.nlp.linking import Scored, _explain

    feats = dict.fromkeys(CANDIDATE_FEATURES, 0.0) | {"prior": 1.0}
    why = _explain(Scored("Harvard University", feats, 0.7, "ORG", "school name"),
                   shipped_model())
    assert "a school called by its own word" in why
    assert "the usual meaning of this name" not in why  # the KB has no such name


def test_a_links_reasons_are_what_weighed_for_it_in_the_ranker():
    """The reasons given for a link are the features that counted in the ranker's sum:
    a feature of weight 0 is never a reason, however high its value; one that weighs is,
    at a value that moves the odds."""
    from glossator.core.nlp.linking import REASON_LEAST, Scored, _explain
    from glossator.core.nlp.ranker import Model

    feats = dict.fromkeys(CANDIDATE_FEATURES, 0.0) | {"coherence": 1.0, "topic_likeness": 1.0}
    model = shipped_model()

    def with_weights(**weights):
        w = model.weights.copy()
        for name, value in weights.items():
            w[CANDIDATE_FEATURES.index(name)] = value
        return Model(w, model.cal_x, model.cal_y, model.meta)

    scored = Scored("Bob Dylan", feats, 0.9, "PERSON", "exact")
    why = _explain(scored, with_weights(coherence=0.0, topic_likeness=0.7))
    assert why == "the surrounding words are about what its summary is about", why
    why = _explain(scored, with_weights(coherence=0.5, topic_likeness=0.0))
    assert why == "other names here are linked with it", why
    weak = REASON_LEAST / 2
    why = _explain(scored, with_weights(coherence=weak, topic_likeness=weak))
    assert why == "the best match in the knowledge base", why


@pytest.mark.parametrize(("how", "prior", "usual"), [
    ("exact", 0.9, True), ("exact", 0.3, False), ("spelling", 0.9, False)])
def test_the_usual_meaning_is_said_of_an_exact_name_most_uses_mean(how, prior, usual):
    """The review: a prior of 0.3 (Washington, D.C. for "Washington") weighs for the link,
    but is no usual meaning; nor is a close spelling's."""
    from glossator.core.nlp.linking import Scored, _explain

    feats = dict.fromkeys(CANDIDATE_FEATURES, 0.0) | {"prior": prior}
    why = _explain(Scored("Washington, D.C.", feats, 0.7, "GPE", how), shipped_model())
    assert ("the usual meaning of this name" in why) == usual, why


def test_a_peoples_word_linked_to_its_country_is_not_called_the_kind_the_text_names():
    """The review: the one type pair that weighs (a people's word linked to a place, +0.95)
    made "French" → France "the kind of thing the text names", the opposite of true. The
    demonym's own words say what the link is."""
    from glossator.core.nlp.linking import Scored, _explain

    feats = dict.fromkeys(CANDIDATE_FEATURES, 0.0) | {"type_people_place": 1.0,
                                                      "how_demonym": 1.0}
    why = _explain(Scored("France", feats, 0.9, "GPE", "demonym"), shipped_model())
    assert why.startswith("the country or people this word refers to"), why
    assert "kind of thing" not in why, why


@pytest.mark.parametrize(("text", "name", "title", "ordinary"), [
    ("Tankers crossed the Gulf at night.", "Gulf", "Gulf of Mexico", True),
    ("The Smithsonian opened a new gallery.", "Smithsonian", "Smithsonian Institution",
     False),
    # an event's ending names the events that end so (a review's)
    ("The World Cup final drew a record audience.", "World Cup", "FIFA World Cup", False),
])
def test_a_short_name_of_ordinary_words_is_told_apart(engine, text, name, title, ordinary):
    """The training's short names were mostly broken ones ("Gulf", "Lake", "Eastern": a
    longer name's ordinary first word), which taught the short name's weight alone."""
    titles, rows = ranked(engine, text)[name]
    row = rows[titles.index(title)]
    assert row[CANDIDATE_FEATURES.index("how_part")] == 1.0
    assert bool(row[CANDIDATE_FEATURES.index("part_common_word")] == 1.0) is ordinary
