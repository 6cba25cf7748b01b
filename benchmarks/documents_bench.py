"""Document loading speed: seconds per PDF page and per MB of HTML, EPUB, DOCX and text.

Builds every input in code (fpdf2, python-docx, a zip for EPUB; the same builders as
the tests), then loads each through the public API in a fresh subprocess so that
peak memory (max RSS) is measured per case. One run measures:

* a 300-page PDF (target: under 10 s) and a 2,000-page PDF (bounded memory);
* a 1,000-word web page with boilerplate (target: under 0.2 s) and a ~3 MB page;
* a ~4 MB EPUB, a DOCX of 2,000 paragraphs, ~5 MB of Markdown;
* a 100 MB plain-text file (decoded in chunks).

Usage: python benchmarks/documents_bench.py [--quick] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "desktop"), str(ROOT)]

from tests.core.documents import fixtures  # noqa: E402

MB = 1024 * 1024
_PROBE = """
import json, sys, time
sys.path[:0] = [{desktop!r}]
from glossator.core.documents import load_path
# Import every loader first: the timing is the loading, not Python's imports.
import docx, trafilatura
import glossator.core.documents.docx, glossator.core.documents.epub
import glossator.core.documents.html, glossator.core.documents.markdown
import glossator.core.documents.pdf, glossator.core.documents.text
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
try:  # reset the peak so it measures the load, not the imports (Linux)
    open("/proc/self/clear_refs", "w").write("5")
except OSError:
    pass
base_mb = hwm()
best = None
for _ in range({repeat}):
    t = time.perf_counter()
    doc = load_path({path!r})
    elapsed = time.perf_counter() - t
    best = elapsed if best is None else min(best, elapsed)
print(json.dumps({{"seconds": best, "chars": len(doc.text), "blocks": len(doc.blocks),
                  "sections": len(doc.sections), "warnings": doc.warnings,
                  "rss_mb": hwm(),
                  "base_mb": base_mb}}))
"""


def measure(path: Path, repeat: int = 2) -> dict:
    """Load ``path`` in a fresh interpreter; best time of ``repeat`` and its peak RSS."""
    code = _PROBE.format(desktop=str(ROOT / "desktop"), path=str(path), repeat=repeat)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=1800)
    return json.loads(out.stdout.strip().splitlines()[-1])


def web_page(words: int) -> str:
    """The boilerplate-laden article page, grown to about ``words`` words of content."""
    names = ["Henri Becquerel", "Albert Einstein", "Lise Meitner", "Ernest Rutherford",
             "Niels Bohr", "Frederick Soddy", "Paul Langevin", "Jean Perrin"]
    paras = []
    count = 150
    i = 0
    while count < words:  # distinct paragraphs: extractors drop repeated ones
        a, b = names[i % 8], names[(i * 3 + 1) % 8]
        para = (f"<p>In {1890 + i % 60}, note {i}: {a} wrote to {b} about the samples from "
                f"Paris, and the Radium Institute answered {i % 7 + 2} weeks later with new "
                "measurements from the laboratory near the Sorbonne.</p>\n")
        paras.append(para)
        count += len(para.split())
        i += 1
    return fixtures.ARTICLE_HTML.replace("</article>", "".join(paras) + "</article>")


def docx_file(paragraphs: int) -> bytes:
    import docx

    d = docx.Document()
    for i in range(paragraphs):
        if i % 50 == 0:
            d.add_heading(f"Part {i // 50 + 1}", level=1)
        d.add_paragraph(fixtures.LOREM)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def build_inputs(folder: Path, quick: bool) -> list[tuple[str, Path, str, float, int]]:
    """(case, path, unit, units, repeat): what to load and how to report its speed."""
    cases = []

    def write(name: str, data: bytes | str) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    t = time.perf_counter()
    pages = 30 if quick else 300
    cases.append((f"PDF, {pages} pages", write("book.pdf", fixtures.long_pdf(pages)), "page",
                  pages, 2))
    if not quick:
        cases.append(("PDF, 2,000 pages", write("huge.pdf", fixtures.long_pdf(2000)), "page",
                      2000, 1))
    page = web_page(1000)
    cases.append(("web page, 1,000 words", write("article.html", page), "page", 1, 20))
    big = web_page(400_000 if not quick else 40_000)
    path = write("long.html", big)
    cases.append((f"web page, {path.stat().st_size / MB:.1f} MB", path, "MB",
                  path.stat().st_size / MB, 1))
    path = write("book.epub", fixtures.epub_bytes(chapters=20_000 if not quick else 2000))
    cases.append((f"EPUB, {path.stat().st_size / MB:.1f} MB", path, "MB",
                  path.stat().st_size / MB, 1))
    paras = 5000 if not quick else 500
    path = write("notes.docx", docx_file(paras))
    cases.append((f"DOCX, {paras:,} paragraphs", path, "1k¶", paras / 1000, 2))
    md = ("## Section\n\n" + fixtures.LOREM + "\n\n- a list item about Paris\n\n") * (
        20_000 if not quick else 2000)
    path = write("notes.md", md)
    cases.append((f"Markdown, {path.stat().st_size / MB:.1f} MB", path, "MB",
                  path.stat().st_size / MB, 1))
    text_mb = 100 if not quick else 10
    path = folder / "big.txt"
    chunk = ((fixtures.LOREM + "\n") * 3 + "\n").encode() * 2000
    with open(path, "wb") as fh:
        while fh.tell() < text_mb * MB:
            fh.write(chunk)
    cases.append((f"plain text, {path.stat().st_size / MB:.0f} MB", path, "MB",
                  path.stat().st_size / MB, 1))
    print(f"(inputs built in {time.perf_counter() - t:.1f} s)", file=sys.stderr)
    return cases


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    ap.add_argument("--out", type=Path, help="also write the results as JSON")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for case, path, unit, units, repeat in build_inputs(Path(tmp), args.quick):
            r = measure(path, repeat)
            r.update(case=case, per_unit=r["seconds"] / units, unit=unit,
                     file_mb=path.stat().st_size / MB)
            results.append(r)
            print(f"{case:28} {r['seconds']:8.3f} s  {r['per_unit'] * 1000:9.2f} ms/{unit:5}"
                  f"  {r['chars'] / 1e6:7.2f} M chars  peak RSS {r['rss_mb']:6.0f} MB"
                  f" (+{r['rss_mb'] - r['base_mb']:.0f})"
                  + (f"  [{r['warnings'][0][:60]}]" if r["warnings"] else ""), flush=True)
    targets = {"PDF, 300 pages": 10.0, "web page, 1,000 words": 0.2}
    for r in results:
        if r["case"] in targets:
            limit = targets[r["case"]]
            verdict = "meets" if r["seconds"] < limit else "MISSES"
            print(f"target: {r['case']} under {limit:g} s: {r['seconds']:.3f} s "
                  f"({r['seconds'] / limit:.0%} of the budget) -> {verdict}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
