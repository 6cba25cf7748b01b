import pytest

from glossator.core.documents import DocumentError, load_bytes, load_path
from tests.core.documents import fixtures
from tests.core.documents.conftest import check_offsets, texts
from tests.core.documents.server import Site


@pytest.fixture(scope="module")
def page():
    return load_bytes(fixtures.ARTICLE_HTML.encode("utf-8"), "curie.html")


def test_main_content_only(page):
    check_offsets(page)
    assert page.format == "html"
    assert page.title == "How Marie Curie found radium"
    assert page.language == "en-gb"
    assert texts(page, "heading") == ["How Marie Curie found radium", "The long work"]
    assert texts(page, "list_item") == ["Polonium was named after Poland.",
                                        "Radium glows in the dark."]
    assert texts(page, "quote") == [
        "Nothing in life is to be feared, it is only to be understood."]
    assert "second Nobel Prize" in page.text
    for boilerplate in ("Home", "Sport", "cookies", "Share on", "Reader42", "Comments",
                        "Support us", "donate", "Copyright"):
        assert boilerplate not in page.text, boilerplate


def test_scripts_and_styles_never_reach_the_text(page):
    for leaked in ("SCRIPT RAN", "TRACKING-CODE", "STYLE-TEXT", "innerHTML", "color"):
        assert leaked not in page.text


def test_no_remote_resource_is_fetched(tmp_path):
    with Site({}) as site:
        html = fixtures.ARTICLE_HTML.replace("http://127.0.0.1:9", site.url)
        path = tmp_path / "saved.html"
        path.write_text(html, encoding="utf-8")
        doc = load_path(path)
        assert "radium" in doc.text
        assert site.requests == []


def test_fallback_keeps_a_small_page_without_boilerplate():
    html = ("<html><head><title>Tiny</title></head><body><nav>Menu Home</nav>"
            "<div class='cookie-consent'>Accept cookies</div><p>Ada Lovelace.</p>"
            "<footer>Footer text</footer></body></html>")
    doc = load_bytes(html.encode(), "tiny.html")
    check_offsets(doc)
    assert "Ada Lovelace." in doc.text
    assert "Menu" not in doc.text and "cookies" not in doc.text and "Footer" not in doc.text


def test_meta_charset_and_legacy_encoding():
    html = ("<html><head><meta charset='windows-1252'></head><body><p>Café in Zürich, "
            "with crème brûlée and a long sentence about Émile Zola.</p></body></html>")
    doc = load_bytes(html.encode("cp1252"), "fr.htm")
    assert "Café in Zürich" in doc.text and "Émile Zola" in doc.text


def test_saved_single_file_page_mhtml():
    mhtml = (
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n"
        "--B\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: "
        "quoted-printable\r\n\r\n<html><body><article><h1>Saved</h1><p>Nikola Tesla met "
        "Edison in New York=\r\n City in 1884.</p></article></body></html>\r\n--B--\r\n"
    )
    doc = load_bytes(mhtml.encode(), "saved.mhtml")
    check_offsets(doc)
    assert "Nikola Tesla met Edison in New York City in 1884." in doc.text


def test_empty_page_is_refused():
    with pytest.raises(DocumentError, match="no readable text"):
        load_bytes(b"<html><body><script>x()</script></body></html>", "empty.html")


def test_html_without_extension_is_sniffed():
    doc = load_bytes(fixtures.ARTICLE_HTML.encode(), "download")
    assert doc.format == "html" and "radium" in doc.text


def test_heading_permalinks_are_dropped():
    page = ("<html><head><title>Docs</title></head><body><main><h1>IDLE<a class='headerlink' "
            "href='#idle'>¶</a></h1><p>IDLE is Python’s Integrated Development and Learning "
            "Environment, written by Guido van Rossum.</p><h2>Why C#</h2><p>Anders Hejlsberg "
            "designed C# at Microsoft in Redmond.</p></main></body></html>")
    doc = load_bytes(page.encode(), "idle.html")
    assert doc.title == "IDLE"
    assert texts(doc, "heading") == ["IDLE", "Why C#"]


def test_code_is_kept_but_not_annotated():
    page = fixtures.ARTICLE_HTML.replace(
        "<h2>The long work</h2>", "<pre>radium = 226\nfor x in range(3):\n    pass</pre>"
        "<h2>The long work</h2>")
    doc = load_bytes(page.encode(), "code.html")
    code = [b for b in doc.blocks if b.kind == "preformatted"]
    assert [doc.block_text(b) for b in code] == ["radium = 226\nfor x in range(3):\n    pass"]
    assert not code[0].annotate


def test_short_page_keeps_its_structure():
    """trafilatura's fallback for short pages flattens everything into one paragraph."""
    page = ("<html><body><nav>Home | About</nav><article><h1>Tips</h1><p>Guido van Rossum "
            "created Python at CWI in Amsterdam.</p><pre>print('hi')</pre><p>Tim Peters wrote "
            "the Zen of Python.</p><figure><img src='x.png'><figcaption>Guido at PyCon"
            "</figcaption></figure></article><div class='share'>Share this</div></body></html>")
    doc = load_bytes(page.encode(), "short.html")
    check_offsets(doc)
    assert [(b.kind, doc.block_text(b)) for b in doc.blocks] == [
        ("heading", "Tips"),
        ("paragraph", "Guido van Rossum created Python at CWI in Amsterdam."),
        ("preformatted", "print('hi')"),
        ("paragraph", "Tim Peters wrote the Zen of Python."),
        ("caption", "Guido at PyCon"),
    ]
