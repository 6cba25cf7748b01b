"""The learned ranker: one model scores every candidate article of a name and "not in the KB".

A conditional logit (softmax over the candidates and NIL): each candidate's utility is a
weighted sum of its features (string fit, prior, alias kind, type, context, coherence,
what the text says about the name...), NIL's is a weighted sum of features of the name
itself (how often it is used, its label, whether the text describes it). The weights are
learned from examples made from the knowledge base (``training.py``, ``make train``) and
shipped as ``data/ranker.json``; inference is one matrix product in NumPy.

The softmax probability of the best candidate is then calibrated (isotonic regression on
held-out generated examples), so ``confidence`` is the probability that the link is right.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

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


def type_kind(etype: str) -> str:
    """The coarse kind of an article's type ("concept" for an untyped article)."""
    return {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
            "OTHER": "concept", "": "concept"}.get(etype, "other")


# The candidate's features, each about 0..1; the order is the weight file's.
CANDIDATE_FEATURES = (
    "prior", "match", "similarity", "phonetic", "name_coverage", "title_coverage",
    "kind_full", "kind_derived", "kind_acronym", "kind_part",
    "how_exact", "how_spelling", "how_far_spelling", "how_demonym", "how_part",
    *TYPE_PAIRS,
    "context", "coherence", "support",
    "descriptor_fits", "descriptor_differs", "descriptor_kind_fits", "age_clash",
    "lower_case_in_text", "lower_case_concept",
    "ordinal_clash", "common_word_title", "common_noun_title", "title_equals_name",
    "pool_size", "match_gap", "prior_best", "context_gap", "lone_guess",
)
# The name's own features: NIL's utility.
NIL_FEATURES = (
    "nil_bias", "nil_lone", "nil_one_word", "nil_mentions", "nil_person", "nil_org",
    "nil_place", "nil_weak_label", "nil_described", "nil_titled", "nil_in_longer_name",
    "nil_given_name",
)
N_CAND = len(CANDIDATE_FEATURES)
N_NIL = len(NIL_FEATURES)
WEIGHTS_FILE = "ranker.json"
# Under this calibrated probability the link is withheld (NIL, with alternatives); between
# it and CONFIDENT the reader is told "perhaps".
LINK_THRESHOLD = 0.5
CONFIDENT = 0.8


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


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of the conditional logit and the isotonic calibration map."""

    weights: np.ndarray
    # calibration: raw probability breakpoints and the calibrated value at each
    cal_x: np.ndarray
    cal_y: np.ndarray
    meta: dict

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Softmax over the rows (candidates then NIL as the last row)."""
        u = rows @ self.weights
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
        return {
            "candidate_features": list(CANDIDATE_FEATURES),
            "nil_features": list(NIL_FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "calibration": {"raw": [round(float(x), 6) for x in self.cal_x],
                            "calibrated": [round(float(y), 6) for y in self.cal_y]},
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        """Read a weight file; features it does not know weigh zero, so old files load."""
        names = list(data["candidate_features"]) + list(data["nil_features"])
        by_name = dict(zip(names, data["weights"], strict=True))
        order = CANDIDATE_FEATURES + NIL_FEATURES
        w = np.array([by_name.get(n, 0.0) for n in order], dtype=np.float64)
        cal = data.get("calibration") or {}
        return cls(w, np.array(cal.get("raw", []), dtype=np.float64),
                   np.array(cal.get("calibrated", []), dtype=np.float64),
                   dict(data.get("meta", {})))


def default_model() -> Model:
    """Untrained weights that prefer a close, probable, well-typed candidate (for training)."""
    w = np.zeros(N_CAND + N_NIL)
    for name, value in (("prior", 1.0), ("match", 3.0), ("context", 2.0), ("coherence", 1.0),
                        ("type_person_person", 1.0), ("type_place_place", 1.0),
                        ("type_org_org", 1.0), ("type_person_place", -2.0)):
        w[CANDIDATE_FEATURES.index(name)] = value
    w[N_CAND + NIL_FEATURES.index("nil_bias")] = 3.0
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
