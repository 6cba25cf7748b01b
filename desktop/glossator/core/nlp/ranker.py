"""The learned ranker: one model scores every candidate article of a name and "not in the KB".

A conditional logit (softmax over the candidates and NIL): each candidate's utility is a
weighted sum of its features (string fit, prior, alias kind, type, context, coherence,
what the text says about the name...), NIL's is a weighted sum of features of the name
itself (how often it is used, its label, whether the text describes it). The weights are
learned from examples made from the knowledge base (``training.py``, ``make train``) and
shipped as ``data/ranker.json``; inference is one matrix product in NumPy.

The softmax probability of the best candidate is then calibrated (isotonic regression on
held-out generated examples), so ``confidence`` is the probability that the link is right.

A weight file says which model it holds (``"model"``): ``linear`` (the conditional logit
above; files without the key are linear) or ``boosted``, the same conditional logit whose
utility adds a sum of small regression trees over the same row features to the linear part
(``Trees``, fitted by gradient boosting in ``training.fit_trees``): interactions a linear
utility cannot express. Inference stays NumPy: the trees of a group are walked together,
one level at a time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from glossator.core.nlp.types import Entity

# NER's label of the group and the article's type, in coarse kinds: every pair is a
# feature, so how much a clash matters (a person is no planet; NER's ORG is often a
# place) is learned, not set by hand.
LABEL_KINDS = ("person", "org", "place", "people", "other")
TYPE_KINDS = ("person", "org", "place", "concept", "other")
TYPE_PAIRS = tuple(f"type_{a}_{b}" for a in LABEL_KINDS for b in TYPE_KINDS)


def label_kind(label: str) -> str:
    """The coarse kind of an NER label."""
    return {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
            "NORP": "people"}.get(label, "other")


# The KB types the training writes names of (its gold names, acronyms and sources).
TYPED = ("PERSON", "GPE", "LOC", "ORG", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT")


def type_kind(etype: str) -> str:
    """The coarse kind of an article's type ("concept" for an untyped article)."""
    return {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
            "OTHER": "concept", "": "concept"}.get(etype, "other")


# The candidate's features, each about 0..1; the order is the weight file's.
CANDIDATE_FEATURES = (
    "prior", "match", "similarity", "phonetic", "name_coverage", "title_coverage",
    "kind_full", "kind_derived", "kind_other_name", "kind_acronym", "kind_part",
    "how_exact", "how_spelling", "how_far_spelling", "how_demonym", "how_part",
    "part_common_word", *TYPE_PAIRS,
    "coherence", "support",
    "descriptor_fits", "descriptor_differs", "town_elsewhere",
    "descriptor_kind_fits", "descriptor_kind_clash",
    "descriptor_type_clash",
    "age_clash", "gender_clash",
    "lower_case_in_text", "lower_case_concept",
    "ordinal_clash", "common_word_title", "common_noun_title", "title_equals_name",
    "pool_size", "match_gap", "prior_best", "lone_guess",
    "far_unvouched", "slip_is_a_name", "topic_likeness",
)
# The name's own features: NIL's utility.
NIL_FEATURES = (
    "nil_bias", "nil_lone", "nil_one_word", "nil_mentions", "nil_person", "nil_org",
    "nil_place", "nil_weak_label", "nil_described", "nil_titled", "nil_in_longer_name",
    "nil_given_name", "nil_described_fitted", "nil_introduced",
)
N_CAND = len(CANDIDATE_FEATURES)
N_NIL = len(NIL_FEATURES)
_FEATURE_INDEX = {name: i for i, name in enumerate(CANDIDATE_FEATURES + NIL_FEATURES)}
WEIGHTS_FILE = "ranker.json"
# Under this calibrated probability the link is withheld (NIL, with alternatives); between
# it and CONFIDENT the reader is told "perhaps". Above 0.5 because a wrong card costs the
# reader more than a missing one (a wrong link counted as 1.5 missed ones): links of
# 0.5-0.6 were right half the time, as calibrated (8 of 16 in the thirtieth session: 3 of
# 8 on the benchmarks, 5 of 8 on our kept-out texts), and which side of 0.5 a plain name
# fell on was a draw of each retraining's map. Tried at 0.5 in the fifty-fourth session:
# fresh news and history texts' 0.5-0.6 guesses were right 22 of 25 times on the dev
# halves, but GAP dev's biographies, full of capitalised titles of works ("Night",
# "Castle", "Fox"), gained 46 links there, most of them wrong.
LINK_THRESHOLD = 0.6
CONFIDENT = 0.8


def feature_index(name: str) -> int:
    """A feature's column in a row (a candidate's block, then NIL's)."""
    return _FEATURE_INDEX[name]


def is_guess(entity: Entity | None) -> bool:
    """Whether an entity's link is a guess the reader is warned of ("Perhaps X?", wavy).

    Linked, under ``CONFIDENT``: one rule for the app and the exported pages.
    """
    return entity is not None and entity.kb_title is not None and \
        entity.confidence < CONFIDENT


def candidate_row(feats: dict[str, float]) -> np.ndarray:
    """One candidate's feature vector (NIL block zero)."""
    row = np.zeros(N_CAND + N_NIL, dtype=np.float64)
    for i, name in enumerate(CANDIDATE_FEATURES):
        row[i] = feats.get(name, 0.0)
    return row


def nil_row(feats: dict[str, float]) -> np.ndarray:
    """NIL's feature vector (candidate block zero)."""
    row = np.zeros(N_CAND + N_NIL, dtype=np.float64)
    for i, name in enumerate(NIL_FEATURES):
        row[N_CAND + i] = feats.get(name, 0.0)
    return row


# A node that does not split sends every row left: its threshold is above any feature.
NO_SPLIT = 1e30


@dataclass(frozen=True, slots=True)
class Trees:
    """Complete binary regression trees of one depth, as arrays (shrinkage included).

    Node ``i``'s children are ``2i + 1`` (the feature at most the threshold) and ``2i + 2``
    (above it); ``feature`` and ``threshold`` are ``(trees, 2**depth - 1)``, ``leaf`` is
    ``(trees, 2**depth)``. A feature index equal to the row width means a feature this
    version does not compute (it reads 0, as a linear weight of an unknown feature weighs
    nothing).
    """

    feature: np.ndarray
    threshold: np.ndarray
    leaf: np.ndarray
    # flat copies for the walk (set from the arrays above)
    _feature: np.ndarray = field(init=False, repr=False, compare=False)
    _threshold: np.ndarray = field(init=False, repr=False, compare=False)
    _leaf: np.ndarray = field(init=False, repr=False, compare=False)
    _node0: np.ndarray = field(init=False, repr=False, compare=False)
    _leaf0: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n_trees, n_nodes = self.feature.shape
        for name, value in (("_feature", self.feature.ravel()),
                            ("_threshold", self.threshold.ravel()),
                            ("_leaf", self.leaf.ravel()),
                            ("_node0", np.arange(n_trees) * n_nodes),
                            ("_leaf0", np.arange(n_trees) * (n_nodes + 1) - n_nodes)):
            object.__setattr__(self, name, value)

    @property
    def depth(self) -> int:
        return int(self.leaf.shape[1]).bit_length() - 1

    def values(self, rows: np.ndarray) -> np.ndarray:
        """Each row's sum of its leaves' values over all trees: ``(len(rows),)``.

        Every node's test is made at once (one gather), then the rows walk down all trees
        together, one level at a time.
        """
        n_trees, n_nodes = self.feature.shape
        if not n_trees:
            return np.zeros(len(rows))
        if len(self._feature) and int(self._feature.max()) >= rows.shape[1]:
            rows = np.hstack([rows, np.zeros((len(rows), 1))])
        right = (rows[:, self._feature] > self._threshold).ravel()
        # index of (row, tree, node) in ``right``: row offset + tree offset + node
        base = (np.arange(len(rows)) * (n_trees * n_nodes))[:, None] + self._node0
        node = np.zeros((len(rows), n_trees), dtype=np.intp)
        for _ in range(self.depth):
            node = 2 * node + 1 + right[base + node]
        return self._leaf[node + self._leaf0].sum(axis=1)

    def to_json(self, names: tuple[str, ...]) -> dict:
        return {"depth": self.depth, "trees": len(self.leaf),
                "feature": [[names[i] if i < len(names) else "" for i in f]
                            for f in self.feature.tolist()],
                "threshold": [[_num(x) for x in f] for f in self.threshold.tolist()],
                "leaf": [[_num(x) for x in f] for f in self.leaf.tolist()]}

    @classmethod
    def from_json(cls, data: dict, names: tuple[str, ...]) -> Trees:
        index = {n: i for i, n in enumerate(names)}
        unknown = len(names)
        feature = np.array([[index.get(n, unknown) for n in f] for f in data["feature"]],
                           dtype=np.intp).reshape(-1, 2 ** data["depth"] - 1)
        threshold = np.array(data["threshold"], dtype=np.float64).reshape(feature.shape)
        leaf = np.array(data["leaf"], dtype=np.float64).reshape(len(feature), -1)
        return cls(feature, threshold, leaf)


def _num(x: float) -> float:
    """A number as the weight file keeps it (6 significant decimals; NO_SPLIT stays)."""
    return x if x >= NO_SPLIT else round(x, 6)


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of the conditional logit, its trees if boosted, and the calibration map."""

    weights: np.ndarray
    # calibration: raw probability breakpoints and the calibrated value at each
    cal_x: np.ndarray
    cal_y: np.ndarray
    meta: dict
    trees: Trees | None = None

    @property
    def kind(self) -> str:
        return "linear" if self.trees is None else "boosted"

    def weight(self, feature: str) -> float:
        """The linear weight of one feature (candidate or NIL), by name."""
        return float(self.weights[feature_index(feature)])

    def utilities(self, rows: np.ndarray) -> np.ndarray:
        """Each row's utility: the linear part plus, if boosted, the trees' values."""
        u = rows @ self.weights
        if self.trees is not None:
            u = u + self.trees.values(rows)
        return u

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Softmax over the rows (candidates then NIL as the last row)."""
        u = self.utilities(rows)
        u -= u.max()
        e = np.exp(u)
        return e / e.sum()

    def calibrate(self, p: float) -> float:
        """The probability that a link given raw probability ``p`` is right."""
        if not len(self.cal_x):
            return p
        return float(np.interp(p, self.cal_x, self.cal_y))

    def to_json(self) -> dict:
        """The weight file's content."""
        data = {
            "model": self.kind,
            "candidate_features": list(CANDIDATE_FEATURES),
            "nil_features": list(NIL_FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "calibration": {"raw": [round(float(x), 6) for x in self.cal_x],
                            "calibrated": [round(float(y), 6) for y in self.cal_y]},
            "meta": self.meta,
        }
        if self.trees is not None:
            data["trees"] = self.trees.to_json(CANDIDATE_FEATURES + NIL_FEATURES)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Model:
        """Read a weight file; features it does not know weigh zero, so old files load.

        A file without ``"model"`` is linear (the files before the boosted variant).
        """
        kind = data.get("model", "linear")
        if kind not in ("linear", "boosted"):
            raise ValueError(f"unknown ranker model {kind!r}")
        names = list(data["candidate_features"]) + list(data["nil_features"])
        by_name = dict(zip(names, data["weights"], strict=True))
        order = CANDIDATE_FEATURES + NIL_FEATURES
        w = np.array([by_name.get(n, 0.0) for n in order], dtype=np.float64)
        cal = data.get("calibration") or {}
        trees = Trees.from_json(data["trees"], order) if kind == "boosted" else None
        return cls(w, np.array(cal.get("raw", []), dtype=np.float64),
                   np.array(cal.get("calibrated", []), dtype=np.float64),
                   dict(data.get("meta", {})), trees)


def default_model() -> Model:
    """Untrained weights that prefer a close, probable, well-typed candidate (for training)."""
    w = np.zeros(N_CAND + N_NIL)
    for name, value in (("prior", 1.0), ("match", 3.0), ("topic_likeness", 2.0),
                        ("coherence", 1.0),
                        ("type_person_person", 1.0), ("type_place_place", 1.0),
                        ("type_org_org", 1.0), ("type_person_place", -2.0)):
        w[feature_index(name)] = value
    w[feature_index("nil_bias")] = 3.0
    return Model(w, np.array([]), np.array([]), {"trained": False})


@cache
def shipped_model() -> Model:
    """The weights shipped with Glossator (``data/ranker.json``)."""
    path = resources.files("glossator.core.nlp") / "data" / WEIGHTS_FILE
    try:
        return Model.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:  # only before the first ``make train``
        return default_model()


def load_model(path: str | Path | None) -> Model:
    """A weight file by path, or the shipped one."""
    if path is None:
        return shipped_model()
    return Model.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def log1p_scaled(n: int, top: int = 20) -> float:
    """``log(1 + n)`` scaled so that ``top`` is 1 (counts as features)."""
    return min(1.0, math.log1p(n) / math.log1p(top))
