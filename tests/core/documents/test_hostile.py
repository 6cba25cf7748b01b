"""Hostile and unlucky files (issue 12): each ends quickly with a message or a right result."""

from __future__ import annotations

import pytest

from glossator.core.documents import DocumentError, load_bytes, load_path
from tests.core.documents.conftest import check_offsets

SAMPLE = "Marie Curie was born in Warsaw.\n\nShe moved to Paris in 1891.\n"


def message(fn, *args) -> str:
    with pytest.raises(DocumentError) as info:
        fn(*args)
    return str(info.value)


# --- encodings -------------------------------------------------------------------------------

def test_nul_bytes_after_4096_do_not_make_ascii_utf16(tmp_path):
    text = ("Ada Lovelace met Charles Babbage in London. " * 100)[:5000]
    path = tmp_path / "log.txt"
    path.write_bytes(text.encode() + b"\x00" * 8 + b" The end.\n")
    doc = load_path(path)
    assert doc.text.startswith("Ada Lovelace met Charles Babbage")
    assert doc.text.endswith(" The end.\n") and "\x00" not in doc.text
    assert any("NUL bytes" in w for w in doc.warnings)
    check_offsets(doc)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("name", ["notes.txt", "notes.text", "notes"])
def test_bomless_utf16_and_utf32_by_content_whatever_the_name(tmp_path, codec, name):
    path = tmp_path / name
    path.write_bytes(SAMPLE.encode(codec))
    assert load_path(path).text == SAMPLE


def test_large_bomless_utf16_is_streamed_right(tmp_path, monkeypatch):
    from glossator.core.documents import text as text_module

    monkeypatch.setattr(text_module, "_SMALL", 1000)
    monkeypatch.setattr(text_module, "_CHUNK", 4096)
    path = tmp_path / "big.txt"
    path.write_bytes((SAMPLE * 200).encode("utf-16-le"))
    assert load_path(path).text == SAMPLE * 200


@pytest.mark.parametrize("data", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>Hi</text></svg>',
    b'<?xml version="1.0"?>\n<!-- drawn -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg><script>x()</script></svg>',
])
@pytest.mark.parametrize("name", ["logo.svg", "logo.txt", "logo"])
def test_svg_is_an_image(data, name):
    assert message(load_bytes, data, name) == (
        f"{name} is an image (SVG), not a document Glossator can open.")


def test_html_with_inline_svg_is_still_a_page():
    page = b"<html><body><p>Kepler lived in Prague.</p><svg><text>x</text></svg></body></html>"
    assert load_bytes(page, "p.html").text == "Kepler lived in Prague."
