import socket
import time

import httpx
import pytest

from glossator.core.documents import DocumentError, load_paste, load_url
from tests.core.documents import fixtures
from tests.core.documents.conftest import check_offsets, texts
from tests.core.documents.server import Site


@pytest.fixture(scope="module")
def site():
    pages = {
        "/article": (200, "text/html; charset=utf-8", fixtures.ARTICLE_HTML.encode()),
        "/paper": (200, "application/pdf", fixtures.article_pdf(2)),
        "/notes.txt": (200, "text/plain", b"Plain notes about Kepler.\n\nAnd Tycho."),
        "/gone": (410, "text/html", b"<p>gone</p>"),
        "/empty": (200, "text/html", b""),
    }
    with Site(pages) as s:
        yield s


def test_url_html_is_fetched_once_and_cleaned(site):
    before = len(site.requests)
    doc = load_url(site.url + "/article")
    check_offsets(doc)
    assert doc.format == "url" and doc.source == site.url + "/article"
    assert doc.title == "How Marie Curie found radium"
    assert "Share on" not in doc.text and "radium" in doc.text
    assert site.requests[before:] == ["/article"]  # once, and no images or styles
    assert doc.warnings == []


def test_url_pdf_and_text_and_redirect(site):
    pdf = load_url(site.url + "/paper")
    assert "Radioactivity in Paris" in texts(pdf, "heading")
    assert load_url(site.url + "/notes.txt").text == "Plain notes about Kepler.\n\nAnd Tycho."
    assert load_url(site.url + "/redirect").source == site.url + "/article"


def test_url_errors(site):
    with pytest.raises(DocumentError, match="410 Gone"):
        load_url(site.url + "/gone")
    with pytest.raises(DocumentError, match="404"):
        load_url(site.url + "/missing")
    with pytest.raises(DocumentError, match="empty"):
        load_url(site.url + "/empty")
    with pytest.raises(DocumentError, match="not a web address"):
        load_url("ftp://example.org/file")
    with pytest.raises(DocumentError, match=r"did not answer within 0\.5 seconds"):
        load_url(site.url + "/slow", timeout=0.5)


def test_connection_refused():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here now
    with pytest.raises(DocumentError, match=r"Could not connect to 127\.0\.0\.1"):
        load_url(f"http://127.0.0.1:{port}/x")


def test_offline_fails_at_once_without_touching_the_network(site):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, text="<p>hi</p>")

    before = len(site.requests)
    start = time.monotonic()
    with pytest.raises(DocumentError, match="offline"):
        load_url(site.url + "/article", online=False, transport=httpx.MockTransport(handler))
    assert time.monotonic() - start < 5  # generous: "at once" means no waiting on a socket
    assert calls == [] and len(site.requests) == before


def test_transport_is_used():
    transport = httpx.MockTransport(lambda r: httpx.Response(
        200, headers={"content-type": "text/html"},
        text="<html><body><article><p>Ada Lovelace met Charles Babbage in London."
             "</p></article></body></html>"))
    doc = load_url("https://example.org/ada", transport=transport)
    assert doc.text == "Ada Lovelace met Charles Babbage in London."
    assert doc.source == "https://example.org/ada"


def test_paste_plain_text_is_kept_exactly():
    pasted = "  Alan Turing worked at Bletchley Park.\r\n\r\nHe was born in London.\n"
    doc = load_paste(pasted)
    assert doc.text == pasted and doc.format == "paste"
    assert doc.title == "Alan Turing worked at Bletchley Park."
    assert texts(doc) == ["Alan Turing worked at Bletchley Park.", "He was born in London."]


def test_paste_html_fragment_keeps_the_selection():
    fragment = ("<meta charset='utf-8'><p>Grace <b>Hopper</b> worked on COBOL.</p>"
                "<ul><li>Navy</li><li>Harvard Mark I</li></ul><script>steal()</script>")
    doc = load_paste(fragment)
    check_offsets(doc)
    assert texts(doc) == ["Grace Hopper worked on COBOL.", "Navy", "Harvard Mark I"]
    assert doc.title == "Grace Hopper worked on COBOL."
    assert "steal" not in doc.text


def test_paste_windows_clipboard_html_and_full_page():
    cf_html = ("Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000200\r\n"
               "StartFragment:0000000141\r\nEndFragment:0000000164\r\n"
               "<html><body><!--StartFragment--><p>Rosalind Franklin</p>"
               "<!--EndFragment--></body></html>")
    assert load_paste(cf_html).text == "Rosalind Franklin"
    doc = load_paste(fixtures.ARTICLE_HTML)
    assert "Share on" not in doc.text and "radium" in doc.text


def test_paste_nothing():
    for empty in ("", "   \n\t "):
        with pytest.raises(DocumentError, match="nothing to paste"):
            load_paste(empty)
