"""Hostile and unlucky documents (issue 12), each built in code at the size the issue measured.

Each case writes its file into the folder it is given and opens it in a fresh process with
``load_path``, as the app and ``glossator annotate`` do (the parse then runs in its own
limited child, see ``glossator.core.documents.isolate``). It raises AssertionError on a
traceback, a wrong text or a message that does not say what happened, and returns the
outcome. The ``annotate`` cases go through the whole command instead. Run them with
``python benchmarks/hostile.py documents``.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 300
MB = 1024 * 1024
NAMES = "Ada Lovelace met Charles Babbage in London. "

_LOAD = """
import json, sys
from glossator.core.documents import DocumentError, load_path
try:
    doc = load_path(sys.argv[1])
except DocumentError as exc:
    print(json.dumps({"error": str(exc)}))
else:
    print(json.dumps({"chars": len(doc.text), "head": doc.text[:300], "format": doc.format,
                      "warnings": doc.warnings}))
"""


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GLOSSATOR_DATA_DIR=str(tmp / "data"), GLOSSATOR_CACHE_DIR=str(tmp / "cache"),
               GLOSSATOR_CONFIG_DIR=str(tmp / "config"))
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO), str(REPO / "desktop"), env.get("PYTHONPATH", "")) if p)
    return env


def load(path: Path) -> dict:
    """``load_path(path)`` in a fresh process: {'error': message} or a summary of the text."""
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _LOAD, str(path)], env=_env(path.parent),
                          capture_output=True, text=True, timeout=TIMEOUT, cwd=path.parent)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-500:]}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["seconds"] = time.monotonic() - start  # the load alone, without building the file
    # The only children so far are loads (and their parse children): their peak, not the build's.
    scale = 1 if sys.platform == "darwin" else 1024
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / MB
    return result


def annotate(path: Path) -> subprocess.CompletedProcess[str]:
    """``glossator annotate FILE`` with a private data folder."""
    tmp = path.parent
    argv = [sys.executable, "-m", "glossator.cli", "--data-dir", str(tmp / "data"),
            "annotate", str(path), "--out", str(tmp / "out")]
    proc = subprocess.run(argv, env=_env(tmp), capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=tmp)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return proc


def refused(path: Path, *words: str) -> dict:
    """The file must be refused with a message holding every one of ``words``."""
    result = load(path)
    assert "error" in result, f"opened: {result.get('head', '')[:80]!r}"
    for word in words:
        assert word in result["error"], result["error"]
    return _report(result, result["error"])


def opened(path: Path, *texts: str, warning: str = "") -> dict:
    """The file must open, its text holding every one of ``texts``."""
    result = load(path)
    assert "error" not in result, result.get("error")
    for text in texts:
        assert text in result["head"], result["head"][:200]
    if warning:
        assert any(warning in w for w in result["warnings"]), result["warnings"]
    notes = f"; {result['warnings'][0]}" if result["warnings"] else ""
    return _report(result, f"opened: {result['chars']:,} characters{notes}")


def _report(result: dict, outcome: str) -> dict:
    return {"outcome": outcome, "seconds": result["seconds"], "peak_mb": result["peak_mb"]}


def _with(report: dict, note: str) -> dict:
    return {**report, "outcome": f"{report['outcome']} {note}"}


def _hostile_files():  # the builders live with the tests, which use them small
    sys.path[:0] = [str(REPO), str(REPO / "desktop")]
    from tests.core.documents import hostile_files

    return hostile_files


# ------------------------------------------------------------------------ the rows


def nested_forms(tmp: Path) -> str:
    path = tmp / "forms.pdf"
    path.write_bytes(_hostile_files().nested_forms_pdf(40))
    return _with(refused(path, "forms.pdf", "draw far more"), f"({path.stat().st_size:,} bytes)")


def nested_forms_unseen(tmp: Path) -> dict:
    """The same forms packed with LZW, which the page weigher does not unpack: the child's
    memory limit has to stop PDFium."""
    path = tmp / "lzw.pdf"
    path.write_bytes(_hostile_files().nested_forms_pdf(40, lzw=True))
    return refused(path, "lzw.pdf", "needs more memory than Glossator allows")


def inflating_stream(tmp: Path) -> str:
    path = tmp / "inflate.pdf"
    path.write_bytes(_hostile_files().inflating_stream_pdf(400))
    return _with(refused(path, "inflate.pdf", "draw far more"),
                 f"({path.stat().st_size / MB:.1f} MB)")


def _write_zip(path: Path, members: list[tuple[str, str | bytes]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members:
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype"
                        else zipfile.ZIP_DEFLATED)


def _epub(path: Path, chapters: int, chapter_bytes: int, spine_repeat: int) -> None:
    """Like hostile_files.epub_bomb, written member by member (a 6 GB book in memory won't do)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in _hostile_files().epub_head(chapters, spine_repeat):
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype"
                        else zipfile.ZIP_DEFLATED)
        for i in range(chapters):
            head = b"<html><body><h1>Chapter %d</h1><p>Kepler went to Prague.</p>" % i
            with zf.open(f"c{i}.xhtml", "w", force_zip64=True) as fh:
                fh.write(head)
                left = chapter_bytes - len(head)
                block = b"<p>" + b" " * (MB - 7) + b"</p>"  # blank paragraphs: no text
                while left > 0:
                    fh.write(block[:left])
                    left -= len(block)
                fh.write(b"</body></html>")


def epub_spine_2000(tmp: Path) -> str:
    path = tmp / "spine.epub"
    _epub(path, 1, 60 * MB, 2000)
    return _with(opened(path, "Kepler went to Prague."), f"({path.stat().st_size / 1024:.0f} KB)")


def epub_100_chapters(tmp: Path) -> str:
    path = tmp / "hundred.epub"
    _epub(path, 100, 60 * MB, 1)
    return _with(opened(path, "Kepler went to Prague.", warning="unpacks to more than"),
                 f"({path.stat().st_size / MB:.1f} MB)")


def docx_parts(tmp: Path) -> str:
    path = tmp / "parts.docx"
    _docx(path, 60 * MB, 7, 63 * MB)
    return _with(refused(path, "parts.docx", "too large to open"),
                 f"({path.stat().st_size / 1024:.0f} KB)")


def _docx(path: Path, body_bytes: int, parts: int, part_bytes: int) -> None:
    """Like hostile_files.docx_bomb, written member by member."""
    fixtures = _load_fixtures()
    with zipfile.ZipFile(io.BytesIO(fixtures.docx_bytes())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in src.infolist():
            data = src.read(info)
            with zf.open(info.filename, "w", force_zip64=True) as fh:
                if info.filename == "word/document.xml":
                    head, tail = data.split(b"</w:body>")
                    fh.write(head)
                    _spaces(fh, body_bytes)
                    fh.write(b"</w:body>" + tail)
                else:
                    fh.write(data)
        for i in range(parts):
            with zf.open(f"customXml/bomb{i}.xml", "w", force_zip64=True) as fh:
                fh.write(b"<a>")
                _spaces(fh, part_bytes)
                fh.write(b"</a>")


def _spaces(fh: BinaryIO, n: int) -> None:
    block = b" " * MB
    while n > 0:
        fh.write(block[:n])
        n -= len(block)


def many_attributes(tmp: Path) -> str:
    path = tmp / "attributes.html"
    path.write_bytes(_hostile_files().many_attributes_html(200_000))
    return _with(opened(path, "Ada Lovelace lived in London.", warning="1,000 attributes"),
                 f"({path.stat().st_size / MB:.1f} MB)")


def html_31mb(tmp: Path) -> str:
    path = tmp / "long.html"
    para = f"<p>{NAMES * 20}</p>\n".encode()
    with open(path, "wb") as fh:
        fh.write(b"<!doctype html><html><body>")
        for _ in range(int(31.5 * MB) // len(para)):
            fh.write(para)
        fh.write(b"</body></html>")
    return refused(path, "long.html", "too large to open")


def _nul_text(tmp: Path) -> Path:
    path = tmp / "padded.txt"
    path.write_bytes((NAMES * 100).encode()[:4096] + b"\x00" * 64 + NAMES.encode() * 100)
    return path


def nul_bytes(tmp: Path) -> str:
    return opened(_nul_text(tmp), "Ada Lovelace met Charles Babbage", warning="NUL bytes")


def _utf(tmp: Path, codec: str, suffix: str) -> Path:
    path = tmp / f"{codec}{suffix}"
    path.write_bytes((NAMES * 50).encode(codec))
    return path


def bomless_unicode(tmp: Path) -> str:
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        for suffix in (".txt", ".text", ""):
            opened(_utf(tmp, codec, suffix), "Ada Lovelace met Charles Babbage")
    return "opened: UTF-16/32 LE/BE without a BOM, as .txt, .text and with no extension"


def svg(tmp: Path) -> str:
    path = tmp / "logo.svg"
    path.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
                    "<script>alert('SVG-SCRIPT')</script><text>Hi</text></svg>")
    return refused(path, "logo.svg is an image (SVG)")


def annotate_txt_rows(tmp: Path) -> str:
    """The same .txt rows through `glossator annotate` (it reads .txt files itself)."""
    bad = []
    for path in (_nul_text(tmp), _utf(tmp, "utf-16-le", ".txt"), _utf(tmp, "utf-32-be", ".txt")):
        proc = annotate(path)
        out = tmp / "out" / f"{path.stem}.json"
        if proc.returncode != 0 or "Ada Lovelace" not in (out.read_text("utf-8")
                                                          if out.exists() else ""):
            bad.append(f"{path.name}: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
    assert not bad, "; ".join(bad)
    return "annotated all three"


# ------------------------------------------------------------------------ genuine long input


def long_pdf(tmp: Path) -> str:
    path = tmp / "long.pdf"
    path.write_bytes(_load_fixtures().long_pdf(2000))
    return opened(path, "")


def long_text(tmp: Path) -> str:
    path = tmp / "long.txt"
    with open(path, "wb") as fh:
        for _ in range(100 * MB // (len(NAMES) * 1000)):
            fh.write((NAMES * 20 + "\n\n").encode() * 50)
    return opened(path, "Ada Lovelace")


def long_page(tmp: Path) -> str:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from documents_bench import web_page

    path = tmp / "page.html"
    path.write_text(web_page(400_000), "utf-8")
    return opened(path, "How Marie Curie found radium")


def _load_fixtures():
    sys.path[:0] = [str(REPO), str(REPO / "desktop")]
    from tests.core.documents import fixtures

    return fixtures


CASES: list[tuple[str, Callable[[Path], object]]] = [
    ("documents: 7.6 KB PDF drawing 40 nested forms", nested_forms),
    ("documents: the same, forms packed with LZW (the child's limit)", nested_forms_unseen),
    ("documents: PDF stream inflating to 400 MB", inflating_stream),
    ("documents: EPUB, one 60 MB chapter 2,000 times in the spine", epub_spine_2000),
    ("documents: EPUB, 100 chapters of 60 MB", epub_100_chapters),
    ("documents: DOCX, 60 MB body + 7 parts of 63 MB", docx_parts),
    ("documents: 3 MB HTML, one tag with 200,000 attributes", many_attributes),
    ("documents: 31.5 MB HTML", html_31mb),
    ("documents: ASCII .txt with NUL bytes after byte 4,096", nul_bytes),
    ("documents: UTF-16/32 without a BOM, any extension", bomless_unicode),
    ("documents: .svg with a script", svg),
    ("documents: the .txt rows through glossator annotate", annotate_txt_rows),
    ("documents: genuine 2,000-page PDF", long_pdf),
    ("documents: genuine 100 MB plain text", long_text),
    ("documents: genuine 2.4 MB web page", long_page),
]
