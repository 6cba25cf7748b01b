"""Every kind of bad input gets a clear, specific message (or loads), never a crash or hang."""

import os
import zipfile
from io import BytesIO

import pytest

from glossator.core.documents import DocumentError, load_bytes, load_path
from glossator.core.documents.limits import MAX_FILE_BYTES, MAX_TEXT_BYTES
from glossator.errors import user_message
from tests.core.documents import fixtures
from tests.core.documents.conftest import check_offsets


def message(load, *args) -> str:
    with pytest.raises(DocumentError) as info:
        load(*args)
    text = str(info.value)
    assert "\n" not in text and user_message(info.value) == text
    return text


def test_zero_byte_missing_folder(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert message(load_path, tmp_path / "empty.pdf") == "empty.pdf is empty (0 bytes)."
    assert message(load_bytes, b"", "x.txt") == "x.txt is empty (0 bytes)."
    assert "No such file" in message(load_path, tmp_path / "nope.txt")
    assert "is a folder" in message(load_path, tmp_path)
    assert "is a web address" in message(load_path, "https://example.org/a.pdf")


def test_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in message(load_path, fifo)


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = tmp_path / "secret.txt"
    path.write_text("hidden")
    path.chmod(0)
    assert "Permission denied" in message(load_path, path)


def test_mislabelled_files_open_as_what_they_are():
    doc = load_bytes(fixtures.article_pdf(2), "notes.txt")
    assert doc.format == "pdf"
    assert doc.warnings[0] == ("notes.txt is named like a plain text file but is really a PDF; "
                               "it was opened as such.")
    assert load_bytes(fixtures.docx_bytes(), "book.epub").format == "docx"
    assert load_bytes(fixtures.epub_bytes(), "report.pdf").format == "epub"
    page = load_bytes(fixtures.ARTICLE_HTML.encode(), "essay.docx")
    assert page.format == "html" and "radium" in page.text
    assert load_bytes(b"Just words, named as a PDF.", "fake.pdf").format == "text"


@pytest.mark.parametrize(("data", "what"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "an image (PNG)"),
    (b"\xff\xd8\xff\xe0" + bytes(200), "an image (JPEG)"),
    (b"\x1f\x8b\x08\x00" + bytes(200), "a compressed archive (gzip)"),
    (b"\x7fELF\x02\x01" + bytes(200), "a program"),
    (b"SQLite format 3\x00" + bytes(200), "a database (SQLite)"),
    (bytes(range(256)) * 8, "binary data"),
    (b"{\\rtf1\\ansi Hello}", "an RTF document"),
])
def test_binary_and_other_kinds_are_named(data, what):
    assert message(load_bytes, data, "homework.txt").startswith(f"homework.txt is {what}")


def test_other_zip_archives():
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("photos/a.jpg", b"x")
    assert "a zip archive" in message(load_bytes, out.getvalue(), "stuff.epub")
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("ppt/presentation.xml", b"x")
    assert "PowerPoint" in message(load_bytes, out.getvalue(), "slides.pptx")


def test_huge_files_are_refused_before_reading(tmp_path):
    big = tmp_path / "huge.pdf"
    with open(big, "wb") as fh:  # sparse: no disk space used, nothing is read
        fh.truncate(MAX_FILE_BYTES + 88 * 1024 * 1024)
    assert message(load_path, big).startswith("huge.pdf is too large to open (600 MB of data")
    text = tmp_path / "huge.txt"
    with open(text, "wb") as fh:
        fh.write(b"Paris and London. " * 10)
        fh.truncate(MAX_TEXT_BYTES + 1)
    assert "too large to open" in message(load_path, text)


def test_invalid_utf8_inside_a_large_text_file(tmp_path):
    body = ("Ceci est un texte français. " * 40 + "\n\n").encode("utf-8") * 6000
    data = body + "Fin: élève, garçon.\n".encode("cp1252")
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    doc = load_path(path)
    assert doc.text.endswith("Fin: élève, garçon.\n") or "read as" in doc.warnings[0]
    assert doc.warnings and "read as" in doc.warnings[0]
    check_offsets(doc)


def test_truncated_docx_and_garbage_with_good_extension():
    assert "damaged" in message(load_bytes, b"PK\x03\x04" + bytes(100), "x.docx")
    assert "damaged" in message(load_bytes, b"%PDF-1.4\n%%EOF", "x.pdf")


def test_no_readable_text_names_the_file():
    assert message(load_bytes, b" \n\n \t", "blank.txt") == (
        "blank.txt has no readable text (only blank space).")
    assert message(load_bytes, b"<html><body><script>x()</script></body></html>",
                   "empty.html") == "empty.html has no readable text."


def test_deeply_nested_html():
    def page(depth: int) -> bytes:
        return ("<html><body>" + "<div>" * depth + "<p>Ada Lovelace wrote the first program.</p>"
                + "</div>" * depth + "</body></html>").encode()

    assert load_bytes(page(300), "deep.html").text == "Ada Lovelace wrote the first program."
    assert message(load_bytes, page(3000), "deeper.html") == (
        "deeper.html is nested too deeply to read.")


@pytest.mark.parametrize("name", ["a.pdf", "b.epub", "c.docx", "d.html", "e.md"])
def test_corrupted_files_load_or_get_a_message(name):
    """Random byte damage (flips, cuts, insertions): a Document or a DocumentError, nothing else."""
    import random

    seeds = {"a.pdf": fixtures.article_pdf(2), "b.epub": fixtures.epub_bytes(),
             "c.docx": fixtures.docx_bytes(), "d.html": fixtures.ARTICLE_HTML.encode(),
             "e.md": b"# Title\n\nSome *text* about Kepler.\n\n- a\n- b\n\n> quote\n"}
    rng = random.Random(name)
    for _ in range(25):
        data = bytearray(seeds[name])
        for _ in range(rng.randint(1, 12)):
            if not data:
                break
            i, op = rng.randrange(len(data)), rng.random()
            if op < 0.6:
                data[i] = rng.randrange(256)
            elif op < 0.8:
                del data[i:i + rng.randint(1, 200)]
            else:
                data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
        try:
            doc = load_bytes(bytes(data), name)
        except DocumentError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            check_offsets(doc)
