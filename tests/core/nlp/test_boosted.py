"""The boosted ranker: regression trees added to the conditional logit's utility."""

from __future__ import annotations

import itertools
import json
import random

import numpy as np
import pytest

from glossator.core.nlp import training
from glossator.core.nlp.ranker import (
    CANDIDATE_FEATURES,
    NIL_FEATURES,
    NO_SPLIT,
    Model,
    Trees,
    candidate_row,
    nil_row,
)

EMPTY = np.array([])
A, B = CANDIDATE_FEATURES.index("kind_full"), CANDIDATE_FEATURES.index("how_exact")


def xor_groups(n: int, seed: int) -> list[training.Example]:
    """Groups of two candidates and NIL; the right candidate is the one whose two binary
    features differ (a XOR b), NIL when neither does (at most one does). No linear
    utility fits it: a and b alone say nothing."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        rows, hits = [], []
        for j in range(2):
            a, b = rng.random() < 0.5, rng.random() < 0.5
            rows.append(candidate_row({"kind_full": float(a), "how_exact": float(b),
                                       "prior": rng.random()}))
            if a != b:
                hits.append(j)
        if len(hits) > 1:
            continue
        rows.append(nil_row({"nil_bias": 1.0}))
        out.append(training.Example(np.vstack(rows), hits[0] if hits else 2, len(out), ""))
    return out


SMALL = training.Boosting(trees=40, depth=2, shrinkage=0.3, min_hessian=1.0, seed=5)


def test_trees_fit_an_interaction_the_linear_model_cannot():
    examples = xor_groups(500, 1)
    w = training.fit(examples, steps=300)
    linear = Model(w, EMPTY, EMPTY, {})
    boosted = Model(w, EMPTY, EMPTY, {}, training.fit_trees(examples, w, SMALL))
    lin_loss = training.training_loss(linear, examples)
    tree_loss = training.training_loss(boosted, examples)
    assert lin_loss > 0.9  # about chance among three rows: the linear model cannot fit it
    assert tree_loss < 0.1 * lin_loss
    # and it generalises to new groups of the same kind
    fresh = xor_groups(300, 2)
    assert training.training_loss(boosted, fresh) < 0.1 * training.training_loss(linear, fresh)
    right = [int(np.argmax(boosted.probabilities(e.rows))) == e.label for e in fresh]
    assert np.mean(right) > 0.95


def test_each_tree_lowers_the_training_loss_it_is_fitted_on():
    examples = xor_groups(300, 3)
    w = training.fit(examples, steps=200)
    settings = training.Boosting(trees=12, depth=3, shrinkage=0.2, min_hessian=1.0,
                                 subsample=1.0)
    trees = training.fit_trees(examples, w, settings)
    losses = [training.training_loss(Model(w, EMPTY, EMPTY, {}, Trees(
        trees.feature[:k], trees.threshold[:k], trees.leaf[:k])), examples)
        for k in range(len(trees.leaf) + 1)]
    assert all(b < a for a, b in itertools.pairwise(losses)), losses


def test_a_fixed_seed_gives_the_same_trees():
    examples = xor_groups(300, 4)
    w = training.fit(examples, steps=200)
    one = training.fit_trees(examples, w, SMALL)
    two = training.fit_trees(examples, w, SMALL)
    for field in ("feature", "threshold", "leaf"):
        assert np.array_equal(getattr(one, field), getattr(two, field))
    other = training.fit_trees(examples, w, training.Boosting(
        trees=40, depth=2, shrinkage=0.3, min_hessian=1.0, seed=6))
    assert not np.array_equal(one.leaf, other.leaf)  # the seed draws the groups (subsample)


def test_the_weight_file_round_trip_gives_identical_probabilities():
    examples = xor_groups(400, 5)
    model = training.fit_model(examples[:300], examples[300:], "boosted", SMALL,
                               {"trained": True})
    assert model.kind == "boosted" and model.meta["boosting"]["depth"] == 2
    text = json.dumps(model.to_json())
    data = json.loads(text)
    assert data["model"] == "boosted" and data["trees"]["trees"] == 40
    again = Model.from_json(data)
    assert again.kind == "boosted"
    for e in examples:
        assert np.array_equal(again.probabilities(e.rows), model.probabilities(e.rows))
    assert np.array_equal(again.cal_x, model.cal_x) and np.array_equal(again.cal_y, model.cal_y)
    assert json.dumps(again.to_json()) == text  # saved again, the same file


def test_an_old_linear_file_still_loads():
    """Files written before the boosted variant have no "model" key: they are linear."""
    rng = np.random.default_rng(0)
    names = list(CANDIDATE_FEATURES[:-1]) + list(NIL_FEATURES)  # one feature fewer
    old = {"candidate_features": list(CANDIDATE_FEATURES[:-1]),
           "nil_features": list(NIL_FEATURES),
           "weights": [round(float(x), 6) for x in rng.normal(size=len(names))],
           "calibration": {"raw": [0.0, 0.5, 1.0], "calibrated": [0.0, 0.4, 0.9]},
           "meta": {"trained": True}}
    model = Model.from_json(json.loads(json.dumps(old)))
    assert model.kind == "linear" and model.trees is None
    assert model.weights[len(CANDIDATE_FEATURES) - 1] == 0.0  # unknown to it: weighs zero
    rows = np.vstack([candidate_row({"match": 1.0, "prior": 0.5}), nil_row({"nil_bias": 1})])
    u = rows @ model.weights
    expected = np.exp(u - u.max()) / np.exp(u - u.max()).sum()
    assert np.allclose(model.probabilities(rows), expected)
    assert model.to_json()["model"] == "linear"
    with pytest.raises(ValueError):
        Model.from_json({**old, "model": "forest"})


def _walk(trees: Trees, row: np.ndarray) -> float:
    """One row through every tree, node by node (the reference for the vectorised walk)."""
    total = 0.0
    n_nodes = trees.feature.shape[1]
    for t in range(len(trees.leaf)):
        node = 0
        while node < n_nodes:
            f = trees.feature[t, node]
            x = row[f] if f < len(row) else 0.0
            node = 2 * node + (2 if x > trees.threshold[t, node] else 1)
        total += trees.leaf[t, node - n_nodes]
    return total


def test_the_vectorised_walk_matches_a_walk_row_by_row():
    examples = xor_groups(200, 6)
    w = training.fit(examples, steps=100)
    trees = training.fit_trees(examples, w, training.Boosting(trees=15, depth=4,
                                                              min_hessian=0.5))
    assert trees.depth == 4 and trees.leaf.shape == (15, 16)
    rng = np.random.default_rng(1)
    rows = rng.random((7, len(w)))
    assert np.allclose(trees.values(rows), [_walk(trees, r) for r in rows])


def test_a_tree_on_a_feature_this_version_lacks_reads_it_as_zero():
    names = CANDIDATE_FEATURES + NIL_FEATURES
    data = {"depth": 1, "trees": 2, "feature": [["something_new"], ["match"]],
            "threshold": [[0.5], [NO_SPLIT]], "leaf": [[1.0, -1.0], [0.25, 9.0]]}
    trees = Trees.from_json(data, names)
    rows = np.vstack([candidate_row({"match": 1.0}), nil_row({"nil_bias": 1.0})])
    # unknown feature reads 0 -> left leaf (1.0); NO_SPLIT sends every row left (0.25)
    assert np.allclose(trees.values(rows), [1.25, 1.25])
    assert trees.to_json(names)["feature"][0] == [""]
