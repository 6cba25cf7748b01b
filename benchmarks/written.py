"""Linking on our own labelled texts (training/written), the quarter kept out of training.

These texts were written for Glossator (no evaluation data); a quarter of them, by id
(``Written.kept_out``), is never trained on even when training uses the texts (but a
ranker trained with ``--calibrate-on written|both`` fits its calibration map on it, so its
calibration figures here are in-sample). Since the fifty-fifth session the shipped ranker
is trained on the other three quarters and calibrated on generated KB documents and this
quarter (``make train``): its accuracy and precision here are on texts it never trained
on, its calibration is not. They are not unseen-data figures either: engine fixes were
found by reading errors on these texts (``--errors``; the unseen halves are
benchmarks/quality.py's held-out ones). Counted per labelled name:

* in-KB accuracy: names whose article is in the KB linked to it;
* link precision: links right (a link on a NIL name is wrong); NIL left: NIL names unlinked;
* calibration error (10 bins of confidence) and the precision of links given >= 0.9.

Usage: python benchmarks/written.py [--ranker FILE] [--errors]
       [--all] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from glossator.core.kb import KnowledgeBase  # noqa: E402
from glossator.core.nlp.engine import Engine  # noqa: E402
from glossator.core.nlp.ranker import load_model  # noqa: E402
from glossator.core.nlp.written import Written, load  # noqa: E402


def evaluate(engine: Engine, docs: list[Written]) -> tuple[dict, list[str]]:
    c = dict(inkb=0, inkb_right=0, links=0, links_right=0, nil=0, nil_right=0)
    bins = [[0, 0.0, 0] for _ in range(10)]
    errors = []
    for d in docs:
        ann = engine.annotate(d.text)
        names = [m for m in ann.mentions if m.kind == "name"]
        for s, e, title in d.names:
            m = next((m for m in names if m.start < e and s < m.end), None)
            ent = ann.entity(m.entity) if m is not None and m.entity else None
            pred = ent.kb_title if ent else None
            conf = ent.confidence if ent else 0.0
            if title:
                c["inkb"] += 1
                c["inkb_right"] += pred == title
            else:
                c["nil"] += 1
                c["nil_right"] += pred is None
            if pred:
                c["links"] += 1
                c["links_right"] += pred == title
                b = bins[min(9, int(conf * 10))]
                b[0] += 1
                b[1] += conf
                b[2] += pred == title
            if pred != title:
                errors.append(f"{d.id} {d.text[s:e]!r} -> {pred!r} ({conf:.2f}) gold {title!r}")
    linked = sum(b[0] for b in bins)
    ece = sum(abs(b[1] - b[2]) for b in bins if b[0]) / max(1, linked)
    top = bins[9]
    return {
        "texts": len(docs), "names": c["inkb"] + c["nil"], "in-KB names": c["inkb"],
        "in-KB accuracy": round(c["inkb_right"] / max(1, c["inkb"]), 3),
        "link precision": round(c["links_right"] / max(1, c["links"]), 3),
        "links": c["links"], "NIL names left unlinked": round(c["nil_right"] / max(1, c["nil"]), 3),
        "expected calibration error (10 bins)": round(ece, 3),
        "links given >= 0.9": top[0],
        "precision of links given >= 0.9": round(top[2] / max(1, top[0]), 3),
    }, errors


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kb", default=str(ROOT / "resources" / "kb" / "starter-en.sqlite"))
    p.add_argument("--ranker", help="a ranker weight file (default: the shipped one)")
    p.add_argument("--all", action="store_true", help="every text, trained-on ones too")
    p.add_argument("--errors", action="store_true", help="print each wrong name")
    p.add_argument("--json", help="also write the figures to this file")
    args = p.parse_args(argv)
    docs = load(sorted((ROOT / "training" / "written").glob("*.txt")))
    if not args.all:
        docs = [d for d in docs if d.kept_out]
    engine = Engine(KnowledgeBase.single(args.kb))
    if args.ranker:
        assert engine.linker is not None
        engine.linker.model = load_model(args.ranker)
    figures, errors = evaluate(engine, docs)
    print(json.dumps(figures, indent=1))
    if args.errors:
        print("\n".join(errors))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
