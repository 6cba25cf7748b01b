"""The learned ranker: its weight file, probabilities, calibration and training."""

from __future__ import annotations

import json
import random
import re

import numpy as np
import pytest

from glossator.core.kb.derive import strip_qualifier
from glossator.core.kb.normalize import fold
from glossator.core.nlp import ranker, training
from glossator.core.nlp.ranker import (
    CANDIDATE_FEATURES,
    N_CAND,
    N_NIL,
    NIL_FEATURES,
    Model,
    candidate_row,
    nil_row,
    shipped_model,
)


def test_the_shipped_model_is_trained_and_calibrated():
    model = shipped_model()
    assert model.meta.get("trained") is True
    assert len(model.weights) == N_CAND + N_NIL
    assert np.all(np.diff(model.cal_y) >= 0)  # calibration never inverts an order
    assert 0.0 <= model.calibrate(0.0) <= model.calibrate(0.5) <= model.calibrate(1.0) <= 1.0


def test_weight_file_round_trip_and_unknown_features(tmp_path):
    model = shipped_model()
    data = model.to_json()
    again = Model.from_json(json.loads(json.dumps(data)))
    assert np.allclose(again.weights, model.weights, atol=1e-5)
    # A file from another version: unknown names are ignored, missing ones weigh zero.
    data["candidate_features"] = [*data["candidate_features"][:-1], "something_new"]
    older = Model.from_json(data)
    assert older.weights[N_CAND - 1] == 0.0
    path = tmp_path / "r.json"
    path.write_text(json.dumps(model.to_json()))
    assert np.allclose(ranker.load_model(path).weights, model.weights, atol=1e-5)


def test_the_weight_file_says_which_model_it_holds():
    """"model" is linear or boosted; a file without it (before the boosted variant) is
    linear, and the shipped file loads as the model it names."""
    from importlib import resources

    path = resources.files("glossator.core.nlp") / "data" / ranker.WEIGHTS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    model = Model.from_json(data)
    assert model.kind == data.get("model", "linear")
    assert (model.trees is None) == (model.kind == "linear")
    linear = shipped_model().to_json()
    assert linear["model"] == shipped_model().kind
    del linear["model"]
    linear.pop("trees", None)
    assert Model.from_json(linear).kind == "linear"


def test_probabilities_cover_every_candidate_and_nil():
    model = shipped_model()
    rows = np.vstack([candidate_row({"match": 1.0, "prior": 1.0, "how_exact": 1.0,
                                     "kind_full": 1.0, "type_person_person": 1.0,
                                     "name_coverage": 1.0, "title_coverage": 1.0,
                                     "title_equals_name": 1.0}),
                      candidate_row({"match": 0.7, "how_spelling": 1.0,
                                     "type_person_place": 1.0}),
                      nil_row({"nil_bias": 1.0})])
    p = model.probabilities(rows)
    assert p.shape == (3,) and abs(p.sum() - 1.0) < 1e-9
    assert p[0] > p[1]  # an exact, typed title beats a clashing spelling guess


def test_fit_learns_which_feature_decides():
    # Synthetic groups: the right candidate is the one with the higher "match"; NIL when
    # no candidate has one above 0.5. The fitted weights must put match first.
    rng = random.Random(3)
    examples = []
    for i in range(400):
        rows, best, label = [], -1.0, None
        for j in range(3):
            m = rng.random()
            rows.append(candidate_row({"match": m, "prior": rng.random()}))
            if m > best:
                best, label = m, j
        rows.append(nil_row({"nil_bias": 1.0}))
        examples.append(training.Example(np.vstack(rows), label if best > 0.5 else 3, i, ""))
    w = training.fit(examples, steps=400)
    assert w[CANDIDATE_FEATURES.index("match")] > 3 * abs(w[CANDIDATE_FEATURES.index("prior")])
    _probs, right = training.top_predictions(w, examples)
    assert right.mean() > 0.6


@pytest.mark.parametrize("feature", ["match", "topic_likeness"])
def test_evidence_for_a_candidate_never_counts_against_it(feature):
    """Data where the closer spelling, or the candidate closest to the text's topic, is
    the trap still gives the feature no negative weight. Unconstrained, the generated
    data taught negative ones: "Gremany" was surer of Germany than "Germany", and
    "Nixon resigned after the Watergate scandal" made Richard Nixon less likely the more
    it was about him (context -0.83)."""
    rng = random.Random(5)
    examples = []
    for i in range(300):
        m = rng.random()
        rows = [candidate_row({feature: m, "prior": 1.0}), nil_row({"nil_bias": 1.0})]
        examples.append(training.Example(np.vstack(rows), 1 if m > 0.6 else 0, i, ""))
    col = CANDIDATE_FEATURES.index(feature)
    assert training.fit(examples, steps=300, non_negative=())[col] < -1.0
    assert training.fit(examples, steps=300)[col] >= 0.0
    assert feature in training.NON_NEGATIVE


def test_isotonic_is_monotone_and_matches_the_rates():
    rng = np.random.default_rng(5)
    p = rng.random(5000)
    y = (rng.random(5000) < p ** 2).astype(float)  # overconfident raw scores
    xs, ys = training.isotonic(p, y)
    assert np.all(np.diff(xs) >= 0) and np.all(np.diff(ys) >= 0)
    assert abs(np.interp(0.5, xs, ys) - 0.25) < 0.08
    assert abs(np.interp(0.9, xs, ys) - 0.81) < 0.08


def test_isotonic_is_steady_where_names_crowd():
    """Names with the same features share one raw probability (a plain place's name); read
    example by example, the map's rate there came from a few dozen examples and moved with
    each training's sample (a bootstrap standard deviation of 0.055 at raw 0.64 on the
    generated data). Bins of about equal count keep it steady and near the tie's rate."""
    rng = np.random.default_rng(3)
    sure, spread, tie = rng.uniform(0.9, 1.0, 14000), rng.random(4000), np.full(600, 0.637)
    p = np.concatenate([sure, spread, tie])
    truth = np.concatenate([sure, np.where(spread < 0.637, spread * 0.85,
                                           np.minimum(1, spread + 0.1)), np.full(600, 0.65)])
    y = (rng.random(len(p)) < truth).astype(float)
    xs, ys = training.isotonic(p, y)
    assert np.all(np.diff(xs) >= 0) and np.all(np.diff(ys) >= 0)
    assert abs(np.interp(0.637, xs, ys) - y[p == 0.637].mean()) < 0.03
    assert abs(np.interp(0.3, xs, ys) - 0.3 * 0.85) < 0.08
    at_tie = []
    for _ in range(30):
        i = rng.integers(0, len(p), len(p))
        bx, by = training.isotonic(p[i], y[i])
        at_tie.append(np.interp(0.637, bx, by))
    assert np.std(at_tie) < 0.03
    assert [list(a) for a in training.isotonic(np.array([]), np.array([]))] == [[0, 1], [0, 0]]


def test_misspell_keeps_the_first_letter_and_changes_the_word():
    rng = random.Random(1)
    for word in ("Gaddafi", "Khartoum", "Merkel", "Zelensky"):
        for _ in range(20):
            v = training.misspell(word, rng)
            assert v != word and v[0] == word[0]


def test_an_article_about_a_common_noun_is_known_by_its_own_text(engine):
    """The article writes its name in lower case: a thing, seldom a capitalised name's."""
    linker = engine.linker
    assert linker.common_noun("Trout") and linker.common_noun("Globe")
    assert not linker.common_noun("Paris") and not linker.common_noun("Georgia (country)")
    assert not linker.common_noun("Moon")  # the article writes "the Moon"
    assert not linker.common_noun("No such article at all")


def test_a_common_noun_its_article_writes_only_first_is_known_by_other_articles(engine):
    """"Wood is a structural tissue": other articles write "wood"; its article no capital
    inside a sentence. The Moon's and the journal Science's articles do."""
    linker = engine.linker
    assert linker.common_noun("Wood") and linker.common_noun("Blood")
    assert not linker.common_noun("Moon") and not linker.common_noun("Sun")
    assert not linker.common_noun("Science (journal)")
    # no article writes it in lower case; a magazine is no thing, though "time" is
    assert "christianity" not in linker.gazetteer.common_nouns
    assert not linker.common_noun("Christianity")
    assert "time" in linker.gazetteer.common_nouns and not linker.common_noun("Time (magazine)")


def test_a_title_without_its_qualifier_counts_as_a_full_name(engine):
    """"Georgia" for Georgia (country) is the title's own name, not a derived part of it."""
    rows = _rows(engine, "Georgia and Russia fought a short war in 2008.")
    row = rows["Georgia", "Georgia (country)"]
    F = CANDIDATE_FEATURES
    assert row[F.index("kind_full")] == 1.0 and row[F.index("kind_derived")] == 0.0


def test_names_that_mean_something_else_are_put_among_strangers(starter_kb_path):
    """A renamed, extended, misdescribed or hidden name is another article's, moved.

    Its namesakes must then be strangers to the text around it (as a name the KB lacks
    mostly is), so context is learned as evidence, not as a trap.
    """
    maker = training.ExampleMaker(starter_kb_path, seed=3)
    for _ in range(20):
        _sources, text = maker.document()
        other = maker._stranger("PERSON", text)
        assert other is None or (other not in text and maker.etypes[other] == "PERSON")
    found = maker._occurrences("Tbilisi is the capital of Georgia.", ["Tbilisi"])
    assert [(t, s) for _a, _b, t, s in found if t != "Tbilisi"] == [
        ("Georgia (country)", "Georgia")]  # the country's article names Tbilisi


def test_a_group_weight_counts_as_that_many_copies():
    """Written texts weigh more than generated ones: weight 2 fits as two copies."""
    rng = random.Random(4)
    base = []
    for i in range(60):
        rows = [candidate_row({"match": rng.random(), "prior": rng.random()}) for _ in range(2)]
        rows.append(nil_row({"nil_bias": 1.0}))
        base.append(training.Example(np.vstack(rows), rng.randrange(3), i, ""))
    doubled = base + [training.Example(e.rows, e.label, e.doc, "") for e in base[:20]]
    weighted = [training.Example(e.rows, e.label, e.doc, "", 2.0 if i < 20 else 1.0)
                for i, e in enumerate(base)]
    w_copies = training.fit(doubled, steps=200)
    w_weights = training.fit(weighted, steps=200)
    assert np.allclose(w_copies, w_weights, atol=1e-6)
    assert not np.allclose(training.fit(base, steps=200), w_weights, atol=1e-3)


def test_written_texts_label_their_groups(starter_kb_path):
    """A labelled name gives its group the article's row; a NIL name the NIL row."""
    from glossator.core.nlp.written import parse

    # A plumber called Pierre Curie is not the physicist: the namesake's row is the trap.
    [doc] = parse("=== x1 test\n[[Angela Merkel]] met [[Pierre Curie|NIL]], a plumber, in "
                  "[[Paris]] on Monday. [[Merkel|Angela Merkel]] smiled.")
    assert doc.text == ("Angela Merkel met Pierre Curie, a plumber, in Paris on Monday. "
                        "Merkel smiled.")
    maker = training.ExampleMaker(starter_kb_path, seed=3)
    found = maker.written_examples(doc, training.WRITTEN_DOC, weight=2.0)
    by_kind = {e.rewrite: e for e in found}
    assert len(found) == 3 and all(e.weight == 2.0 for e in found)
    assert by_kind["written NIL"].label == len(by_kind["written NIL"].rows) - 1
    # Each example says which name, candidates and gold it is (for reading the data).
    nil = by_kind["written NIL"]
    assert (nil.name, nil.gold) == ("Pierre Curie", "") and len(nil.titles) == len(
        nil.rows) - 1
    assert sorted(e.label < len(e.rows) - 1 for e in found) == [False, True, True]
    # The linked groups' right rows are the articles named exactly (Angela Merkel, Paris).
    same = CANDIDATE_FEATURES.index("title_equals_name")
    assert all(e.rows[e.label, same] == 1.0 for e in found if e.rewrite == "written")


def test_what_the_text_says_counts_in_the_plural_the_article_uses():
    """"a 200-metre specialist" is said of Usain Bolt, whose article writes "200 metres"."""
    from glossator.core.nlp.linking import _plural_forms

    assert {"metres", "races"} <= _plural_forms("metre") | _plural_forms("race")
    assert "metre" in _plural_forms("metres") and "race" in _plural_forms("races")


def test_a_described_exact_name_whose_description_fits_is_linked(engine):
    """The descriptor fits, so the learned ranker does not leave the exact name NIL.

    A known miss until the thirteenth session (NIL at 0.60): "specialist" heads no KB
    description; WordNet says it names a person. A strict xfail from the thirty-second
    session (0.591) to the thirty-fifth (0.62: one-sentence training texts).
    """
    text = ("Inevitably, the talk in Jamaica turned at once to Usain Bolt. At the same age, "
            "Bolt was a 200-metre specialist who ran the shorter race only reluctantly.")
    ann = engine.annotate(text)
    bolt = next(ann.entity(m.entity) for m in ann.mentions if m.text == "Bolt")
    assert bolt.kb_title == "Usain Bolt"


@pytest.mark.parametrize("kwargs, message", [
    ({"docs": 0}, "docs must be"),
    ({"docs": 1_000_000}, "docs must be"),
    ({"calibrate_on": "written"}, "kept-out quarter"),
    ({"calibrate_on": "bogus"}, "calibrate_on must be"),
    ({"draws": 0}, "draws must be"),
    ({"draws": 17}, "draws must be"),
    ({"draws": 2, "kind": "boosted"}, "average linear weights"),
    ({"written_weight": 0.0, "written": "one"}, "written_weight"),
])
def test_training_refuses_settings_that_cannot_work(starter_kb, kwargs, message):
    """Checked before a single document is made: no crash in the calibration fit minutes
    later, no generated document counted as a written one."""
    from glossator.core.nlp import training
    from glossator.core.nlp.written import parse

    if kwargs.get("written") == "one":  # one text, in the quarter that is trained on
        kwargs["written"] = [d for d in parse(
            "=== w1 world\nThe [[Nile]] floods.\n=== w2 world\nThe [[Nile]] is long.\n"
            "=== w3 world\nThe [[Danube]] is long.\n") if not d.kept_out][:1]
        assert kwargs["written"], "one of the three texts is trained on"
    with pytest.raises(ValueError, match=message):
        training.train(starter_kb.layers[0].path, **kwargs)


def _rewritten(maker, monkeypatch, text: str, sources: list[str]) -> tuple[list, str]:
    """The examples of one given document, and the text the engine read."""
    monkeypatch.setattr(maker, "document", lambda: (sources, text))
    seen: list[str] = []
    real = maker.engine.annotate
    monkeypatch.setattr(maker.engine, "annotate", lambda t: (seen.append(t), real(t))[1])
    found = maker.examples(0)
    assert len(seen) == 1
    return found, seen[0]


def _three_uses(maker, monkeypatch, template: str, name: str) -> tuple[list, tuple]:
    """The examples of ``template`` (three ``{}``, a source "Paris" first) with ``name``
    in each, and the three surfaces the engine read there."""
    found, rewritten = _rewritten(maker, monkeypatch, template.format(name, name, name),
                                  ["Paris"])
    pattern = "(.+)".join(re.escape(part) for part in template.split("{}"))
    m = re.fullmatch(pattern, rewritten)
    assert m is not None, rewritten
    return found, m.groups()


_CURIE = ("Paris was home to {} for decades. In 1911 {} won a second prize, and {} taught "
          "there until her death.")


def _curie_rewritten(starter_kb_path, monkeypatch, rewrite: str, stranger: str
                     ) -> tuple[list, tuple]:
    """``_three_uses`` of Marie Curie's text, every person rewritten by ``rewrite`` with
    ``stranger`` the name moved into her place."""
    monkeypatch.setitem(training.REWRITES, "PERSON", ((rewrite, 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    monkeypatch.setattr(maker, "_stranger", lambda etype, text: stranger)
    return _three_uses(maker, monkeypatch, _CURIE, "Marie Curie")


def test_a_renamed_person_is_written_by_the_surname_after_the_first_use(
        starter_kb_path, monkeypatch):
    """As news writes a namesake: "Rahul Gandhi ... Gandhi" (NIL, the famous one the trap)."""
    # The namesake put in Marie Curie's place: a given name and a surname.
    found, (first, second, third) = _curie_rewritten(starter_kb_path, monkeypatch, "rename",
                                                     "Isaac Newton")
    assert len(first.split()) >= 2 and first != "Marie Curie"
    assert second == third == first.split()[-1]
    (renamed,) = [e for e in found if e.rewrite == "rename"]
    assert renamed.label == len(renamed.titles)  # NIL: someone else of that surname


def test_a_gold_name_inside_a_longer_name_is_no_example(starter_kb_path, monkeypatch):
    """"Reformation" inside "Protestant Reformation": the gold says nothing of the longer
    name (which is right to link to the Reformation), so it labels nothing; before, the
    group was a NIL example and taught that the right link was wrong."""
    monkeypatch.setitem(training.REWRITES, "", (("keep", 1.0),))
    monkeypatch.setitem(training.REWRITES, "place", (("keep", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    text = ("Paris grew quickly. The Protestant Reformation divided the churches of France "
            "for a century.")
    found, rewritten = _rewritten(maker, monkeypatch, text, ["Paris"])
    assert rewritten == text
    assert not [e for e in found if e.gold == "Reformation"]
    (france,) = [e for e in found if e.gold == "France"]  # a name of its own still is
    assert france.titles[france.label] == "France"


def test_a_place_is_located_by_a_place_its_first_sentence_names(starter_kb_path):
    """Forty places drawn at random seldom held one the article names: a location said
    in the training texts was another place's nine times in ten ("Cologne, Germany" then
    read as "Paris, Texas")."""
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    for name in ("Shanghai", "Bangkok", "Cologne"):
        first = maker.extracts[name].split(". ")[0]
        said = maker._said(name, "locate")
        assert said is not None and said[0] == "", name
        place = said[1].strip(", ")
        assert place in maker.countries and place in first, (name, said)
    # Past "the U.S. state of", by a name the KB qualifies (Georgia (country)); never by
    # a piece of a longer name ("New South Wales"). These made no "locate" before: a
    # located name was NIL in 809 generated examples and linked in 241, and "Adelaide,
    # South Australia" was NIL at 0.57.
    assert maker.containers("Atlanta") == ["Georgia"]
    assert maker.containers("Sydney") == ["Australia"]


def test_only_a_place_that_texts_locate_is_mislocated(starter_kb_path):
    """"Albania, Peru,": a place whose first sentence names no place that may hold it is
    not mislocated either (most countries), so a misdescription no longer taught only
    that a located name is NIL."""
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    for place in ("Albania", "Germany", "Thailand"):
        assert maker.containers(place) == [], place
        assert maker._said(place, "mislocate") is None
        assert maker._said(place, "locate") is None
    said = maker._said("Lagos", "mislocate")
    assert said is not None and said[1].strip(", ") not in ("Nigeria", "Lagos")


def test_one_sentence_texts_name_a_person_in_full_and_not_their_subject(starter_kb_path):
    maker = training.ExampleMaker(starter_kb_path, seed=11)
    made = 0
    for _ in range(20):
        one = maker.one_sentence()
        if one is None:
            continue
        made += 1
        (title,), sentence = one
        assert sentence in maker.extracts[title] and "\n" not in sentence
        assert not maker.extracts[title].startswith(sentence)  # not its definition
        assert any(maker.etypes.get(m.group(0)) == "PERSON" and " " in m.group(0)
                   for m in maker._gold(sentence)), sentence
        base = strip_qualifier(title)
        for word in [base, *base.split()]:
            if len(word) >= 4 and word[:1].isupper():
                assert not re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)",
                                     fold(sentence)), (title, sentence)
    assert made >= 10


def test_an_article_that_names_a_longer_rival_vouches_for_the_rival(engine):
    """Steve Jobs's summary names Apple Inc.: that is no word for the fruit."""
    linker = engine.linker
    assert linker.inbound("Apple", {"Steve Jobs"}) > 0  # the word is there
    assert linker.inbound("Apple", {"Steve Jobs"}, ["Apple", "Apple Inc."]) == 0.0
    assert linker.inbound("Apple Inc.", {"Steve Jobs"}, ["Apple", "Apple Inc."]) > 0


def test_how_a_candidate_was_found_weighs_more_for_a_closer_spelling():
    """Data where the exact names are the traps still weighs an exact name no less than a
    close spelling, and that no less than a far one (unconstrained, "Gremany" was surer of
    Germany than "Germany")."""
    rng = random.Random(7)
    examples = []
    for i in range(300):
        how = rng.choice(("how_exact", "how_spelling", "how_far_spelling"))
        rows = [candidate_row({how: 1.0, "prior": 1.0}), nil_row({"nil_bias": 1.0})]
        right = rng.random() < {"how_exact": 0.3, "how_spelling": 0.9,
                                "how_far_spelling": 0.6}[how]
        examples.append(training.Example(np.vstack(rows), 0 if right else 1, i, ""))
    cols = [CANDIDATE_FEATURES.index(f) for f in training.ORDERED[0]]
    free = training.fit(examples, steps=300, ordered=())[cols]
    assert free[0] < free[1] - 0.5  # the data alone says exact is worse
    kept = training.fit(examples, steps=300)[cols]
    assert kept[0] >= kept[1] >= kept[2]


def test_non_increasing_pools_adjacent_violators():
    assert training.non_increasing(np.array([3.0, 2.0, 1.0])).tolist() == [3.0, 2.0, 1.0]
    assert np.allclose(training.non_increasing(np.array([-0.2, 0.4, 0.1])),
                       [0.1, 0.1, 0.1])
    assert np.allclose(training.non_increasing(np.array([1.0, 0.0, 2.0])), [1.0, 1.0, 1.0])
    assert np.allclose(training.non_increasing(np.array([2.0, 0.0, 1.0])), [2.0, 0.5, 0.5])


def test_news_like_texts_leave_out_their_subjects(starter_kb_path):
    """A news-like training text names things, but never the subjects its sentences come
    from: nothing there vouches for its names as an extract's subject would."""
    maker = training.ExampleMaker(starter_kb_path, seed=11)
    made = 0
    for _ in range(30):
        sources, text = maker.news_like()
        assert sources and text
        for title in sources:
            if maker.extracts[title] in text:
                continue  # the fallback: a whole extract
            made += 1
            base = re.sub(r"\s*\(.*\)$", "", title).split(",")[0]
            assert not re.search(rf"(?<!\w){re.escape(fold(base))}(?!\w)",
                                 fold(text)), (title, text)
            assert maker.extracts[title].split(". ")[0] not in text  # its definition
    assert made >= 30


@pytest.mark.parametrize("table, rewrite, stranger, template, name", [
    # "Mike Trout ... Trout": the later surname alone is the fish's exact title, and the
    # example is NIL (the engine once linked the baseball player to the fish at 0.86).
    ("", "extend", "Trout", "Paris has a famous {}. Tourists visit the {} in summer, and "
     "the {} is open until late.", "Opera"),
    # "Gabriel Jesus ... Jesus": a footballer whose surname is a famous one-name person's
    # (thirteenth session; before, a one-word name was never renamed, and the ranker
    # linked Gabriel Jesus to Jesus at 0.88).
    ("PERSON", "rename", "Jesus", "Paris was home to {} for decades. In 1911 {} won a "
     "second prize, and {} taught there until her death.", "Marie Curie"),
])
def test_a_name_made_a_persons_is_written_by_the_surname_after_the_first_use(
        starter_kb_path, monkeypatch, table, rewrite, stranger, template, name):
    monkeypatch.setitem(training.REWRITES, table, ((rewrite, 1.0),))
    monkeypatch.setitem(training.REWRITES, "place", (("keep", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    monkeypatch.setattr(maker, "_stranger", lambda etype, text: stranger)
    monkeypatch.setattr(maker.rng, "random", lambda: 0.1)  # a given name before it
    found, (first, second, third) = _three_uses(maker, monkeypatch, template, name)
    assert first.endswith(f" {stranger}") and len(first.split()) == 2
    assert second == third == stranger
    made = [e for e in found if e.rewrite == rewrite]
    assert made and all(e.label == len(e.titles) for e in made)  # NIL


def test_a_person_found_by_the_surname_alone_is_no_exact_name(engine):
    """A title equal to the surname of a person named in full is found by the surname."""
    from glossator.core.nlp.candidates import generate
    from glossator.core.nlp.grouping import Group
    from glossator.core.nlp.mentions import NameMention

    g = Group(members=[NameMention(0, 10, "Mike Trout", "PERSON", "ner", 0),
                       NameMention(30, 35, "Trout", "PERSON", "ner", 1)],
              name="Mike Trout", label="PERSON")
    pool = generate(engine.linker, g, frozenset())
    assert pool["Trout"][2] == "surname"
    # The person's own shorter name stays exact (found by the review).
    messi = Group(members=[NameMention(0, 19, "Lionel Andrés Messi", "PERSON", "ner", 0),
                           NameMention(30, 35, "Messi", "PERSON", "ner", 1)],
                  name="Lionel Andrés Messi", label="PERSON")
    assert generate(engine.linker, messi, frozenset())["Lionel Messi"][2] == "exact"
    # A one-name person is no shorter name of someone named in full: Jesus has been a
    # person in the KB since the thirteenth session, and "Gabriel Jesus" was then Jesus,
    # found as an exact name, at 0.88.
    jesus = Group(members=[NameMention(0, 13, "Gabriel Jesus", "PERSON", "ner", 0),
                           NameMention(30, 35, "Jesus", "PERSON", "ner", 1)],
                  name="Gabriel Jesus", label="PERSON")
    assert generate(engine.linker, jesus, frozenset())["Jesus"][2] == "surname"
    # But a one-name person named in full stays exact (found by the review).
    for full, short in (("Napoleon Bonaparte", "Napoleon"), ("Rembrandt van Rijn", "Rembrandt")):
        g = Group(members=[NameMention(0, len(full), full, "PERSON", "ner", 0),
                           NameMention(40, 40 + len(short), short, "PERSON", "ner", 1)],
                  name=full, label="PERSON")
        assert generate(engine.linker, g, frozenset())[short][2] == "exact", full
    # Not when the article never gives the fuller name: "Rumi Carter", a singer's
    # daughter, was Rumi the poet at 0.82 (a News-Fair dev text).
    rumi = Group(members=[NameMention(0, 11, "Rumi Carter", "PERSON", "ner", 0),
                          NameMention(30, 34, "Rumi", "PERSON", "ner", 1)],
                 name="Rumi Carter", label="PERSON")
    assert generate(engine.linker, rumi, frozenset())["Rumi"][2] == "surname"
    fish = Group(members=[NameMention(0, 5, "Trout", "", "ner", 0)], name="Trout")
    assert generate(engine.linker, fish, frozenset())["Trout"][2] == "exact"
    faith = Group(members=[NameMention(0, 6, "Muslim", "NORP", "ner", 0)], name="Muslim",
                  label="NORP")
    assert "Abu Muslim" not in generate(engine.linker, faith, frozenset())  # no surname


def test_a_saints_name_is_found_by_either_spelling(engine):
    """"St Petersburg" is the KB's "Saint Petersburg", "Saint Lawrence River" its "St.
    Lawrence River" (``normalize.saint_spelling``; the grouper uses it too)."""
    from glossator.core.nlp.candidates import generate
    from glossator.core.nlp.grouping import Group
    from glossator.core.nlp.mentions import NameMention

    for text, title in (("St Petersburg", "Saint Petersburg"), ("St. Lucia", "Saint Lucia"),
                        ("Saint Lawrence River", "St. Lawrence River")):
        g = Group(members=[NameMention(0, len(text), text, "GPE", "ner", 0)], name=text,
                  label="GPE")
        assert generate(engine.linker, g, frozenset())[title][2] == "exact", text


def test_doubts_about_a_guess_never_count_for_it():
    """Where the data says a lone spelling guess is right more often than an exact name,
    the doubt's weight still stays at 0 or below ("Gremany" surer than "Germany")."""
    rng = random.Random(9)
    examples = []
    for i in range(300):
        guess = rng.random() < 0.5
        rows = [candidate_row({"prior": 1.0, "lone_guess": float(guess)}),
                nil_row({"nil_bias": 1.0})]
        right = rng.random() < (0.9 if guess else 0.6)
        examples.append(training.Example(np.vstack(rows), 0 if right else 1, i, ""))
    col = CANDIDATE_FEATURES.index("lone_guess")
    assert training.fit(examples, steps=300, non_positive=())[col] > 0.5
    assert training.fit(examples, steps=300)[col] <= 0.0


def test_the_calibration_map_is_fitted_on_news_like_documents_made_apart(
        starter_kb_path, monkeypatch):
    """Calibrated on news-like documents never trained on: their groups are in the
    figures, and none of their documents is among the training ones."""
    monkeypatch.setattr(training, "CALIBRATION_DOCS", 6)
    fitted: list[list] = []
    real = training.fit_model
    monkeypatch.setattr(training, "fit_model", lambda tr, cal, *a, **k: (
        fitted.append([tr, cal]), real(tr, cal, *a, **k))[1])
    model, figures = training.train(starter_kb_path, docs=12, rounds=1,
                                    calibrate_on="news-like")
    assert model.meta["calibrated on"] == "news-like"
    (train_ex, cal_ex), = fitted
    assert cal_ex and all(e.doc >= training.CALIBRATION_DOC for e in cal_ex)
    assert not any(e.doc >= training.CALIBRATION_DOC for e in train_ex)
    assert figures["calibration documents (news-like)"]["groups"] == len(cal_ex)


def test_the_calibration_map_comes_from_out_of_fold_predictions(monkeypatch):
    """Each fifth of the documents is predicted by weights fitted without it; the final
    weights are fitted on every document."""
    rng = random.Random(3)
    examples = []
    for i in range(200):
        x = rng.random()
        rows = [candidate_row({"prior": x}), nil_row({"nil_bias": 1.0})]
        examples.append(training.Example(np.vstack(rows), 0 if rng.random() < x else 1,
                                         i, ""))
    fitted: list[set[int]] = []
    predicted: list[tuple[int, set[int]]] = []
    real_fit, real_top = training.fit, training.top_predictions
    monkeypatch.setattr(training, "fit", lambda ex, *a, **k: (
        fitted.append({e.doc for e in ex}), real_fit(ex, steps=200))[1])
    monkeypatch.setattr(training, "top_predictions", lambda w, ex: (
        predicted.append((len(fitted), {e.doc for e in ex})), real_top(w, ex))[1])
    model, figures = training.fit_cross_calibrated(examples)
    everything = set(range(200))
    assert fitted[-1] == everything  # the shipped weights see every document
    for k, (fits_so_far, docs) in enumerate(predicted):
        assert docs == {d for d in everything if d % training.FOLDS == k}
        assert not fitted[k] & docs and fitted[k] | docs == everything
        assert fits_so_far == training.FOLDS  # every fold's weights fitted first
    assert figures["groups"] == 200 and len(model.cal_x) >= 2


def _draw(seed: int, n: int = 120) -> list:
    """Groups of one candidate and NIL whose link is right as often as its prior says."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        x = rng.random()
        rows = [candidate_row({"prior": x, "match": rng.random()}), nil_row({"nil_bias": 1.0})]
        out.append(training.Example(np.vstack(rows), 0 if rng.random() < x else 1, i, ""))
    return out


def test_averaged_weights_are_each_draws_mean_and_the_map_sees_every_draw(monkeypatch):
    """The shipped weights are the mean of the draws' fits (signs kept, as each draw keeps
    them); the map is fitted on every draw's kept-out groups through those mean weights."""
    draws = [_draw(1), _draw(2), _draw(3)]
    cals = [_draw(4, 40), _draw(5, 50), _draw(6, 60)]
    real_fit, real_top = training.fit, training.top_predictions
    monkeypatch.setattr(training, "fit", lambda ex, *a, **k: real_fit(ex, steps=200))
    predicted: list[tuple[np.ndarray, int]] = []
    monkeypatch.setattr(training, "top_predictions", lambda w, ex: (
        predicted.append((np.array(w), len(ex))), real_top(w, ex))[1])
    model, spread = training.fit_averaged(draws, cals, {"note": "x"})
    each = np.array([real_fit(d, steps=200) for d in draws])
    assert np.allclose(model.weights, each.mean(axis=0))
    assert np.allclose(spread, each.std(axis=0)) and spread.max() > 0  # the draws differ
    (w, n), = predicted
    assert np.allclose(w, model.weights) and n == 150
    match = CANDIDATE_FEATURES.index("match")
    assert model.weights[match] >= 0  # a closer spelling never counts against
    assert model.meta == {"note": "x"} and np.all(np.diff(model.cal_y) >= 0)


def test_one_draw_trains_as_before(starter_kb_path, monkeypatch):
    """The default is one draw: nothing averaged, the out-of-fold map as before."""
    monkeypatch.setattr(training, "fit_averaged", lambda *a, **k: pytest.fail("averaged"))
    model, figures = training.train(starter_kb_path, docs=6, rounds=1)
    assert "draws" not in model.meta and "seeds" not in model.meta
    assert "out of fold" in model.meta["calibration"] and "draws" not in figures


def test_draws_are_made_from_their_own_seeds_and_averaged(starter_kb_path, monkeypatch):
    """``--draws 2``: the last round makes its documents twice, from two seeds; each draw
    trains without its kept-out fifth, and the map is fitted on both draws' fifths."""
    seen: list[tuple[list, list]] = []
    real = training.fit_averaged
    monkeypatch.setattr(training, "fit_averaged", lambda tr, cal, meta: (
        seen.append((tr, cal)), real(tr, cal, meta))[1])
    model, figures = training.train(starter_kb_path, docs=10, rounds=1, draws=2)
    (trains, cals), = seen
    assert len(trains) == len(cals) == 2
    assert model.meta["draws"] == 2
    assert model.meta["seeds"] == [20261130, training.draw_seed(20261130, 1)]
    assert model.meta["seeds"][0] != model.meta["seeds"][1]
    first, second = ([(e.doc, e.name, e.gold) for e in t] for t in trains)
    assert first and second and first != second  # two draws, not one made twice
    for t, c in zip(trains, cals, strict=True):
        assert c and all(e.doc % 5 == 0 for e in c)
        assert not any(e.doc % 5 == 0 for e in t)
    assert figures["draws"] == 2
    assert figures["calibration split (generated)"]["groups"] == sum(map(len, cals))
    assert model.meta["groups per draw"] == [len(t) + len(c) for t, c in zip(trains, cals,
                                                                              strict=True)]


@pytest.mark.parametrize("argv, message", [
    (["--draws", "0"], "--draws must be between 1 and 16"),
    (["--draws", "2", "--model", "boosted"], "--draws above 1 needs --model linear"),
])
def test_the_training_command_says_which_draws_cannot_work(tmp_path, capsys, argv, message):
    """A clear message before the knowledge base is opened, not a traceback."""
    with pytest.raises(SystemExit) as stop:
        training.main([*argv, "--kb", str(tmp_path / "none.sqlite"),
                       "--out", str(tmp_path / "r.json")])
    assert stop.value.code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def test_documents_are_the_same_whatever_the_processes_that_make_them(
        starter_kb_path, monkeypatch):
    """Each document draws from its own random stream: ``make train`` gives the same file
    whether one process or several make the documents, in whatever order."""
    monkeypatch.setattr(training, "_CHUNK", 3)  # four chunks for two workers
    maker = training.ExampleMaker(starter_kb_path, seed=7)
    one = training.generate(maker, 10, log=False, workers=1)
    two = training.generate(maker, 10, log=False, workers=2)
    backwards = [e for i in reversed(range(10))
                 for e in training.document_examples(maker, i)]
    backwards.sort(key=lambda e: e.doc)
    assert one, "no examples made"
    for other in (two, backwards):
        assert [(e.doc, e.name, e.label, e.titles) for e in other] == [
            (e.doc, e.name, e.label, e.titles) for e in one]
        assert all(np.array_equal(a.rows, b.rows) for a, b in zip(one, other, strict=True))


def test_a_place_read_as_a_team_is_a_nil_example(starter_kb_path, monkeypatch):
    """Some documents end with a match report between two KB places ("Sevilla lost 2-0
    at Valencia"): each place read as a team is an example whose answer is NIL, and the
    report is drawn apart, so the rest of the document is what it was without it."""
    maker = training.ExampleMaker(starter_kb_path, seed=7)
    # The first reports with a team read (a place the KB mistypes, "Civil war", is no
    # name NER finds: a report of it makes no example).
    reports = [i for i in range(200) if maker._match_report(i, "") is not None][:5]
    described = N_CAND + ranker.NIL_FEATURES.index("nil_described")
    found = []
    for doc in reports:
        words, played = maker._match_report(doc, "")
        assert len(played) >= 2 and all(words[s:e] == n for s, e, n in played)
        made = training.document_examples(maker, doc)
        teams = [e for e in made if e.rewrite == "team"]
        for e in teams:
            assert e.label == len(e.titles) and e.rows[-1, described] == 1.0, (words, e.name)
        if teams:
            found.append((doc, made))
    assert found, f"no team example in the match reports of documents {reports}"
    doc, made = found[0]
    monkeypatch.setattr(training, "SPORTS", 0.0)
    assert [(e.name, e.label, e.titles) for e in training.document_examples(maker, doc)] \
        == [(e.name, e.label, e.titles) for e in made if e.rewrite != "team"]


def _rows(engine, text: str) -> dict[tuple[str, str], np.ndarray]:
    """(group name, candidate title) -> the candidate's feature row, as the ranker sees it."""
    from glossator.core.nlp.linking import Linker

    linker = Linker(engine.kb, gazetteer=engine.gazetteer)
    linker.collect = []
    engine.linker, saved = linker, engine.linker
    try:
        engine.annotate(text)
    finally:
        engine.linker = saved
    return {(g.name, t): r for g, titles, rs in linker.collect
            for t, r in zip([*titles, "NIL"], rs, strict=True)}


@pytest.mark.parametrize("text, name, title, clash", [
    # What the text calls her, her title or her given name against the article's pronouns.
    ("Foreign ministry spokeswoman Mao Ning said on Monday that Beijing would respond. "
     "Mao told a news briefing that China would act.", "Mao Ning", "Mao Zedong", True),
    ("Mrs Obama said on Monday that she would write another book.", "Obama",
     "Barack Obama", True),
    ("John Curie, a chemist from Leeds, won the prize. Curie said the results were clear.",
     "John Curie", "Marie Curie", True),
    ("John Curie, a chemist from Leeds, won the prize. Curie said the results were clear.",
     "John Curie", "Pierre Curie", False),
    # Agreeing, or nothing said: no clash.
    ("Mr Obama said on Monday that he would write another book.", "Obama",
     "Barack Obama", False),
    ("Marie Curie won a second Nobel Prize in 1911.", "Marie Curie", "Marie Curie", False),
    ("Curie said the results were clear.", "Curie", "Marie Curie", False),
    # The lists' slips: a man named Jean, a host who is a woman, a group that says both
    # (a review found each costing a right link).
    ("Jean Sibelius composed Finlandia in 1899.", "Jean Sibelius", "Jean Sibelius", False),
    ("Talk show host Oprah Winfrey interviewed the couple.", "Oprah Winfrey",
     "Oprah Winfrey", False),
    ("Barack Obama arrived in Kenya on Monday. Mrs Obama visited a school, and Mr Obama "
     "met the president.", "Barack Obama", "Barack Obama", False),
])
def test_a_man_or_woman_the_text_says_clashes_with_the_other(engine, text, name, title,
                                                              clash):
    rows = _rows(engine, text)
    assert rows[name, title][CANDIDATE_FEATURES.index("gender_clash")] == float(clash)


@pytest.mark.parametrize("text, name, title, clash", [
    # The KB's "river" descriptions are all rivers (LOC): a river is no city.
    ("The river Turia once ran through the old town of Valencia.", "Turia", "Turin", True),
    # A head that the KB's descriptions of that type use, or none at all: no clash.
    ("Valencia is a port city on the east coast of Spain.", "Valencia", "Valencia", False),
    ("The Danube, a river that crosses ten countries, flooded again.", "Danube", "Danube",
     False),
    ("Paris, the French capital, hosted the summit on Monday.", "Paris", "Paris", False),
])
def test_a_head_that_names_another_type_of_article_clashes(engine, text, name, title, clash):
    rows = _rows(engine, text)
    assert rows[name, title][CANDIDATE_FEATURES.index("descriptor_type_clash")] == float(clash)


def test_a_head_of_another_type_is_no_fit_for_being_in_the_extract(engine):
    """Turin's extract names the river Po: "river" was a fit, and Turin sure beside Italy
    (the app, eighteenth session)."""
    rows = _rows(engine, "The river Turia once ran through the old town. Spain beat Italy "
                         "on Sunday.")
    row = rows["Turia", "Turin"]
    assert row[CANDIDATE_FEATURES.index("descriptor_fits")] == 0.0
    assert row[CANDIDATE_FEATURES.index("descriptor_differs")] == 1.0
    # A head of the article's own type still fits.
    rows = _rows(engine, "Valencia is a port city on the east coast of Spain.")
    assert rows["Valencia", "Valencia"][CANDIDATE_FEATURES.index("descriptor_fits")] > 0.0


@pytest.mark.parametrize("text, name, title, differs", [
    ("A tornado tore through Paris, Texas, late on Friday.", "Paris", "Paris", True),
    ("A tornado tore through Lyon, France, late on Friday.", "Lyon", "Lyon", False),
    # A country by a name its KB article lacks: London's says "United Kingdom". GAP's
    # "Miss World 2011 pageant in London, Great Britain" left London NIL.
    ("She sang at the pageant in London, Great Britain, on Sunday.", "London", "London", False),
])
def test_a_place_the_text_puts_it_in_is_one_its_article_names(engine, text, name, title,
                                                               differs):
    row = _rows(engine, text)[name, title]
    assert row[CANDIDATE_FEATURES.index("descriptor_differs")] == float(differs)


@pytest.mark.parametrize("text, name, title, there", [
    # A town of the name is where the text puts it, and the article never names the place.
    ("A tornado tore through Paris, Texas, late on Friday.", "Paris", "Paris", True),
    ("Clashes in the northern Lebanese city of Tripoli killed two people.", "Tripoli",
     "Tripoli, Libya", True),
    # The article's own place, or a place no town of the name is in (a misread location
    # says less: "Paris, Peru" has no Paris).
    ("A tornado tore through Lyon, France, late on Friday.", "Lyon", "Lyon", False),
    ("A tornado tore through Paris, Peru, late on Friday.", "Paris", "Paris", False),
])
def test_a_town_of_the_name_where_the_text_puts_it(engine, text, name, title, there):
    row = _rows(engine, text)[name, title]
    assert row[CANDIDATE_FEATURES.index("town_elsewhere")] == float(there)


def test_a_place_is_mislocated_where_its_namesakes_are(starter_kb_path):
    """Half the mislocations of a town with namesakes put it where one is ("Paris, Texas",
    "Athens, Ohio"), as news does; never in a place its article names."""
    maker = training.ExampleMaker(starter_kb_path, seed=0)
    paris = maker._namesake_regions("Paris", maker.article_words("Paris"))
    assert "Texas" in paris and "France" not in paris
    assert "Ohio" in maker._namesake_regions("Athens", maker.article_words("Athens"))
    said = {maker._said("Paris", "mislocate") for _ in range(40)}
    assert ("", ", Texas,") in said and len(said) > 2  # namesakes' and drawn countries'


def test_a_longer_name_is_made_with_a_common_word(starter_kb_path):
    """The "extend" rewrite's last words are words the KB's texts also write in lower
    case ("Coast Guard"): "Spanish Empire Madrid" was read as a plain "Madrid" labelled
    NIL, which taught that a plain place's name is nobody's."""
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    tails = set(maker.tail_words)
    assert {"Guard", "Party", "Cup"} & tails
    assert not {"Madrid", "Bologna", "Cambridge", "Faust", "Chinese"} & tails
    # Nouns of three letters or more: "World War I" gave "Metallica I".
    assert all(len(word) >= 3 for word in tails) and not {"Away", "Apart"} & tails
    text = " ".join(maker.extracts.values())
    for word in tails:
        assert re.search(rf"\b{word.lower()}\b", text), word


def test_a_description_one_candidate_fits_is_less_reason_for_nil(engine):
    """"nil_described_fitted": described, and a candidate's article says it too ("Denver,
    Colorado": Denver's article names Colorado). The shipped weight is below zero, and a
    plain place put in the state its article names is linked (it was 0.50)."""
    w = shipped_model().weights
    assert w[N_CAND + NIL_FEATURES.index("nil_described_fitted")] < 0.0
    ann = engine.annotate("The company is based in Denver, Colorado.")
    denver = next(e for e in ann.entities if e.name == "Denver")
    assert denver.kb_title == "Denver" and denver.confidence >= 0.6


def test_a_namesake_one_slip_from_a_title_is_a_nil_example(starter_kb_path, monkeypatch):
    """"John Bowne" in a text not about John Donne: someone else (NIL), the title the trap;
    the slip is a census name, and the text vouches for no Donne."""
    from rapidfuzz.distance import OSA

    from glossator.core.nlp.census_names import is_known_name

    found, (first, _, _) = _curie_rewritten(starter_kb_path, monkeypatch, "namesake",
                                            "John Donne")
    given, surname = first.split()
    assert given == "John" and is_known_name(surname) and OSA.distance(surname, "Donne") == 1
    made = [e for e in found if e.rewrite == "namesake"]
    assert made and all(e.label == len(e.titles) for e in made)  # NIL
    col = CANDIDATE_FEATURES.index("slip_is_a_name")
    assert any(e.rows[e.titles.index("John Donne"), col] == 1.0
               for e in made if "John Donne" in e.titles)


def test_a_slip_that_is_a_name_is_said_only_where_nothing_vouches_for_the_title(engine):
    """"John Bowne" among Quakers is a census surname one slip from Donne; "Jhon Donne"
    among metaphysical poets is a misspelling (no name), and so is no namesake."""
    col = CANDIDATE_FEATURES.index("slip_is_a_name")

    def feature(text: str, name: str, title: str) -> float | None:
        engine.linker.collect = []
        try:
            engine.annotate(text)
            rows = {(g.name, t): r for g, titles, rs in engine.linker.collect
                    for t, r in zip(titles, rs[:-1], strict=True)}
        finally:
            engine.linker.collect = None
        return rows[(name, title)][col] if (name, title) in rows else None

    assert feature("The Quaker merchant Walter Franklin was a descendant of John Bowne and "
                   "Elizabeth Fones.", "John Bowne", "John Donne") == 1.0
    assert feature("The metaphysical poet Jhon Donne wrote the Holy Sonnets in London.",
                   "Jhon Donne", "John Donne") == 0.0
    # A census given name NER calls a place, one slip from a city ("Zofia" was Sofia at
    # 0.81 in GAP dev), and one from a capital ("Kamala", Kampala).
    assert feature("She goes to Zofia's ethics lecture.", "Zofia", "Sofia") == 1.0
    assert feature("Vanitha is born to Ganeshan and Kamala as the youngest of four "
                   "children.", "Kamala", "Kampala") == 1.0
    # Two ordinary names one slip apart that sound alike are no evidence either way: a
    # misspelling as often. Two that sound apart are two names ("John Payne" of Asia was
    # John Wayne at 0.87 in GAP dev).
    assert feature("Fans remembered Micheal Jackson at the concert.", "Micheal Jackson",
                   "Michael Jackson") == 0.0
    assert feature("Palmer dueted with John Payne on a song written by Stephen Stills.",
                   "John Payne", "John Wayne") == 1.0
    # A slip that is a name, where the text vouches for the title: the footballer.
    vouched = ("Christiano Ronaldo scored twice as Portugal beat Spain; Cristiano Ronaldo "
               "of Real Madrid and Portugal, Lionel Messi and FC Barcelona.")
    engine.linker.collect = []
    try:
        engine.annotate(vouched)
        groups = [(g.name, dict(zip(titles, rs[:-1, col], strict=True)))
                  for g, titles, rs in engine.linker.collect]
    finally:
        engine.linker.collect = None
    assert all(f.get("Cristiano Ronaldo", 0.0) == 0.0 for _, f in groups), groups


def test_an_office_before_a_name_fits_where_the_article_says_it(engine):
    """"President George W. Bush" (GAP dev) was NIL at 0.62: the title counted for NIL
    and nothing for the article that says "president". An honorific is still the title
    that counts for NIL ("Mrs Obama" is someone else), and says nothing of the article."""
    fits = CANDIDATE_FEATURES.index("descriptor_fits")
    differs = CANDIDATE_FEATURES.index("descriptor_differs")
    titled = N_CAND + NIL_FEATURES.index("nil_titled")
    rows = _rows(engine, "At the signing President George W. Bush thanked her.")
    row = rows["George W. Bush", "George W. Bush"]
    assert row[fits] == 1.0 and row[differs] == 0.0
    assert rows["George W. Bush", "NIL"][titled] == 0.0
    # An office the article does not name is no reason against it.
    rows = _rows(engine, "At the signing Commissioner George W. Bush thanked her.")
    assert rows["George W. Bush", "George W. Bush"][differs] == 0.0
    rows = _rows(engine, "At the signing Mr George W. Bush thanked her.")
    assert rows["George W. Bush", "George W. Bush"][fits] == 0.0
    assert rows["George W. Bush", "NIL"][titled] == 1.0


def test_a_name_read_inside_a_longer_gold_name_is_no_example(starter_kb_path, monkeypatch):
    """A hidden stranger "Atomic bombings of Hiroshima and Nagasaki" moved into the text:
    the engine reads "Hiroshima" in it, which names Hiroshima whatever the whole is.
    Labelled by the whole, a plain "Hiroshima" was a NIL example (and so a fifth of the
    plain, unvouched exact names of the training data)."""
    monkeypatch.setitem(training.REWRITES, "", (("hide", 1.0),))
    monkeypatch.setitem(training.REWRITES, "place", (("keep", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    monkeypatch.setattr(maker.rng, "random", lambda: 0.1)  # moved among strangers
    monkeypatch.setattr(maker, "_stranger",
                        lambda etype, text: "Atomic bombings of Hiroshima and Nagasaki")
    found, (first, _, _) = _three_uses(
        maker, monkeypatch, "Paris hosted a {} exhibition. The {} exhibition closed early, "
        "and the {} exhibition moved.", "Renaissance")
    assert first == "Atomic bombings of Hiroshima and Nagasaki"
    # The engine does read the city inside it (a group of its own), and labels nothing.
    read = {name for name, _title in _rows(maker.engine, f"Paris hosted a {first} exhibition.")}
    assert "Hiroshima" in read, read
    assert not [e for e in found if e.name in ("Hiroshima", "Nagasaki")]


def test_a_common_word_read_inside_a_longer_gold_name_stays_a_nil_example(
        starter_kb_path, monkeypatch):
    """"House" read alone in a hidden "A Doll's House" is the engine misreading a name:
    NIL, the noun the trap. Without such examples "Hospital", "Castle" and "Man" were
    linked to the nouns in GAP's development texts."""
    monkeypatch.setitem(training.REWRITES, "", (("hide", 1.0),))
    monkeypatch.setitem(training.REWRITES, "place", (("keep", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    monkeypatch.setattr(maker.rng, "random", lambda: 0.9)  # hidden where it stands
    found, (play, _, _) = _three_uses(
        maker, monkeypatch, "Paris saw {} in 1880. Critics hated {}, and {} closed "
        "within a week.", "A Doll's House")
    assert play == "A Doll's House"
    made = [e for e in found if e.gold == "A Doll's House"]
    assert made and all(e.label == len(e.titles) for e in made)
    assert {"House", "Doll"} & {e.name for e in made}


def test_only_a_surname_makes_a_person_of_a_famous_name(starter_kb_path, monkeypatch):
    """"Mike Trout ... Trout", but not "Toyotomi Bulgaria ... in southeast Bulgaria", which
    the engine reads as the country and which taught that a plain country is NIL: a name
    that is no census surname gets a longer name of a thing instead ("Bulgaria Cup"), and
    a place that is one ("England") makes a person named in full every time ("Alan
    England"), never by the place's name alone."""
    monkeypatch.setitem(training.REWRITES, "place", (("extend", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    monkeypatch.setattr(maker.rng, "random", lambda: 0.1)  # a person, were it a surname
    template = "Paris beat {} on Sunday. {} lost, and {} went home."
    monkeypatch.setattr(maker, "_stranger", lambda etype, text: "Bulgaria")
    _found, (first, second, third) = _three_uses(maker, monkeypatch, template, "Spain")
    assert first == second == third and first.startswith("Bulgaria ")
    assert first.split()[1] in maker.tail_words
    monkeypatch.setattr(maker, "_stranger", lambda etype, text: "England")
    _found, (first, second, third) = _three_uses(maker, monkeypatch, template, "Spain")
    assert first == second == third and first.endswith(" England"), first
    assert first.split()[0] in maker.given_list


def test_a_misdescription_says_another_kind_of_thing(starter_kb_path):
    """Another type's head may fit the name's kind ("the museum" was drawn for Germany):
    as a misdescription it taught that a fitting description means NIL ("rival carmakers
    Volkswagen", misspelled, was NIL at 0.69). The head drawn is one the linker reads as
    another kind."""
    from glossator.core.nlp.linking import KIND_CLASH
    from glossator.core.nlp.ranker import type_kind

    maker = training.ExampleMaker(starter_kb_path, seed=5)
    linker = maker.engine.linker
    for name in ("Germany", "Volkswagen", "Albert Einstein", "Nile"):
        kind = type_kind(maker.etypes[name])
        heads = [said[0].removeprefix("the ").strip() for _ in range(150)
                 if (said := maker._said(name, "misdescribe")) is not None]
        assert len(heads) > 100, name  # drawn again until one says another kind
        shares = {h: linker.kind_share(h, kind) for h in heads}
        assert all(s is not None and s < KIND_CLASH for s in shares.values()), (name, {
            h: s for h, s in shares.items() if s is None or s >= KIND_CLASH})


def test_a_person_who_acts_this_week_is_a_living_namesake_of_the_dead(starter_kb_path,
                                                                       monkeypatch):
    """The "now" rewrite ends the text with the name acting, half the time on a weekday:
    then NIL where the article's person died (Michael Collins the TD), the article where
    they live; undated, the sentence changes nothing."""
    monkeypatch.setitem(training.REWRITES, "PERSON", (("now", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    text = "Paris welcomed Marie Curie in 1891. Bill Gates opened an office in Paris in 2010."
    monkeypatch.setattr(maker, "document", lambda: (["Paris"], text))
    seen: list[str] = []
    real = maker.engine.annotate
    monkeypatch.setattr(maker.engine, "annotate", lambda t: (seen.append(t), real(t))[1])
    dated_curie = set()
    for seed in range(8):
        maker.rng = random.Random(seed)
        found = {e.gold: e for e in maker.examples(0) if e.rewrite == "now"}
        added = seen[-1][len(text):]
        assert seen[-1].startswith(text) and "Marie Curie" in added and "Bill Gates" in added
        curie_said = added[added.index("Marie Curie"):].split(".")[0]
        dated = any(day in curie_said for day in training.WEEKDAYS)
        dated_curie.add(dated)
        curie, gates = found["Marie Curie"], found["Bill Gates"]
        nil = curie.label == len(curie.titles)
        assert nil is dated, (seed, added)  # a living Marie Curie only when dated
        assert gates.titles[gates.label] == "Bill Gates"
    assert dated_curie == {True, False}


def test_generated_texts_are_read_at_a_readers_topic_scale(starter_kb_path, monkeypatch):
    """``GENERATED_TOPICALITY`` while a generated text is read; the scale as it was after,
    even when reading fails; our own texts (``written_examples``) at the reader's."""
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    linker = maker.engine.linker
    seen = []
    annotate = maker.engine.annotate

    def reading(text):
        seen.append(linker.topic_scale)
        return annotate(text)

    monkeypatch.setattr(maker.engine, "annotate", reading)
    assert any(training.document_examples(maker, d) for d in range(10))
    assert seen and set(seen) == {training.GENERATED_TOPICALITY}
    assert linker.topic_scale == 1.0
    from glossator.core.nlp.written import parse

    (ours,) = parse("=== t1 news\n[[Neil Armstrong]] walked on the [[Moon]] in 1969.")
    seen.clear()
    assert maker.written_examples(ours, training.WRITTEN_DOC)
    assert seen == [1.0]

    def failing(text):
        raise RuntimeError("the parser failed")

    monkeypatch.setattr(maker.engine, "annotate", failing)
    linker.topic_scale = 0.8
    with pytest.raises(RuntimeError):
        for d in range(10):
            training.document_examples(maker, d)
    assert linker.topic_scale == 0.8


def test_an_article_s_words_are_read_in_any_script(engine):
    """"Düsseldorf" in Cologne's article is the word the text's "Düsseldorf" is, not
    "sseldorf": the linker reads letters as spaCy does, not ASCII alone."""
    _art, words, _text = engine.linker.article("Cologne")
    assert "düsseldorf" in words and "sseldorf" not in words


def test_a_region_the_name_names_is_no_person(engine):
    """"Salahuddin province", "Napoleon district": a place, so no one of the name; the
    person is kept where the text says nothing of the kind."""
    for text in ("Police patrolled Napoleon district after the riots on Sunday.",
                 "Fighting spread across Churchill province on Monday."):
        ann = engine.annotate(text)
        assert [e.kb_title for e in ann.entities] == [None], text
    ann = engine.annotate("Napoleon crossed the Alps with his army.")
    assert ann.entities[0].kb_title == "Napoleon"
    # The division's noun is the division's, not the group's, where a fuller name is:
    ann = engine.annotate("Jackson county was named after Andrew Jackson, the seventh "
                          "president.")
    jackson = [e for e in ann.entities if e.kb_title == "Andrew Jackson"]
    assert jackson and not any(d.aspect == "kind_after" for d in jackson[0].descriptors)


def test_a_public_place_named_for_someone_is_not_that_person(engine):
    """"Charles de Gaulle airport", "the Nelson Mandela bridge": the place, not the man;
    a place of the name keeps its article ("Niamey airport"), and so does a person where
    the noun holds their work ("the Agatha Christie museum")."""
    for text in ("Flights at Charles de Gaulle airport were cancelled on Friday.",
                 "The ship sailed under the Nelson Mandela bridge at dawn.",
                 "Indira Gandhi airport handled record traffic last year."):
        ann = engine.annotate(text)
        assert [e.kb_title for e in ann.entities] == [None], text
        assert [d.text for d in ann.entities[0].descriptors] in (["airport"], ["bridge"])
        assert ann.entities[0].descriptors[0].aspect == "named_for"
    for text, title in (("Charles de Gaulle led the Free French.", "Charles de Gaulle"),
                        ("A new Agatha Christie museum opened.", "Agatha Christie"),
                        # The man, then the bridge: two things, the man linked.
                        ("Nelson Mandela was freed from prison in 1990. On Sunday a crowd "
                         "gathered on the Nelson Mandela bridge.", "Nelson Mandela")):
        ann = engine.annotate(text)
        assert ann.entities[0].kb_title == title, text
        # Another thing's noun is not shown on the card of the article that kept it.
        assert not ann.entities[0].descriptors, text
    bridge = ann.entities[1]  # the Mandela text's bridge: its own entity, NIL
    assert bridge.name == "Nelson Mandela" and bridge.kb_title is None
    assert [d.text for d in bridge.descriptors] == ["bridge"]
    assert bridge.label == "FAC" and bridge.gender is None  # a place, not a person
    ann = engine.annotate("Patients were moved to a Paris hospital on Monday.")
    assert ann.entities[0].kb_title == "Paris" and not ann.entities[0].descriptors


def test_a_place_of_the_name_keeps_its_article_before_a_public_place_noun(engine):
    """A public place named after a place is no clash with the place ("Niamey airport")."""
    ann = engine.annotate("Planes landed at Niamey airport on Monday.")
    assert ann.entities[0].kb_title == "Niamey"


def test_a_descriptor_s_words_are_read_in_any_script(engine):
    """"the band from Düsseldorf" fits Kraftwerk's article, which names Düsseldorf, as
    a city it does not name fits less."""
    from glossator.core.nlp.ranker import CANDIDATE_FEATURES

    i = CANDIDATE_FEATURES.index("descriptor_fits")
    fits = {}
    for city in ("Düsseldorf", "Madrid"):
        engine.linker.collect = []
        try:
            engine.annotate(f"Kraftwerk, the band from {city}, said so.")
            fits[city] = next(r[i] for g, titles, rows in engine.linker.collect
                              for t, r in zip(titles, rows, strict=False)
                              if g.name == "Kraftwerk" and t == "Kraftwerk")
        finally:
            engine.linker.collect = None
    assert fits["Düsseldorf"] == 1.0 and fits["Madrid"] < 1.0


def test_a_name_the_kb_abbreviates_is_written_as_its_acronym(starter_kb_path, monkeypatch):
    """A typed name with an acronym of its own ("United Kingdom": UK) is often written so,
    and sometimes as another article's acronym that the text does not name: the first is
    its article's example, with ``kind_acronym`` on its row, the second NIL's. A concept's
    letters ("PD" of Parkinson's disease) are no name's; without the rewrites, no example
    is an acronym."""
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    assert maker.acronyms["United Kingdom"] == ["UK"]
    assert set(maker.acronyms["United States"]) == {"U.S.", "US", "USA"}
    assert "Parkinson's disease" not in maker.acronyms
    acronym = ranker.CANDIDATE_FEATURES.index("kind_acronym")
    monkeypatch.setattr(training, "ACRONYM_ELSEWHERE", 0.5)
    made = [e for i in range(80) for e in training.document_examples(maker, i)]
    right = [e for e in made if e.rewrite == "acronym"]
    wrong = [e for e in made if e.rewrite == "misacronym"]
    assert right and wrong
    # An acronym glued into a longer name the text writes ("the Communist Parti of SRV")
    # is no example of its article (``ExampleMaker.examples``): NIL, and rare.
    linked = [e for e in right if e.label < len(e.titles)]
    assert len(right) - len(linked) <= max(1, len(right) // 10)
    for e in linked:
        assert e.name in maker.acronyms[e.gold] and e.titles[e.label] == e.gold, e
        assert e.rows[e.label, acronym] == 1.0
    for e in wrong:
        assert e.label == len(e.titles) and e.gold not in e.titles, e
        assert any(e.name in maker.acronyms[t] for t in e.titles), e
    monkeypatch.setattr(training, "ACRONYMS", 0.0)
    assert not any(e.rewrite.endswith("acronym") for i in range(80)
                   for e in training.document_examples(maker, i))


def test_only_a_typed_articles_acronym_is_read_as_one(engine):
    """The training writes typed names as their acronyms ("UK"); a concept's letters are
    other things' in most texts ("the CEO of BP" was Blood pressure at 0.79)."""
    rows = _rows(engine, "The chief executive of BP met ministers from the UK on Monday.")
    i = ranker.CANDIDATE_FEATURES.index("kind_acronym")
    assert rows[("UK", "United Kingdom")][i] == 1.0
    assert rows[("BP", "Blood pressure")][i] == 0.0


def test_an_event_is_clipped_to_the_ending_it_shares(starter_kb_path, monkeypatch):
    """"American Civil War" was clipped to "American", a people's word whose gold was never
    a candidate: no lesson. Texts write "the Civil War"."""
    monkeypatch.setitem(training.REWRITES, "", (("clip", 1.0),))
    monkeypatch.setitem(training.REWRITES, "place", (("keep", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    text = "Paris grew quickly. He fought in the American Civil War as a boy."
    _found, rewritten = _rewritten(maker, monkeypatch, text, ["Paris"])
    assert rewritten == text.replace("American Civil War", "Civil War"), rewritten


def test_an_events_ending_that_is_an_articles_name_is_no_clip(starter_kb_path, monkeypatch):
    """The review: "Summer Olympic Games" clipped to "the Olympic Games" was a NIL example
    beside the exact Olympic Games article."""
    monkeypatch.setitem(training.REWRITES, "", (("clip", 1.0),))
    monkeypatch.setitem(training.REWRITES, "place", (("keep", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    text = "Paris grew quickly. The Summer Olympic Games were held in Athens in 2004."
    _found, rewritten = _rewritten(maker, monkeypatch, text, ["Paris"])
    assert "The Olympic Games" not in rewritten, rewritten


def test_an_introduced_person_is_a_nil_example_the_engine_reads_as_introduced(
        starter_kb_path, monkeypatch):
    """The "introduce" rewrite: "a physicist named Curie" is someone the reader cannot
    know, so NIL with the famous article the trap."""
    monkeypatch.setitem(training.REWRITES, "PERSON", (("introduce", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    # Her own kind or another person's.
    heads = [maker._kind_noun("Marie Curie") for _ in range(40)]
    assert "physicist" in heads and len(set(heads) - {None}) > 2
    monkeypatch.setattr(maker, "_kind_noun", lambda name: "physicist")
    found, rewritten = _rewritten(maker, monkeypatch, _CURIE.format(*["Marie Curie"] * 3),
                                  ["Paris"])
    m = re.search(r"\ba physicist (named|called) (Marie Curie|Curie) for\b", rewritten)
    assert m is not None, rewritten
    made = [e for e in found if e.rewrite == "introduce"]
    assert len(made) == 1 and made[0].label == len(made[0].titles), rewritten
    assert made[0].gold == "Marie Curie" and "Marie Curie" in made[0].titles


def test_an_introduction_takes_the_place_of_the_texts_the(starter_kb_path, monkeypatch):
    """"in the Arabian Sea" becomes "in a sea named Arabian Sea", never "the a sea"; a
    sentence's "The" becomes the introduction's capital."""
    monkeypatch.setitem(training.REWRITES, "place", (("introduce", 1.0),))
    monkeypatch.setitem(training.REWRITES, "", (("introduce", 1.0),))
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    monkeypatch.setattr(maker, "_kind_noun", lambda name: "sea")
    text = "Paris sent ships. The Arabian Sea was calm, and they crossed the Arabian Sea."
    _found, rewritten = _rewritten(maker, monkeypatch, text, ["Paris"])
    assert rewritten.startswith("Paris sent ships. A sea "), rewritten
    assert "the a " not in rewritten.lower() and rewritten.endswith(
        "crossed the Arabian Sea."), rewritten


@pytest.mark.parametrize("rewrite", ["describe", "age"])
def test_a_description_takes_the_place_of_the_texts_the(starter_kb_path, monkeypatch,
                                                          rewrite):
    """Every word put before a name brings its own article: "the physicist Marie Curie"
    and "the physicist Marie Curie, 42," where the text said "the Marie Curie", never
    "the the physicist"."""
    monkeypatch.setitem(training.REWRITES, "PERSON", ((rewrite, 1.0),))
    monkeypatch.setattr(training, "AGED_DESCRIBED", 1.0)
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    monkeypatch.setattr(maker, "_kind_noun", lambda name: "physicist")
    maker.heads["Marie Curie"] = "physicist"
    text = ("Paris honoured her. The Marie Curie of legend was shy, and the Marie Curie "
            "of the letters was not.")
    _found, rewritten = _rewritten(maker, monkeypatch, text, ["Paris"])
    assert rewritten.startswith("Paris honoured her. The physicist Marie Curie"), rewritten
    assert "the the" not in rewritten.lower(), rewritten
    # Inside a sentence too, in lower case.
    text = "Paris honoured her, and the Marie Curie of legend was shy."
    _found, rewritten = _rewritten(maker, monkeypatch, text, ["Paris"])
    assert "her, and the physicist Marie Curie" in rewritten, rewritten


@pytest.mark.parametrize(("noun", "article"), [
    ("army", "an"), ("unit", "a"), ("university", "a"), ("one-party state", "a"),
    ("hour", "an"), ("physicist", "a"), ("emperor", "an"), ("European", "a")])
def test_an_introduction_has_the_article_its_noun_is_said_with(noun, article):
    assert training.indefinite(noun) == article


def test_a_group_read_alone_has_no_neighbour_or_context_and_the_linker_is_reset(
        starter_kb_path, monkeypatch):
    """``Linker.alone`` (training only): a group it names is scored with no support,
    coherence or context; the same group read with its neighbours has them. The linker
    answers no such question after the document, even when annotating fails."""
    maker = training.ExampleMaker(starter_kb_path, seed=5)
    linker = maker.engine.linker
    text = ("The physicist Marie Curie worked in Paris with Pierre Curie. Marie Curie won "
            "the Nobel Prize in Physics, and Pierre Curie shared it.")
    cols = [CANDIDATE_FEATURES.index(c) for c in ("support", "coherence", "topic_likeness")]

    def rows(alone):
        linker.alone, linker.collect = alone, []
        try:
            maker.engine.annotate(text)
            return {g.name: r for g, titles, r in linker.collect if "Marie Curie" in titles}
        finally:
            linker.alone, linker.collect = None, None

    together = rows(lambda info: False)["Marie Curie"]
    apart = rows(lambda info: True)["Marie Curie"]
    assert together[:-1, cols].any() and not apart[:-1, cols].any()

    def broken(_text):
        assert linker.alone is not None
        raise RuntimeError("parse failed")
    monkeypatch.setattr(maker, "document", lambda: (["Paris"], text))
    monkeypatch.setattr(maker.engine, "annotate", broken)
    with pytest.raises(RuntimeError):
        maker.examples(0)
    assert linker.alone is None and linker.collect is None


def test_a_name_the_text_introduces_is_read_as_a_stranger(engine):
    """"a veteran named Nixon": the shipped weight counts for NIL, and the engine does not
    show the famous namesake; said plainly, the same names are still linked."""
    w = shipped_model().weights
    assert w[N_CAND + NIL_FEATURES.index("nil_introduced")] > 0.5
    for text, name in (("A baker named Isaac Newton won the village pie contest.",
                        "Isaac Newton"),
                       ("The band hired a drummer called Napoleon last spring.", "Napoleon")):
        ann = engine.annotate(text)
        found = [e for e in ann.entities if e.name == name]
        assert len(found) == 1 and found[0].kb_title is None, (text, found)
    ann = engine.annotate("Isaac Newton described gravity in the Principia.")
    newton = [e for e in ann.entities if e.name == "Isaac Newton"]
    assert newton and newton[0].kb_title == "Isaac Newton" and newton[0].confidence >= 0.8
