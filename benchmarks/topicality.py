"""How generated texts differ from ours where the ranker reads context: topic and support.

``training.GENERATED_TOPICALITY`` scales the ranker's ``topic_likeness`` while it reads the
generated training texts, so that it learns the feature at the scale of a reader's text.
This measures both: the unscaled likeness of the right article, of the wrong candidates
and of a NIL name's best candidate, in generated documents (numbers ``--first`` on) and
in our own texts (``training/written``, the three quarters not kept out), and prints the
ratio of the right articles' medians, the scale the constant stands for. It also prints
the share of right links that a neighbour's link vouches for (*support* above 0) in
each: far higher in generated texts, which are an article's extract and those of
articles it names (docs/engine.md, forty-first session). No evaluation data is read.

Usage: python benchmarks/topicality.py [--docs N] [--first N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from glossator.core.nlp.ranker import feature_index  # noqa: E402
from glossator.core.nlp.training import (  # noqa: E402
    GENERATED_TOPICALITY,
    ExampleMaker,
    document_examples,
)
from glossator.core.nlp.written import load  # noqa: E402

COLUMN = feature_index("topic_likeness")
SUPPORT = feature_index("support")


def supported(examples) -> dict:
    right = [e.rows[e.label, SUPPORT] > 0 for e in examples if e.label < len(e.rows) - 1]
    return {"right links": len(right),
            "supported": round(float(np.mean(right)), 3) if right else None}


def summary(examples, scale: float) -> dict:
    right, wrong, nil_best = [], [], []
    for e in examples:
        n = len(e.rows) - 1
        values = e.rows[:n, COLUMN] / scale
        for i in range(n):
            (right if i == e.label else wrong).append(values[i])
        if e.label == n and n:
            nil_best.append(values.max())
    out = {}
    for name, v in (("right", right), ("wrong", wrong), ("NIL's best", nil_best)):
        v = np.array(v)
        out[name] = {"n": len(v), "median": round(float(np.median(v)), 3) if len(v) else None,
                     "q75": round(float(np.quantile(v, 0.75)), 3) if len(v) else None}
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=300)
    p.add_argument("--first", type=int, default=50_000, help="generated documents' first number")
    p.add_argument("--json")
    args = p.parse_args()
    maker = ExampleMaker(ROOT / "resources" / "kb" / "starter-en.sqlite", seed=5)
    generated = [e for d in range(args.first, args.first + args.docs)
                 for e in document_examples(maker, d)]
    texts = [d for d in load(sorted((ROOT / "training" / "written").glob("*.txt")))
             if not d.kept_out]
    ours = [e for i, d in enumerate(texts) for e in maker.written_examples(d, 1_000_000 + i)]
    figures = {"generated": summary(generated, GENERATED_TOPICALITY),
               "our texts (not kept out)": summary(ours, 1.0)}
    g = figures["generated"]["right"]["median"]
    w = figures["our texts (not kept out)"]["right"]["median"]
    figures["right articles' median, ours / generated"] = round(w / g, 3) if g else None
    figures["GENERATED_TOPICALITY"] = GENERATED_TOPICALITY
    figures["right links supported"] = {"generated": supported(generated),
                                        "our texts (not kept out)": supported(ours)}
    print(json.dumps(figures, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
