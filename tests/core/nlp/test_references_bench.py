"""The reference benchmark runs on tiny data sets written here, and skips without data."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

GAP_HEADER = ("ID\tText\tPronoun\tPronoun-offset\tA\tA-offset\tA-coref\tB\tB-offset\tB-coref"
              "\tURL")


def gap_row(i: int, text: str, pronoun: str, p_at: int, a: str, b: str, gold: str) -> str:
    return "\t".join([f"development-{i}", text, pronoun, str(text.index(pronoun, p_at)), a,
                      str(text.index(a)), str(gold == "A").upper(), b, str(text.index(b)),
                      str(gold == "B").upper(), "http://example.org"])


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("glossator_gap_bench",
                                                  REPO / "benchmarks" / "gap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_on_tiny_data(bench, tmp_path, monkeypatch):
    rows = [
        gap_row(1, "Mary Jones met Susan Smith in Leeds. She said the trip was long.", "She", 0,
                "Mary Jones", "Susan Smith", "A"),
        gap_row(2, "John Brown thanked Peter Green. For his part, Green said nothing.", "his",
                0, "John Brown", "Green", "B"),
    ]
    (tmp_path / "gap-development.tsv").write_text("\n".join([GAP_HEADER, *rows]) + "\n",
                                                  encoding="utf-8")
    text = "Acme Corporation said on Monday that its profits rose. John Brown praised it."
    labels = [
        {"id": 0, "span": [0, 16], "entity_id": "Q1", "name": "Acme", "coref": False},
        {"id": 1, "span": [text.index("its"), text.index("its") + 3], "entity_id": "Q1",
         "name": "Acme", "coref": True},
    ]
    doc = {"id": 0, "title": "t", "text": text, "evaluation_span": [0, len(text)],
           "labels": labels}
    (tmp_path / "news-fair-v2.benchmark.jsonl").write_text(json.dumps(doc) + "\n",
                                                           encoding="utf-8")
    monkeypatch.setenv("GLOSSATOR_EVAL_DIR", str(tmp_path))
    out = tmp_path / "report.json"
    assert bench.main(["both", "--names", "ner", "--no-kb", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["gap"]["rows"] == 2
    assert report["gap"]["best_guess"]["all"] == 1.0
    nf = report["newsfair"]["threshold_0.5"]["pronouns (named)"]
    assert nf["gold"] == 1 and nf["correct"] == 1


def test_benchmark_skips_without_data(bench, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GLOSSATOR_EVAL_DIR", str(tmp_path / "absent"))
    assert bench.main(["gap"]) == 0
    assert "skipped" in capsys.readouterr().out


def test_surname_grouping(bench):
    spans = [(0, 10, "Paul Pogba", "PERSON"), (20, 25, "Pogba", "ORG"),
             (30, 34, "Paul", "PERSON"), (40, 51, "Mary Pogbas", "PERSON")]
    _entities, mentions = bench.group_names(spans)
    assert [m.entity for m in mentions] == ["e1", "e1", "e1", "e2"]
