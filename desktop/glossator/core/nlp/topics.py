"""What a text is about, as a point in the knowledge base's own topic space (LSA).

The linker's first context feature was a tf-idf cosine: it counted the words a name's
sentences share with an article. A sentence naming someone in passing seldom shares any
("Dylan performed Hurricane ... from his album Desire" and Bob Dylan's summary share none
of "performed", "album", "fighter"), so the right article's context was no higher than a
wrong one's and the ranker learned no weight for it (it was removed in the sixty-fourth
session). Latent semantic analysis over the
KB's own summaries places words that occur in the same articles near each other
("album" near "singer" and "songwriter"): the cosine of two texts' points says whether
they are about the same things even when they share no word.

The shipped table (``data/topics.bin``, 2.1 MB) holds, for each word used by at least
``MIN_DF`` of the starter KB's articles, its row of the truncated SVD of the articles'
tf-idf matrix (binary tf, each article's row of unit length), times the word's idf: a
text's point is the sum of its words' rows. The first singular direction (what every
article shares) is left out. Built by ``python -m glossator.core.nlp.topics --kb FILE``
(``make train`` runs it before the ranker's training, with one BLAS thread: a thread
count changes the sums' rounding), NumPy only, fixed seed: the same KB gives the same
bytes. Building holds the KB's dense matrix (0.6 GB for the starter KB). Words and
their rows are derived from the summaries (CC BY-SA 4.0, as the KB itself).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from glossator.core.kb.gazetteer import words_of

TABLE_FILE = "topics.bin"  # not compressed: float16 rows hardly shrink (2.1 -> 1.85 MB)
DIMENSIONS = 64  # after the first, left out
MIN_DF = 3  # a word in fewer articles has no reliable place
SEED = 20261205
POWER_ITERATIONS = 6
# spaCy's English stop words are not read here (no model at build time): words in more
# than this share of the articles say nothing of a topic and weigh little by their idf.
MAX_DF_SHARE = 0.3
# The table's words: ``article_words``'s ASCII ones (the file is ASCII); an accented word
# ("zürich") is not in the topic space and weighs nothing there.
_WORD = re.compile(r"[a-z]+")


class Topics:
    """Words' rows in the topic space; a text's point is the sum of its words'."""

    def __init__(self, words: list[str], rows: np.ndarray) -> None:
        self.index = {w: i for i, w in enumerate(words)}
        # As stored: the starter table's rows are 1.9 MB, its index of words 1.7 MB.
        self.rows = rows.astype(np.float16)

    def __len__(self) -> int:
        return len(self.index)

    def point(self, words: Iterable[str]) -> np.ndarray | None:
        """The unit vector of a set of words; None when none of them is known."""
        # In the table's order: a set's order follows the process's string hashes, and
        # a sum's rounding its order (training's spawned workers must agree).
        ids = sorted(i for i in map(self.index.get, words) if i is not None)
        if not ids:
            return None
        v = self.rows[ids].sum(axis=0, dtype=np.float32)
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else None

    @staticmethod
    def likeness(a: np.ndarray | None, b: np.ndarray | None) -> float:
        """Cosine of two points, 0 where either is unknown or they point apart."""
        if a is None or b is None:
            return 0.0
        return min(1.0, max(0.0, float(a @ b)))


@cache
def shipped() -> Topics | None:
    """The shipped table; None when it is missing or damaged (the feature is then 0)."""
    try:
        return decode(resources.files("glossator.core.nlp").joinpath("data", TABLE_FILE)
                      .read_bytes())
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def encode(words: list[str], rows: np.ndarray) -> bytes:
    """A header line, the words one per line, then the rows as float16."""
    if not all(_WORD.fullmatch(w) for w in words) or len(words) != len(rows):
        raise ValueError("a table's words are lower-case ASCII letters, one per row")
    head = json.dumps({"words": len(words), "dimensions": int(rows.shape[1])})
    text = head + "\n" + "\n".join(words) + "\n"
    return text.encode("ascii") + rows.astype("<f2").tobytes()


def decode(data: bytes) -> Topics:
    """The table ``encode`` wrote; ValueError (or KeyError, TypeError) if it is damaged."""
    end = data.index(b"\n")
    head = json.loads(data[:end])
    n, k = int(head["words"]), int(head["dimensions"])
    if n <= 0 or k <= 0:
        raise ValueError("the topic table is empty")
    pos = end + 1
    words = data[pos:].split(b"\n", n)[:n]  # the rows follow the n-th line's end
    pos += sum(map(len, words)) + n
    if len(words) != n or len(data) - pos != n * k * 2:
        raise ValueError("the topic table is damaged")
    rows = np.frombuffer(data, dtype="<f2", count=n * k, offset=pos).reshape(n, k)
    if not np.isfinite(rows).all():
        raise ValueError("the topic table is damaged")
    return Topics([w.decode("ascii") for w in words], rows)


def article_words(description: str | None, extract: str | None) -> set[str]:
    """The words of an article as the linker reads them (``linking._article_text``).

    The linker also leaves out spaCy's stop words; the table keeps those it has, which
    weigh little by their idf (the commonest are beyond ``MAX_DF_SHARE``).
    """
    return {w.lower() for w in words_of(f"{description or ''}. {extract or ''}")}


def build(texts: list[set[str]], dimensions: int = DIMENSIONS, seed: int = SEED
          ) -> tuple[list[str], np.ndarray]:
    """The words kept and their rows: truncated SVD of the binary tf-idf matrix."""
    df: dict[str, int] = {}
    for ws in texts:
        for w in ws:
            df[w] = df.get(w, 0) + 1
    n = len(texts)
    words = sorted(w for w, c in df.items()
                   if c >= MIN_DF and c <= MAX_DF_SHARE * n and _WORD.fullmatch(w))
    index = {w: i for i, w in enumerate(words)}
    idf = np.array([math.log((n + 1) / (df[w] + 0.5)) for w in words], dtype=np.float64)
    x = np.zeros((n, len(words)), dtype=np.float32)  # 0.6 GB for the starter KB
    for r, ws in enumerate(texts):
        cols = [index[w] for w in ws if w in index]
        if cols:  # each row of unit length, as it is filled (no second matrix)
            x[r, cols] = idf[cols] / math.sqrt(float(np.sum(idf[cols] ** 2)))
    v = _top_right_vectors(x, dimensions + 1, seed)[:, 1:]
    rows = v * idf[:, None]
    # One sign per direction (an SVD's is arbitrary): its largest entry positive.
    signs = np.sign(rows[np.abs(rows).argmax(axis=0), np.arange(rows.shape[1])])
    return words, rows * np.where(signs == 0, 1.0, signs)


def _top_right_vectors(x: np.ndarray, k: int, seed: int) -> np.ndarray:
    """The ``k`` leading right singular vectors of ``x`` (randomised SVD, Halko et al.)."""
    rng = np.random.default_rng(seed)
    sample = k + 16
    q = np.linalg.qr(x @ rng.standard_normal((x.shape[1], sample)).astype(np.float32))[0]
    for _ in range(POWER_ITERATIONS):
        q = np.linalg.qr(x.T @ q)[0]
        q = np.linalg.qr(x @ q)[0]
    b = (q.T @ x).astype(np.float64)
    _u, _s, vt = np.linalg.svd(b, full_matrices=False)
    return vt[:k].T


def kb_texts(kb_path: str | Path) -> list[set[str]]:
    """Each article's words, in title order."""
    db = sqlite3.connect(f"file:{kb_path}?mode=ro", uri=True)
    try:
        return [article_words(d, e) for d, e in db.execute(
            "SELECT description, extract FROM articles ORDER BY title")]
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build the topic table from a KB's summaries.")
    p.add_argument("--kb", default="resources/kb/starter-en.sqlite")
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent / "data" / TABLE_FILE)
    p.add_argument("--dimensions", type=int, default=DIMENSIONS)
    args = p.parse_args(argv)
    if not Path(args.kb).is_file():
        print(f"no knowledge base at {args.kb}", file=sys.stderr)
        return 2
    texts = kb_texts(args.kb)
    words, rows = build(texts, args.dimensions)
    args.out.write_bytes(encode(words, rows))
    print(f"{len(words)} words x {rows.shape[1]} dimensions from {len(texts)} articles: "
          f"{args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
