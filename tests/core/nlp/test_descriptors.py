"""What the text says about a name: pre-modifiers, appositives, copulas, titles."""

from __future__ import annotations

import pytest

from glossator.core.nlp.descriptors import describe


def described(nlp, text, name, title=None):
    """What the text says about the name's first use."""
    start = text.index(name)
    return describe(nlp(text), start, start + len(name), title)


def heads(nlp, text, name, title=None):
    return {(d.kind, d.head) for d in described(nlp, text, name, title)}


@pytest.mark.parametrize("text, name, expected", [
    ("The Italian tabloid The Mirror said on Monday that prices rose.", "The Mirror",
     ("premodifier", "tabloid")),
    ("The mining firm Trafigura reported a loss.", "Trafigura", ("premodifier", "firm")),
    ("Officials met Tomas Ruiz, the deputy mayor of Lyon, on Friday.", "Tomas Ruiz",
     ("appositive", "mayor")),
    ("Trafigura is a commodity trader based in Geneva.", "Trafigura", ("copula", "trader")),
    # A kind of place said before "of" the name.
    ("The Moray village of Dallas has won the award.", "Dallas", ("kind_of", "village")),
    ("The Long Island town of Babylon will spend $40 million.", "Babylon", ("kind_of", "town")),
    # A region the name names, written after it.
    ("A roadside bomb killed three soldiers in Salahuddin province on Monday.", "Salahuddin",
     ("kind_after", "province")),
    # A public place named for someone ("nmod" where each word hangs on the noun); the
    # linker reads it as a clash with a person alone ("Niamey airport" is Niamey's).
    ("Flights at Charles de Gaulle airport were cancelled.", "Charles de Gaulle",
     ("named_for", "airport")),
    ("Niamey airport stood silent for almost a month.", "Niamey", ("named_for", "airport")),
    ("A tornado tore through the Texas city of Paris late on Friday.", "Paris",
     ("location", "texas")),
    # A people's adjective says where too (the linker reads its country).
    ("Clashes in the northern Lebanese city of Tripoli killed two people.", "Tripoli",
     ("location", "lebanese")),
    # "the" and a kind noun the small parser hangs elsewhere: Niger the sentence's subject,
    # Mars an apposition of "rocks".
    ("Fishermen on the river Niger near Mopti say catches have halved since the dry season "
     "began early this year.", "Niger", ("premodifier", "river")),
    ("NASA's Perseverance rover has found rocks on the planet Mars that may hold signs of "
     "ancient microbial life.", "Mars", ("premodifier", "planet")),
    # Two words that are one noun of another kind than the last alone: a ship, a body.
    ("France's aircraft carrier Charles de Gaulle left Toulon on Monday.", "Charles de Gaulle",
     ("premodifier", "aircraft carrier")),
    ("Chatham House, a think tank in London, said the talks had failed.", "Chatham House",
     ("appositive", "think tank")),
    ("Chatham House is a think tank based in London.", "Chatham House", ("copula", "think tank")),
    ("The mail carrier John Smith found the parcel.", "John Smith", ("premodifier", "carrier")),
    # An age written into what the text calls the name: the living bear it.
    ("Charles Darwin, a 31-year-old plumber from Leeds, was named mentor.", "Charles Darwin",
     ("age", "age")),
    ("The 31-year-old plumber Charles Darwin was named mentor.", "Charles Darwin",
     ("age", "age")),
    # The noun a name is given to: what the writer introduces.
    ("Police arrested a 23-year-old man named John Lennon on Friday.", "John Lennon",
     ("called", "man")),
    ("She founded a small company called Apple in her garage.", "Apple", ("called", "company")),
])
def test_descriptor_kinds(nlp, text, name, expected):
    assert expected in heads(nlp, text, name)


def test_a_relation_to_someone_is_marked(nlp):
    """"his great rival", "her husband": whose the name is, not what it is."""
    for text, name, head in (
            ("His great rival Lionel Messi has scored 870 goals.", "Lionel Messi", "rival"),
            ("Her husband John Smith said so.", "John Smith", "husband"),
            ("Officials met Yoko Ono, his widow, on Friday.", "Yoko Ono", "widow"),
            # The parse hangs "his" on the name (our texts' misspelling study).
            ("A second room compares him with his younger rival Hiroshiige, whose misty "
             "views sold in even greater numbers.", "Hiroshiige", "rival"),
            # The parse misses the apposition; read up to the next comma (GAP dev's Don
            # was the river Don at 0.65).
            ("Bored with her life and with Don, her lawyer boyfriend, waitress Ellen Ward "
             "craves excitement.", "Don", "boyfriend")):
        said = [d for d in described(nlp, text, name) if d.head == head]
        assert said and all(d.relation for d in said), text
    # A name's possessive says what the name is; so does a plain description.
    for text, name in (("Russia's foreign minister Sergei Lavrov flew home.", "Sergei Lavrov"),
                       ("The Italian tabloid The Mirror said so.", "The Mirror")):
        said = described(nlp, text, name)
        assert said and not any(d.relation for d in said), text


def test_a_possessive_after_the_comma_opens_no_clause_as_an_appositive(nlp):
    """", her life changed": a verb before the next comma makes it the sentence's own."""
    assert not heads(nlp, "With Don, her life changed for ever.", "Don")
    assert ("appositive", "city") in heads(nlp, "He visited Paris, his favourite city, in "
                                                "May.", "Paris")


def test_a_pairs_appositive_ends_where_its_participle_begins(nlp):
    """"Anya and Leon, a Russian couple employed as ..." (GAP dev): the parse hangs
    "couple" on the sentence's verb; read up to the participle, it says what Leon is
    (León, Guanajuato at 0.82 before). A finite verb still ends nothing."""
    text = "Mark is closer to Anya and Leon, a Russian couple employed as his family's maid."
    assert ("appositive", "couple") in heads(nlp, text, "Leon")
    # After "the", the words are the next clause's (a review's texts: Lima was NIL).
    for text, name in (("In Paris, the police arrested two men.", "Paris"),
                       ("Back in Lima, the doctors treating the victims asked for help.",
                        "Lima"),
                       ("He flew home to Boston, the crowds cheering as he landed.",
                        "Boston")):
        assert not {h for k, h in heads(nlp, text, name) if k == "appositive"}, text


def test_what_only_a_band_has_says_the_name_is_a_group(nlp):
    """"Boston's debut album" (a tour of new texts: the city at 0.90): a city has no
    album nor drummer; a country's single market, a city's mayor and a singer's own album
    say nothing."""
    for text, name in (("Boston's debut album sold 17 million copies.", "Boston"),
                       ("Chicago's drummer left the band in 1980.", "Chicago")):
        assert ("owner", "band") in heads(nlp, text, name), text
    for text, name in (("Britain's single market plan failed.", "Britain"),
                       ("London's mayor opened the exhibition.", "London"),
                       ("Adele's album sold millions.", "Adele"),
                       ("Paris's album of photographs was shown.", "Paris")):
        assert not {h for k, h in heads(nlp, text, name) if k == "owner"}, text


def test_a_definition_by_a_possessive_says_nothing(nlp):
    """"Boston was his home": whatever the noun, a possessive makes it a relation to
    someone, not what the name is (the parse's home, club or newspaper of someone)."""
    for text, name in (("Boston was his home for twenty years.", "Boston"),
                       ("The Times was her newspaper of choice.", "The Times"),
                       ("Abraham Lincoln was his hero.", "Abraham Lincoln")):
        assert not {h for k, h in heads(nlp, text, name) if k == "copula"}, text


def test_an_adjective_alone_is_no_descriptor(nlp):
    assert not heads(nlp, "The famous Mirror was sold yesterday.", "Mirror")
    # The small model tags "gawky" a noun here; as "kind" it unlinked Taylor Swift in a
    # text that names her 26 times (a News-Fair dev document).
    assert not heads(nlp, "One, for example, is the gawky Taylor of the video.", "Taylor")
    assert ("premodifier", "deputy") in heads(nlp, "The deputy Ahmed Salih spoke.",
                                             "Ahmed Salih")
    # A noun the small tagger calls an adjective, next to the name, is read as the noun it
    # is (WordNet knows "mathematician" as a noun only); one that is also an adjective
    # ("famous", "chief") stays the tagger's.
    text = "It was named after the mathematician Alan Turing, the wartime codebreaker."
    assert ("premodifier", "mathematician") in heads(nlp, text, "Alan Turing")
    assert not heads(nlp, "The famous Mirror was sold.", "Mirror")
    # Nouns WordNet 3.0 lacks, with a noun's ending, stay nouns.
    assert ("premodifier", "cryptocurrency") in heads(nlp, "The cryptocurrency Bitcoin fell.",
                                                     "Bitcoin")


@pytest.mark.parametrize("text, name", [
    # What belongs to the name: the parse cannot tell it from what is named after it.
    ("Biles sat with her husband, the NFL player Jonathan Owens.", "NFL"),
    ("A new Agatha Christie museum opens in Torquay.", "Agatha Christie"),
    ("The president of France spoke on Monday.", "France"),  # a person, not a kind of place
    ("He flew to the capital of France on Monday.", "France"),  # Paris, not France
    ("The government of Georgia resigned on Monday.", "Georgia"),  # an institution
    ("It reached the mountains of Hawaii.", "Hawaii"),  # places in it
    ("The police reached north of Baghdad by noon.", "Baghdad"),  # no article: no naming
])
def test_what_belongs_to_a_name_does_not_describe_it(nlp, text, name):
    assert not heads(nlp, text, name)


def test_a_relative_clause_a_slogan_or_a_participle_is_no_descriptor(nlp):
    """Each read a kind the article lacked and left a KB name NIL in our texts: "whose four
    gold medals" made Jesse Owens a medal, a quoted slogan made Vietnam "partners", and
    "neighbouring" (a noun to the tagger) made Afghanistan something no article says."""
    text = ("He said his idols were Bolt and, more surprisingly, Jesse Owens, whose four "
            "gold medals at the 1936 Games he first read about in a library book.")
    assert not heads(nlp, text, "Jesse Owens")
    text = ('Party General Secretary To Lam told the crowd that Vietnam and the United States '
            'had become "comprehensive strategic partners".')
    assert not heads(nlp, text, "Vietnam")
    assert ("copula", "partner") in heads(
        nlp, "Vietnam and the United States had become comprehensive partners.",
        "Vietnam")  # the writer's own words still describe (a ranked role does not:
    # "strategic partners", ``test_a_ranked_role_said_of_anything_is_no_definition``)
    assert not heads(nlp, "Pakistan and neighbouring Afghanistan are the last two.",
                     "Afghanistan")
    assert ("premodifier", "king") in heads(nlp, "The king Charles spoke.", "Charles")


def test_a_where_clause_an_agency_or_the_next_subject_is_no_descriptor(nlp):
    """Each made a misspelled place NIL in our texts' misspelling study: "where local brands
    dominate" was what China is, a dateline's "(dpa)" what Germany is, and the subject of
    the next clause where Moscow is. (Misspelled as in the study: the slips make the parses.)
    """
    assert not heads(nlp, "Samsung sells about two-thirds of the foldable market outside "
                          "Chyna, where local brands such as Huawei and Honor dominate.",
                     "Chyna")
    assert not heads(nlp, "GRÜNHEIDE, Gtertmany (dpa) - Production at Tesla's only European "
                          "factory stopped.", "Gtertmany")
    # A description in brackets is still one.
    assert ("appositive", "trader") in heads(
        nlp, "Shares in Glencore (the commodity trader) fell.", "Glencore")
    assert not heads(nlp, "In Mocsow, Nikita Klrushchev finally agreed on October 28 to "
                          "remove the missiles.", "Mocsow")
    assert ("location", "texas") in heads(nlp, "A tornado hit Paris, Texas, on Friday.",
                                          "Paris")


def test_a_premodifier_before_the_title(nlp):
    text = "The polar research ship Sir David Attenborough left Harwich on Sunday."
    assert ("premodifier", "ship") in heads(nlp, text, "David Attenborough", title="Sir")
    assert ("premodifier", "naturalist") in heads(
        nlp, "The naturalist Sir David Attenborough spoke.", "David Attenborough", title="Sir")


def test_words_inside_a_quotation_describe_nothing(nlp):
    # A speaker's figure of speech: Musk is no "game".
    text = '"The story is that Musk is the only game in town," said Raman.'
    assert not heads(nlp, text, "Musk")
    assert ("copula", "businessman") in heads(nlp, "Musk is a businessman.", "Musk")


def test_a_long_quotation_ends_where_its_mark_says(nlp):
    # The quotation marks are counted from the piece's start, however long the quotation.
    text = '"' + "It is fine. " * 150 + '" The mining firm Trafigura reported a loss.'
    assert ("premodifier", "firm") in heads(nlp, text, "Trafigura")


def test_a_title_is_a_descriptor(nlp):
    assert ("title", "colonel") in heads(nlp, "Colonel Ahmed Salih spoke.", "Ahmed Salih",
                                         title="Colonel")


def test_descriptors_reach_the_doc_through_the_component(engine):
    doc = engine.nlp("The British tabloid The Sun printed it.")
    found = doc._.glossator_descriptors
    assert any(d.head == "tabloid" for ds in found.values() for d in ds)


@pytest.mark.parametrize("text, name, glued", [
    ("Fans of Paris Saint-Germain sang.", "Paris", True),
    ("Paris Saint-Germain's youth team won.", "Paris", True),
    ("The drivers of Arriva Buses Wales struck.", "Wales", True),
    ("He studied at the University of Paris until 1920.", "Paris", True),
    ("The list ran in H Texas magazine.", "Texas", True),  # was Texas at 0.97
    ("She studied at Texas A&M for a year.", "Texas", True),
    ("A Texas court ruled on Monday.", "Texas", False),
    ("In Texas I saw it.", "Texas", False),
    ("Snow closed the road to Madonna di Campiglio.", "Madonna", True),  # a particle glues
    ("Crowds greeted Mohammed bin Salman in Paris.", "Mohammed", True),
    # An article, a possessor or a title next to the name does not make a longer name.
    ("Dec 1 - The International Court of Justice on Friday ordered a halt.",
     "International Court of Justice", False),
    ("Telescopes in Hawaii and Chile's Atacama Desert took part.", "Atacama Desert", False),
    ("United Nations Secretary-General António Guterres said he would visit.",
     "United Nations", False),
    ("Apple CEO Tim Cook spoke.", "Apple", False),
    ("President Obama spoke.", "Obama", False),
    # A place named after a person is no person ("Beatle John Lennon" was tried and
    # reverted: a review found the stadium's and the airport's names un-glued).
    ("They played at the Stadio Giuseppe Meazza in Milan.", "Giuseppe Meazza", True),
    # An office after a place, its portfolio first (an app tour: "US" was NIL, glued).
    ("US Health Secretary Robert F. Kennedy Jr. said so.", "US", False),
    ("The UK Foreign Secretary flew to Paris.", "UK", False),
    ("The Wales Rugby Union Chief Executive resigned.", "Wales", True),
    ("The Chinese Foreign Ministry said so.", "Chinese", True),
    # In a headline in title case every word is capitalised: no evidence (a News-Fair dev
    # headline left the Gulf of Mexico unlinked); the prose under it still is.
    ("Coast Guard Rescues Teen Kayaker in Gulf of Mexico Video\n\nA teen was saved.",
     "Gulf of Mexico", False),
    ("Storm Hits The Coast Again\n\nFans of Paris Saint-Germain sang.", "Paris", True),
    # ... but a one-word name that is a noun before another noun is (News-Fair dev: "Coast"
    # of "Coast Guard Rescues" linked Coast at 0.89); a verb or a title after it is not.
    ("Coast Guard Rescues Teen Kayaker in Gulf of Mexico Video\n\nA teen was saved.",
     "Coast", True),
    ("Apple Unveils New Phone in California\n\nThe phone is thin.", "Apple", False),
    ("Texas Governor Signs New Budget Bill\n\nThe bill passed.", "Texas", False),
    # a place is never glued, whatever noun senses its name and the next word have (a
    # review: every headline's country and city was NIL)
    ("Texas Police Arrest Man After Houston Shooting\n\nPolice said so.", "Texas", False),
    ("Texas Police Arrest Man After Houston Shooting\n\nPolice said so.", "Houston", False),
    ("Turkey Earthquake Death Toll Rises Again\n\nRescuers dug.", "Turkey", False),
    ("Trump Administration Sues California Over Water Rules\n\nIt sued.", "California",
     False),
    # A list of names or a sentence in capitals is no headline (a review's cases).
    ("Read: The Boston Globe, The New York Times, The Washington Post\n", "New York", True),
    ("CHAPTER I. The Duke of Wellington Arrives In Paris.\n", "Wellington", True),
])
def test_a_name_glued_into_a_longer_one(text, name, glued):
    from glossator.core.nlp.descriptors import in_longer_name

    start = text.index(name)
    assert in_longer_name(text, start, start + len(name)) is glued


def test_a_dateline_is_no_appositive(nlp):
    text = ("PRETORIA, Nov 2 (AP) — Ethiopia's federal government and the rebels agreed on "
            "Wednesday to a cessation of hostilities.")
    assert heads(nlp, text, "PRETORIA") == set()


def test_a_noun_before_another_name_is_that_names_title(nlp):
    """"Helen Keller, Betteridge's teacher Roberta Reid ...": the teacher is Roberta Reid,
    not Helen Keller (a GAP dev text; the wrong appositive made her NIL at 0.52)."""
    text = ("In a story that echoes that of Helen Keller, Betteridge's teacher Roberta Reid "
            "fingerspelled words into her pupil's hand.")
    assert ("appositive", "teacher") not in heads(nlp, text, "Helen Keller")
    # With an article, where the parser misses the appositive (a review's case).
    assert ("appositive", "teacher") not in heads(
        nlp, "The prize went to Helen Keller, the teacher Anne Sullivan, and two others.",
        "Helen Keller")
    # A name that starts a clause, or a date, is no name the noun titles.
    assert ("appositive", "company") in heads(
        nlp, "Acme, the company Google bought in 2014, said it would close.", "Acme")
    # The appositive itself still is one.
    assert ("appositive", "teacher") in heads(
        nlp, "Officials met Roberta Reid, the teacher, on Friday.", "Roberta Reid")


@pytest.mark.parametrize("text, name, role", [
    ("John Smith, 45, a teacher from Leeds, said the school would close.", "John Smith",
     "teacher"),
    ("Maria Lopez, 32, a nurse, was treated for burns.", "Maria Lopez", "nurse"),
    ("Ahmed Khan, 61, a retired engineer, lives nearby.", "Ahmed Khan", "engineer"),
])
def test_an_age_before_the_appositive_keeps_both(nlp, text, name, role):
    found = heads(nlp, text, name)
    assert ("age", "age") in found and ("appositive", role) in found, found


def teams(nlp, text):
    """The names of ``text`` (its NER entities) the reader takes for sports teams."""
    doc = nlp(text)
    return {e.text for e in doc.ents
            if any(d.kind == "team" for d in describe(doc, e.start_char, e.end_char))}


@pytest.mark.parametrize("text, playing", [
    # A result and a verb or a word of play: the places are the teams named after them.
    ("Germany edged France 2-1 in a friendly in Lyon.", {"Germany", "France"}),
    ("Leeds beat Chelsea 3-1 at Elland Road on Saturday, while Arsenal drew 1-1 with "
     "Newcastle.", {"Chelsea", "Arsenal", "Newcastle"}),
    # "at" names the ground as often as the rival: no team after it.
    ("Liverpool moved three points clear at the top of the league with a 2-0 win at "
     "Everton on Saturday.", {"Liverpool"}),
    ("Germany were beaten 2-1 by Japan in Doha.", {"Germany", "Japan"}),
    ("Liverpool's 4-0 win over Leeds lifted them to second.", {"Liverpool", "Leeds"}),
    # A team's role noun says it without a result.
    ("Liverpool manager Arne Slot said the title race was far from over.", {"Liverpool"}),
    # Not a game: a vote's or an election's count, a share, a war, a venue.
    ("Biden won Arizona 49-48 after a long count in Maricopa County.", set()),
    ("France won the vote 5-4 in Brussels, and Britain lost its bid.", set()),
    ("Germany grew 2-3 percent in the first quarter, the Bundesbank said.", set()),
    ("Napoleon defeated Austria at Austerlitz in 1805 and beat Prussia at Jena.", set()),
    ("Israel supporters rallied in London on Sunday.", set()),
    # Ranges of other things, a vote, talks hosted, a ground (a review's sentences).
    ("Kenya hosted talks on 3-4 June between Ethiopia and Tigray.", set()),
    ("Japan faced 3-4 typhoons a year in the 1990s.", set()),
    ("Britain faces a 3-2 split on the Bank of England's rate committee.", set()),
    ("Russia beat back a Ukrainian offensive near Kharkiv, killing 12-15 soldiers.", set()),
    ("The Senate voted 51-49 to confirm the nominee, and Democrats lost Georgia.", set()),
    ("Labour won Hartlepool 12-10 in the council vote.", set()),
    ("Nike beat estimates with revenue of 12-13 billion dollars.", set()),
    ("Scotland held England to a 0-0 draw at Wembley.", {"Scotland"}),
    # A second review's: a result before "to" and a verb, dates and shares, disputes.
    ("Spain beat Germany 2-1 to reach the semi-finals of Euro 2024.", {"Spain", "Germany"}),
    ("Ukraine lost ground to Russia in fighting on June 3-4.", set()),
    ("Tesla lost 2-3% against Ford on Friday.", set()),
    ("Canada lost 2-1 in a WTO dispute with the United States over lumber.", set()),
    ("Nvidia beat Intel 3-1 in market share last quarter.", set()),
    ("China trails the United States 3-1 in the number of aircraft carriers.", set()),
    # A player has a coach too; an exhibition centre is no position.
    ("Campbell's coach, Glen Mills, urged caution.", set()),
    # In a sports report a country's coach is its team's (Korea was the region's article
    # at 0.83 in the forty-sixth session's report); a company's boss, a country's coach
    # industry, and managers outside sport are their own (the session's review).
    ("Jordan beat South Korea 2-0 in the Asian Cup semi-final in Doha. Musa Al-Taamari "
     "scored the second goal. Korea's coach Jurgen Klinsmann faced calls to resign after "
     "the defeat.", {"Jordan", "South Korea", "Korea"}),
    ("Korea's coach Jurgen Klinsmann faced calls to resign over the tax affair.", set()),
    ("Apple's boss Tim Cook met Britain's coach operators in London.", set()),
    ("Britain's manager at the embassy in Moscow was expelled.", set()),
    ("In the Premier League season, the coach saw a goal and a penalty. Britain's asset "
     "manager, Legal & General, cut jobs.", set()),
    ("The show opened this week at the Olympia exhibition centre.", set()),
    # A sports report needs no score (the forty-fifth session's texts: Barcelona was the
    # city at 0.97, Liverpool at 0.70); a history with a season and a captain is none.
    ("Messi scored a goal this season and missed a penalty in the Champions League. In "
     "Spain, Real Madrid drew with Barcelona, while Liverpool moved top of the table after "
     "beating Chelsea.", {"Real Madrid", "Barcelona", "Liverpool", "Chelsea"}),
    # Sport words without a competition named are a war's or a campaign's (a review's).
    ("The campaign season of 1809 began early. A coach carried the emperor's orders to "
     "the goal of every march, and the league of German princes stood aside. Napoleon "
     "defeated Austria at Wagram, and France beat Prussia again.", set()),
    ("In the election season, the goal of every party's campaign was clear, and the "
     "league table of marginal seats was published with a coach tour. Scotland beat "
     "England on turnout.", set()),
    # A book's sports chapter, far before, makes no report of its history.
    ("The coach praised the squad after the match in the Premier League. "
     + "It rained. " * 200 + "Napoleon defeated Austria at Austerlitz and beat Prussia at "
     "Jena.", set()),
    # The side one plays for needs no report: "driving for Ferrari" was Enzo Ferrari at
    # 0.98 (a helper's text), "signed for Barcelona" the city at 0.73. A rival's "for"
    # stays a verb of play's, and a person played for is no side.
    ("He spent five seasons racing for Ferrari and signed for Barcelona in 2004.",
     {"Ferrari", "Barcelona"}),
    ("The pianist played for Obama at the White House.", set()),
    ("The orchestra played for the BBC in 1950.", set()),  # a review's: BBC 0.68 -> NIL
    ("He played for Liverpool and scored a goal in every match.", {"Liverpool"}),
    ("The senator voted for Ohio's bill and worked for Chrysler.", set()),
])
def test_a_place_that_plays_is_read_as_a_team(nlp, text, playing):
    # "Leeds" is no entity of the small model here; "Elland Road" is the ground.
    assert teams(nlp, text) == playing


def test_a_persons_group_is_no_team():
    from glossator.core.nlp.descriptors import Descriptor, fits

    team = Descriptor("team", "sports team", "team")
    assert fits(team, "ORG") and fits(team, "GPE") and not fits(team, "PERSON")
    assert fits(Descriptor("premodifier", "sprinter", "sprinter"), "PERSON")


def test_a_role_verb_says_what_the_name_is(nlp):
    """News-Fair dev: "Castro served as mayor of San Antonio" (Julián, not in the KB) was
    Fidel Castro at 0.85; what he served as is now what the text says he is."""
    from glossator.core.nlp.descriptors import describe

    doc = nlp("Castro served as mayor of San Antonio in 2009. Lee became the housing secretary.")
    for name, head in (("Castro", "mayor"), ("Lee", "secretary")):
        start = doc.text.index(name)
        found = describe(doc, start, start + len(name))
        assert [(d.kind, d.head) for d in found] == [("copula", head)], found


def test_a_relation_to_someone_is_not_what_the_name_is(nlp):
    """"The new mayor said Abraham Lincoln was his hero": Lincoln was NIL at 0.86, a hero
    being nothing his article says."""
    from glossator.core.nlp.descriptors import describe

    doc = nlp("The new mayor said Abraham Lincoln was his hero.")
    assert describe(doc, doc.text.index("Abraham"), doc.text.index(" was")) == []
    doc = nlp("Abraham Lincoln was a lawyer from Illinois.")
    assert [d.head for d in describe(doc, 0, len("Abraham Lincoln"))] == ["lawyer"]
    # a possessor that is a name keeps the role (a review's case)
    doc = nlp("Sergei Lavrov is Russia's foreign minister.")
    assert [d.head for d in describe(doc, 0, len("Sergei Lavrov"))] == ["minister"]


def test_a_plural_said_of_one_name_is_no_definition(nlp):
    """Our texts: "Liverpool is about two things" was read as the city being a thing, and
    Liverpool, spelled right, was NIL at 0.96. A plural subject keeps its plural kind."""
    from glossator.core.nlp.descriptors import describe

    doc = nlp("The cliché is that Liverpool is about two things: football and The Beatles.")
    start = doc.text.index("Liverpool")
    assert describe(doc, start, start + len("Liverpool")) == []
    doc = nlp("Liverpool is a city in north-west England.")
    assert [d.head for d in describe(doc, 0, len("Liverpool"))] == ["city"]


def acts_now(nlp, text, name, after=0):
    """The "now" descriptors of the last ``name`` of ``text`` (from ``after``)."""
    start = text.rindex(name, after)
    return [d.head for d in describe(nlp(text), start, start + len(name)) if d.kind == "now"]


@pytest.mark.parametrize("text, name, verb", [
    ("Independent Ireland leader Michael Collins said on Monday his party would back the "
     "bill.", "Michael Collins", "say"),
    ("JPMorgan raised its forecast for US growth on Monday.", "JPMorgan", "raise"),
    ("The racehorse Napoleon won by two lengths at Ascot on Saturday.", "Napoleon", "win"),
    ("On Monday Putin said the talks had failed.", "Putin", "say"),
    ("Collins, a well-known TD, said on Monday that he would vote.", "Collins", "say"),
])
def test_a_name_that_acts_in_the_writers_week(nlp, text, name, verb):
    """News dates its events by the day: a name that acts then is a living bearer's."""
    assert acts_now(nlp, text, name) == [verb]


@pytest.mark.parametrize("text, name", [
    # The day dates another clause: the historians' saying, the biography's publishing.
    ("Historians said on Monday that Napoleon lost at Waterloo because of the rain.",
     "Napoleon"),
    ("A new biography published on Tuesday says Abraham Lincoln suffered from depression.",
     "Abraham Lincoln"),
    # Not acting: a passive subject, news of a death.
    ("Mozart was played on Sunday by the Vienna Philharmonic.", "Mozart"),
    ("Elizabeth II died on Thursday at Balmoral, the palace said.", "Elizabeth II"),
    # A text that names a year before 1990 is history, in any of its sentences.
    ("On Monday, 14 April 1865, Lincoln said the war was over.", "Lincoln"),
    ("Winston Churchill became Prime Minister in May 1940. He led Britain. On Tuesday, "
     "Churchill told the Cabinet that Britain would fight on.", "Tuesday, Churchill"),
    # "today" is as often "in our time"; a day inside a name is no date.
    ("Karl Marx is more relevant today than ever.", "Karl Marx"),
    ("Abraham Lincoln went to Ford's Theatre on Good Friday.", "Abraham Lincoln"),
    ("Churchill wrote in the Sunday Express that he was tired.", "Churchill"),
])
def test_a_name_that_does_not_act_this_week(nlp, text, name):
    name = name.split(", ")[-1]  # "Tuesday, Churchill": the Churchill after the day
    assert acts_now(nlp, text, name, after=text.index(name)) == []


@pytest.mark.parametrize("text, name", [
    # A phrase before the name's verb, without its comma: the name is the verb's subject.
    ("At the end of the meeting Putin said nothing.", "Putin"),
    ("Since the start of the war Ukraine has lost territory.", "Ukraine"),
    ("Despite pressure from the government Google refused.", "Google"),
    # The appeal he made (a trap control lost to a first reading of "the river Niger").
    ("A handwritten draft of the radio appeal General Charles de Gaulle made from London in "
     "June 1940, calling on the French to resist, will go on display.", "Charles de Gaulle"),
    # A phrase that dates or places what the name does.
    ("At the signing President George W. Bush thanked her.", "George W. Bush"),
    ("At the time Obama said nothing.", "Obama"),
    ("In the end Smith won the race.", "Smith"),
])
def test_a_noun_before_the_name_that_is_not_its_kind(nlp, text, name):
    assert not any(k == "premodifier" for k, _h in heads(nlp, text, name))


@pytest.mark.parametrize("text, name, kind", [
    # A verb the small parser took for a participle: the club's act (a review's finds).
    ("The company named Apple its supplier of the year.", "Apple", "called"),
    ("Officials said the club named Ronaldo in its squad.", "Ronaldo", "called"),
    ("When the company named Apple in its lawsuit, shares fell.", "Apple", "called"),
    ("The report said the lawyer called Jones as a witness.", "Jones", "called"),
    # Someone else's age: "the 35-year-old granddaughter of Elvis Presley" made Elvis NIL.
    ("The 35-year-old granddaughter of Elvis Presley sang.", "Elvis Presley", "age"),
    ("A 5-year-old and John Smith were hurt.", "John Smith", "age"),
    ("The 31-year-old told detective John Smith everything.", "John Smith", "age"),
    ("A 45-year-old Elvis Presley fan was arrested.", "Elvis Presley", "age"),  # the fan's
    ("John Smith, the 31-year-old's lawyer, spoke.", "John Smith", "age"),
    ("Mary Jones, a 5-year-old boy's mother, spoke.", "Mary Jones", "age"),
])
def test_what_belongs_to_another_is_not_read_of_the_name(nlp, text, name, kind):
    assert not {k for k, _h in heads(nlp, text, name) if k == kind}


def test_a_places_possessive_after_a_comma_is_no_location(nlp):
    """It begins an appositive: Elizabeth II was said to be elsewhere, NIL at 0.68."""
    text = "A statue of Queen Elizabeth II, Britain's longest-reigning monarch, was unveiled."
    assert not {k for k, _h in heads(nlp, text, "Elizabeth II") if k == "location"}
    text = "A tornado tore through Paris, Texas, late on Friday."
    assert ("location", "texas") in heads(nlp, text, "Paris")
    # A place's is still where it is: "Birmingham, Alabama's largest city".
    text = "Birmingham, Alabama's largest city, hosted the summit."
    assert ("location", "alabama") in heads(nlp, text, "Birmingham")


def test_a_town_the_world_has_in_a_region_is_there_even_in_a_list(nlp):
    """A list's comma is no location, unless a town of the name is in the place after it:
    "Paris, Texas" in a list of storms was Paris, France at 0.78."""
    text = "Memphis, Tennessee, and Paris, Texas, were hit by storms."
    assert ("location", "texas") in heads(nlp, text, "Paris")
    assert ("location", "tennessee") in heads(nlp, text, "Memphis")
    # Names listed are still no locations of each other: no Paris is in London; and a
    # country or a state is no town, though GeoNames has a Colombia in Cuba and an Oregon
    # in Ohio (a review found Colombia NIL at 0.55).
    for text, name in (("Flights from Paris, London and Rome were cancelled.", "Paris"),
                       ("Leaders from Colombia, Cuba and Venezuela met in Havana.",
                        "Colombia"),
                       ("Voters in Oregon, Ohio and Michigan went to the polls.", "Oregon")):
        assert not {k for k, _h in heads(nlp, text, name) if k == "location"}, text


def test_a_state_named_as_a_country_is_the_state_after_its_town(nlp):
    """"Athens, Georgia": an Athens is in the state and none in the country (GeoNames),
    so this Georgia is in the United States; the reader is not shown the unwritten words."""
    for text in ("The city council in Athens, Georgia, voted on Tuesday.",
                 "Delta flies from Atlanta, Georgia, to Lagos.",
                 "Voters in Atlanta, Georgia\n\nThe polls closed at seven."):  # a line's end
        doc = nlp(text)
        start = text.index("Georgia")
        said = describe(doc, start, start + len("Georgia"))
        assert [(d.kind, d.text, d.inferred) for d in said] == [
            ("location", "United States", True)], text
    # Nor where the region begins the next clause (found by a review: Georgia the country
    # was NIL at 0.52).
    for text in ("After talks in Athens, Georgia signed a gas deal with Greece.",
                 "In Athens, Georgia's parliament speaker met the prime minister."):
        assert not heads(nlp, text, "Georgia"), text
    # The country's town, or a state no country shares a name with, says nothing.
    assert not heads(nlp, "Protesters gathered in Tbilisi, Georgia, on Sunday.", "Georgia")
    assert not heads(nlp, "Storms hit Paris, Texas, on Sunday.", "Texas")


def test_a_place_s_noun_after_a_name_is_no_division(nlp):
    """"Trump country", "the Murdoch empire": theirs, places though the nouns name."""
    for text, name in (("Rural Ohio is Trump country, the organisers said.", "Trump"),
                       ("The Murdoch empire owns newspapers on three continents.", "Murdoch"),
                       ("The stadium has been Messi territory for a decade.", "Messi"),
                       ("The Obama administration said so on Monday.", "Obama"),
                       ("A new Agatha Christie museum opened.", "Agatha Christie"),
                       ("The Obama library will open in Chicago.", "Obama")):
        assert not any(kind == "kind_after" for kind, _ in heads(nlp, text, name)), text
    # The division itself is one, after any name.
    assert ("kind_after", "county") in heads(
        nlp, "Floods hit Jackson county on Sunday.", "Jackson")


def test_an_appositive_ends_at_a_comma_before_a_verb(nlp):
    """The parse hangs the sentence's verb on the noun: the phrase is still the noun's."""
    text = "Kraftwerk, the band from Düsseldorf, played in Zürich and then in Kraków."
    doc = nlp(text)
    said = [d.text for d in describe(doc, 0, len("Kraftwerk")) if d.kind == "appositive"]
    assert said == ["the band from Düsseldorf"]
    # A list's comma is the phrase's own.
    text = "Elon Musk, the founder of Tesla, SpaceX and Neuralink, tweeted again."
    doc = nlp(text)
    said = [d.text for d in describe(doc, 0, len("Elon Musk")) if d.kind == "appositive"]
    assert said == ["the founder of Tesla, SpaceX and Neuralink"]


def test_every_descriptor_kind_has_its_role_and_its_json_kind():
    """A kind the reader emits is read by the linker from one table (``KIND_ROLES``) and
    named in the JSON (``engine._KINDS``): a kind added to one and not the others would
    be a KeyError mid-text, or a descriptor the card names wrongly."""
    from typing import get_args

    from glossator.core.nlp.descriptors import KIND_ROLES, TYPE_SAYING, DescriptorKind
    from glossator.core.nlp.engine import _KINDS

    kinds = set(get_args(DescriptorKind))
    assert set(KIND_ROLES) == kinds
    # When the name acts, what it has, who studies there and whose shares trade there
    # are never shown.
    hidden = {"now", "owner", "school", "stock", "pronoun"}
    assert set(_KINDS) == kinds - hidden
    assert {k for k, r in KIND_ROLES.items() if r.hidden} == hidden
    # What the linker read from its tuples before the table (forty-third session).
    def having(role: str) -> set[str]:
        return {k for k, r in KIND_ROLES.items() if getattr(r, role)}

    assert having("words") == {"premodifier", "appositive", "copula", "kind_of", "location"}
    assert having("explains") == {"premodifier", "appositive", "copula", "team"}
    assert having("kind_fit") == {"premodifier", "appositive", "copula", "team", "owner"}
    assert having("clash_only") == {"kind_after", "named_for", "family", "pronoun", "title",
                                    "school", "stock", "called"}
    # A rank says a person (fifty-first session), by what it is, not by its senses.
    assert having("says_person") == {"title"}
    # "a veteran named Nixon" introduces a stranger (sixty-second session): its type, a
    # clash, and ``nil_introduced``; no fit, which a famous namesake has as well.
    assert having("introduces") == {"called"}
    assert set(TYPE_SAYING) - having("introduces") <= {
        k for k, r in KIND_ROLES.items() if r.kind_fit and r.words}
    assert not any(r.words or r.explains or r.kind_fit for k, r in KIND_ROLES.items()
                   if r.living or r.clash_only)


@pytest.mark.parametrize(("text", "name", "owner"), [
    ("Ford's founder Henry Ford introduced the assembly line.", "Ford", "founder"),
    ("Shares of Apple fell 3 percent on Monday.", "Apple", "Shares"),
    ("Ford chief executive Jim Farley said the trucks would be fixed.", "Ford", "executive"),
    ("Tim Cook, the chief executive of Apple, spoke.", "Apple", "executive"),
    # What a person has too says nothing: "Musk's spokesman", "Ford's wife", a share of
    # the vote, shares a person holds (a review's), an executive order.
    ("Musk's spokesman declined to comment.", "Musk", None),
    ("Ford's wife Clara died in 1950.", "Ford", None),
    ("Obama's share of the vote was 53 percent.", "Obama", None),
    ("Warren Buffett's shares in Apple rose on Monday.", "Warren Buffett", None),
    ("The Obama executive order was signed in 2014.", "Obama", None),
    # A place says where: "the Detroit carmaker", "a London executive".
    ("The Detroit carmaker said no injuries had been reported.", "Detroit", None),
    ("She met a London advertising executive on Monday.", "London", None),
])
def test_what_only_a_company_has_says_the_name_is_one(nlp, text, name, owner):
    """The forty-fifth session's news text: "Ford recalled trucks … Ford's founder Henry
    Ford" put the carmaker in the man's group. A founder, shares or a chief executive
    say the name is a company (kind ``owner``, never shown to the reader)."""
    found = [d for d in described(nlp, text, name) if d.kind == "owner"]
    assert [(d.text, d.head) for d in found] == ([(owner, "company")] if owner else [])


@pytest.mark.parametrize(("text", "name"), [
    ("Shares in Hermès rose 5 percent in Paris on Tuesday.", "Hermès"),
    ("Shares in Tokyo fell 2 percent on Monday as the yen rose.", "Tokyo"),
    ("Warren Buffett's shares in Apple rose on Monday.", "Apple"),
])
def test_shares_in_a_name_are_a_company_or_a_market(nlp, text, name):
    """British news writes "shares in Hermès" ("shares of" is the company's already): the
    god at 0.81 in trap t31. NER calls Hermès a place, as it does Tokyo, whose shares are
    its market's: the name is no person (a clash only: a kind would fit a concept, and
    "Shares in Tesla" was the unit at 0.86, the review), whichever it is."""
    found = [(d.kind, d.head) for d in described(nlp, text, name)
             if d.kind in ("owner", "stock")]
    assert found == [("stock", "stock")]


@pytest.mark.parametrize("text, name", [
    ("Turkey is a major player in international peacemaking efforts now.", "Turkey"),
    ("China has become a key partner for African governments.", "China"),
    ("Apple is a dominant force in the smartphone market.", "Apple"),
])
def test_a_ranked_role_said_of_anything_is_no_definition(nlp, text, name):
    """The benchmark book's "Turkey is a major player in international peacemaking
    efforts": the person's noun clashed with the country, and its 45 mentions went NIL
    (0.66 -> 0.43 with this session's retraining). A role said plainly still counts."""
    assert not {h for k, h in heads(nlp, text, name) if k == "copula"}


def test_a_plain_role_is_still_a_definition(nlp):
    assert ("copula", "player") in heads(nlp, "Sam Kerr is a football player from Perth.",
                                         "Sam Kerr")


@pytest.mark.parametrize(("text", "name", "head"), [
    ("Adelaide wrote to her aunt every week.", "Adelaide", "woman"),
    ("When Chad came home, his sister was crying.", "Chad", "man"),
    ("Georgia laughed, and she ran out of the room.", "Georgia", "woman"),
    # Not a country's "its"; not a pronoun of the other sex; not past someone else who
    # may be meant; not a name that is no clause's subject; not a name of no sex.
    ("Georgia said its envoy had warned her twice.", "Georgia", None),
    ("Georgia laughed, and he ran out of the room.", "Georgia", None),
    ("France told Merkel she was wrong.", "France", None),
    ("Georgia told the minister she was wrong.", "Georgia", None),
    ("The talks in Georgia ended before she arrived.", "Georgia", None),
    ("Paris laughed, and she ran out of the room.", "Paris", None),
    # News reports speech of someone else; history gives places a "her" (a review's
    # texts, forty-ninth session); a quotation, a semicolon or a headline ends the reading.
    ("Georgia said she had entered the country illegally.", "Georgia", None),
    ("Chad said he had been killed in the attack.", "Chad", None),
    ("Chad said the attack on his convoy had failed.", "Chad", None),
    ("Adelaide confirmed she had re-signed for two years.", "Adelaide", None),
    ("Florence reached the height of her power under the Medici.", "Florence", None),
    ("Virginia elected four of her first five presidents.", "Virginia", None),
    ("Victoria is ready to reopen, she told reporters.", "Victoria", None),
    ("Georgia will not be bullied, she said.", "Georgia", None),
    ('Georgia said: "She is lying."', "Georgia", None),
    ("Georgia was a Confederate cruiser; she captured nine ships.", "Georgia", None),
    ("Georgia Says She Will Not Sign The Treaty", "Georgia", None),
    ("Georgia kissed her and left.", "Georgia", None),
])
def test_a_given_names_pronoun_says_a_man_or_a_woman(nlp, text, name, head):
    """The small model reads a novel's Georgia and Adelaide as places (the country at
    0.73, the city): the sentence's pronoun says a person, read as a relation's noun is."""
    said = [d for d in described(nlp, text, name) if d.kind == "pronoun"]
    assert [d.head for d in said] == ([head] if head else []), text
    assert all(d.relation for d in said)


@pytest.mark.parametrize("text, name", [
    ("In Rome, his wife, Livia, ran the household.", "Rome"),
    ("In Madrid, their coach, Carlo Ancelotti, was sacked after the defeat.", "Madrid"),
    ("During the war in Vietnam, his brother, a pilot, was shot down.", "Vietnam"),
    ("He loved three things: Venice, his work, and his dog.", "Venice"),
])
def test_an_opening_phrase_or_a_list_has_no_appositive(nlp, text, name):
    """The comma ends a phrase the sentence opens with, or a list's item: what follows is
    the sentence's subject or the next item, not the name's description (a review's
    texts: Rome was NIL, "his wife" on its card)."""
    assert not {h for k, h in heads(nlp, text, name) if k == "appositive"}, text


@pytest.mark.parametrize("text, name", [
    ("He was born in Vienna, the son of a watchmaker.", "Vienna"),
    ("Born in Vienna, the eldest child of a watchmaker, he studied law.", "Vienna"),
    ("She was born in Westport, Connecticut, the daughter of Sharon Smith.", "Connecticut"),
    ("She grew up at Bath, the youngest daughter of a vicar.", "Bath"),
])
def test_kin_after_where_something_happened_is_the_subjects(nlp, text, name):
    """A place is nobody's son: "born in Vienna, the son of ..." says whose son the subject
    is (GAP's text: Paris, where Diego Rivera's daughter was born, was NIL at 0.74)."""
    assert not {h for k, h in heads(nlp, text, name) if k == "appositive"}, text


@pytest.mark.parametrize("text, name, head", [
    ("Christians believed in Jesus, the son of God.", "Jesus", "son"),
    ("Police questioned Tom Hale, the son of a farmer, on Monday.", "Tom Hale", "son"),
    ("He was born in Vienna, the capital of Austria.", "Vienna", "capital"),
    # A sentence's opening place, then the name: "the son" is Constantine's (a review's).
    ("In Rome, Constantine, the son of Constantius, was proclaimed emperor.", "Constantine",
     "son"),
])
def test_kin_of_a_person_or_a_place_that_is_described_stays(nlp, text, name, head):
    """A person's kin, or where something happened described as a place, is the name's."""
    assert ("appositive", head) in heads(nlp, text, name), text


@pytest.mark.parametrize("text, name, years", [
    ("James Cook (born 1991) is a British rower.", "James Cook", "born 1991"),
    ("Martin Luther (1895–1945) was a German diplomat.", "Martin Luther", "1895–1945"),
    ("Ann Lee (12 May 1895 – 3 June 1945) was a nurse.", "Ann Lee", "12 May 1895 – 3 June 1945"),
    ("Francis Bacon was born in Dublin in 1909 to English parents.", "Francis Bacon",
     "born 1909"),
    ("Tom Hale (Labour) won the seat.", "Tom Hale", None),
    ("Tom Hale was born in Leeds.", "Tom Hale", None),
    # A year of the place's, not the birth's.
    ("Buddy Holly was born in Lubbock, Texas, a city founded in 1890.", "Buddy Holly", None),
    ("Tom Hale (r. 1509–1547) ruled the island.", "Tom Hale", None),
])
def test_the_bearers_years_after_the_name(nlp, text, name, years):
    said = [d.text for d in described(nlp, text, name) if d.kind == "lifespan"]
    assert said == ([years] if years else []), text


@pytest.mark.parametrize("said, description, clash", [
    ("born 1991", "British explorer and naval officer (1728–1779)", True),
    ("1895–1945", "German priest, theologian and author (1483–1546)", True),
    ("1880–1962", "English naturalist (1809–1882)", True),
    ("1837–1901", "Queen of the United Kingdom (1819–1901)", False),  # a reign's
    ("born 1963", "Scottish physician and microbiologist (1881–1955)", True),
    ("1642–1727", "English polymath (1642–1727)", False),
    ("born 1643", "English polymath (1642–1727)", False),  # a calendar's year
    ("1933–1945", "32nd president of the United States (1882–1945)", False),  # an office's
    ("born 1961", "President of the United States from 2009 to 2017", False),  # no years
    ("born 1990", "American basketball player (born 1947)", True),
    ("born 1990", "Ruler of Egypt (c. 1300-1213 BC)", False),
    # The description's years may be an office's or a reign's: the bearer was born before
    # it and died after it (a review's: Puyi, Honecker, Kaunda were NIL with a first form).
    ("1906–1967", "Emperor of China (1908–1912)", False),
    ("born 1924", "President of Zambia (1964–1991)", False),
    ("763–809", "5th Abbasid caliph (r. 786–809)", False),  # a reign, no lifespan
    ("1912–1994", "Leader of East Germany, 1971–1989", False),  # no bracket
    # "c." is a guess within a decade on either side, not a year.
    ("c. 1485–1547", "Spanish conquistador (1478–1541)", False),
    ("1486–1541", "Spanish conquistador (c. 1478 – 1541)", False),
    ("c. 1600–1660", "Spanish conquistador (1478–1541)", True),
    ("born c. 1950", "American singer (born 1940)", False),
    ("born c. 1960", "American singer (born 1940)", True),
])
def test_years_the_article_cannot_have_clash(said, description, clash):
    from glossator.core.nlp.linking import lifespan_clash
    assert lifespan_clash(said, description) is clash


@pytest.mark.parametrize("text, name, head", [
    ("The pigs Snowball and Napoleon take charge.", "Napoleon", "pig"),
    ("With the help of his brothers Poseidon and Hades, he won.", "Hades", "brother"),
    ("The brothers Wilbur and Orville Wright flew.", "Orville Wright", "brother"),
])
def test_a_plural_noun_before_two_names_is_the_seconds_too(nlp, text, name, head):
    """A helper's text: "The pigs Snowball and Napoleon" made the pig the emperor (0.89)."""
    assert ("premodifier", head) in heads(nlp, text, name)


def test_a_singular_noun_before_two_names_is_the_firsts_alone(nlp):
    assert not heads(nlp, "The pig Snowball and Napoleon met.", "Napoleon")
    # Nor what the two do: "The talks Reagan and Gorbachev held" (a review's).
    assert not heads(nlp, "The talks Reagan and Gorbachev held ended the Cold War.",
                     "Gorbachev")


@pytest.mark.parametrize("text, name, said", [
    ("She was educated at Harvard and Stanford.", "Harvard", True),
    ("She was educated at Harvard and Stanford.", "Stanford", True),  # the conjunct's too
    ("He was a professor at Yale for thirty years.", "Yale", True),
    ("She took a degree from Princeton.", "Princeton", True),
    ("He was born at Stanford in 1950.", "Stanford", False),
    ("The senator spoke at Harvard.", "Harvard", False),  # a visit, not a study
    # A person's "from" is where they come from; what one is given is a school's.
    ("A student from Texas was hurt in the crash.", "Texas", False),
    ("A professor from Chicago led the study.", "Chicago", False),
    ("She earned a doctorate from Kyoto in 1990.", "Kyoto", True),
    ("He graduated from Kyoto in 1990.", "Kyoto", True),
    ("He is a graduate from Harvard.", "Harvard", True),  # a review's
])
def test_where_one_studies_is_a_university(nlp, text, name, said):
    assert (("school", "university") in heads(nlp, text, name)) is said


def test_a_place_after_a_hyphened_adjective_says_where_and_no_kind(nlp):
    """A helper's text: "born in the Lumbini grove, in present-day Nepal, the son of a
    chief" left Nepal NIL at 0.91: "day" read as its kind, and the son as its appositive
    (the preposition is before the adjective, not the name). A hyphened adjective's last
    word is no kind; "the French-speaking teacher" is still a teacher."""
    text = ("According to tradition, Siddhartha Gautama was born in the Lumbini grove, in "
            "present-day Nepal, the son of a chief of the Shakya clan.")
    assert described(nlp, text, "Nepal") == []
    found = described(nlp, "The French-speaking teacher Anne Roy said no.", "Anne Roy")
    assert [d.head for d in found] == ["teacher"]


def test_an_appositive_the_parse_hangs_elsewhere_is_headed_by_its_own_noun(nlp):
    """A helper's wire story: "held in Tabriz, Qom and Mashhad, the president's home city"
    read Mashhad as a president (NIL at 0.91): the phrase's noun is the one that hangs
    outside it (on the list's first town), not its first noun, a possessor."""
    found = described(nlp, "Funeral ceremonies will be held in Tabriz, Qom and Mashhad, the "
                           "president's home city.", "Mashhad")
    assert [d.head for d in found] == ["city"]


def test_a_persons_people_is_no_part_of_the_name():
    """A helper's text: "the Venetian Marco Polo served" left Marco Polo NIL at 0.50,
    glued into a longer name; a body's people's word may be its name's ("American
    Express")."""
    from glossator.core.nlp.descriptors import in_longer_name

    text = "It was at Kublai's court that the Venetian Marco Polo served for years."
    start = text.index("Marco Polo")
    assert not in_longer_name(text, start, start + len("Marco Polo"), person=True)
    assert in_longer_name(text, start, start + len("Marco Polo"))
    card = "He paid with his American Express card."
    start = card.index("Express")
    assert in_longer_name(card, start, start + len("Express"), person=False)


@pytest.mark.parametrize("text", [
    "In 1206 Temujin took the title Genghis Khan.",
    "The trumpeter was known by the nickname Satchmo.",
])
def test_a_noun_that_says_a_name_is_a_name_says_no_kind(nlp, text):
    """"took the title Genghis Khan" read the khan as a title (NIL at 0.65)."""
    name = "Genghis Khan" if "Genghis" in text else "Satchmo"
    assert not [d for d in described(nlp, text, name) if d.kind == "premodifier"]


def test_a_hyphened_person_noun_still_says_a_person(nlp):
    """The review: "The vice-president Kamala Harris" lost its "president" with the first
    form of the hyphened adjective's rule."""
    found = described(nlp, "The vice-president Kamala Harris visited Ohio.", "Kamala Harris")
    assert [d.head for d in found if d.kind == "premodifier"] == ["president"]


def test_a_name_the_text_uses_apart_is_no_part_of_the_name_before_it():
    """A helper's text: "In the Galápagos Islands Darwin collected finches" left the
    islands NIL at 0.77, glued to Darwin; a name the text uses on its own elsewhere
    begins a name of its own."""
    from glossator.core.nlp.descriptors import in_longer_name

    text = "In the Galápagos Islands Darwin collected finches."
    start, darwin = text.index("Galápagos"), text.index("Darwin")
    end = start + len("Galápagos Islands")
    assert in_longer_name(text, start, end)  # nothing says Darwin is a name of its own
    assert not in_longer_name(text, start, end, apart={darwin})
    assert in_longer_name(text, start, end, apart={darwin + 1})


def test_a_place_before_a_name_used_elsewhere_is_linked(engine):
    text = ("The young Charles Darwin sailed aboard HMS Beagle. In the Galápagos Islands "
            "Darwin collected finches and mockingbirds.")
    ann = engine.annotate(text)
    isles = next(m for m in ann.mentions if text[m.start:m.end] == "Galápagos Islands")
    entity = ann.entity(isles.entity)
    assert entity.kb_title == "Galápagos Islands" and entity.confidence >= 0.8


@pytest.mark.parametrize("text, name, head", [
    # Trap t88: the missile was the Mughal emperor at 0.61 with the fifty-fifth session's
    # ranker; its kind is two words on.
    ("Pakistan test-fired a Babur cruise missile on Wednesday.", "Babur", "missile"),
    ("The navy launched the Nelson submarine.", "Nelson", "submarine"),
    ("India tested an Agni ballistic missile.", "Agni", "missile"),
])
def test_a_weapon_named_after_someone_is_named_for_them(nlp, text, name, head):
    assert _said_after(nlp, text, name, "named_for") == [("named_for", head)]


def _said_after(nlp, text: str, name: str, kind: str) -> list[tuple[str, str]]:
    """The (kind, head) of the descriptors of one ``kind`` of the name's first use."""
    start = text.index(name)
    return [(d.kind, d.head) for d in describe(nlp(text), start, start + len(name))
            if d.kind == kind]


@pytest.mark.parametrize("text, name, head", [
    ("The Kennedy family gathered at Hyannis Port.", "Kennedy", "family"),
    ("The Tudor dynasty ended with Elizabeth.", "Tudor", "dynasty"),
    ("She was born into the MacGregor clan.", "MacGregor", "clan"),
])
def test_a_family_after_a_name_says_its_people(nlp, text, name, head):
    assert _said_after(nlp, text, name, "family") == [("family", head)]
    # A house is also a building: "the Kennedy house" says no family.
    assert not _said_after(nlp, "Tourists visit the Kennedy house in Brookline.", "Kennedy",
                           "family")
