"""The linking errors of the *dev* half only, for reading while developing.

Refuses the held-out half: its errors are never read (benchmarks/heldout.json).
Usage: python benchmarks/errors.py [--data KORE50|News-Fair-v2] [--ranker FILE]
"""

from __future__ import annotations

import argparse
import sys

from quality import DATASETS, ROOT, _best, eval_dir, gold_title, judged, load, nested_others, split

sys.path.insert(0, str(ROOT / "desktop"))

from glossator.core.kb import KnowledgeBase


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--data", choices=list(DATASETS), default=None)
    p.add_argument("--ranker", default=None, help="a ranker weight file (default: the shipped one)")
    args = p.parse_args()
    from glossator.core.nlp.engine import Engine
    from glossator.core.nlp.ranker import load_model

    kb = KnowledgeBase.single(ROOT / "resources" / "kb" / "starter-en.sqlite")
    engine = Engine(kb)
    if args.ranker:
        assert engine.linker is not None
        engine.linker.model = load_model(args.ranker)
    for label, fname in DATASETS.items():
        if args.data and args.data != label:
            continue
        for d in split(label, load(eval_dir() / fname), "dev"):
            text = d["text"]
            lo, hi = d.get("evaluation_span") or (0, len(text))
            ann = engine.annotate(text)
            names = [m for m in ann.mentions if m.kind == "name"]
            others = nested_others(d["labels"])
            by_id = {lab["id"]: lab for lab in d["labels"]}
            for lab in d["labels"]:
                s, e = lab["span"]
                eid = lab["entity_id"]
                if s < lo or e > hi or lab.get("coref") or not judged(lab, others, by_id) \
                        or not (eid == "<NIL>" or eid.startswith("Q")):
                    continue
                surface = text[s:e]
                if not surface[:1].isupper():
                    continue
                m = _best(names, (s, e), others.get(lab["id"], []))
                ent = ann.entity(m.entity) if m is not None and m.entity else None
                pred = ent.kb_title if ent else None
                gold = gold_title(kb, lab.get("name", ""), eid)
                if pred == gold:
                    continue
                kind = "WRONG LINK" if pred else "MISSED"
                alts = [(a.kb_title, a.score) for a in ent.alternatives[:3]] if ent else []
                conf = round(ent.confidence, 2) if ent else None
                print(f"{kind:10s} {surface!r:28s} -> {pred!r} ({conf}) gold {gold!r} "
                      f"[{lab.get('name')}] alts {alts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
