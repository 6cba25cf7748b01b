"""Small Wikipedia-like ZIM archives written with libzim's writer, for the attach tests."""

from __future__ import annotations

from pathlib import Path

from libzim.writer import Creator, Hint, Item, StringProvider

PAGES = {
    "Ada_Lovelace": ("Ada Lovelace", "<p><b>Ada Lovelace</b> was an English mathematician and "
                     "writer, chiefly known for her work on the Analytical Engine. She was the "
                     "daughter of Lord Byron.</p><h2>Life</h2><p>Later.</p>"),
    "Charles_Babbage": ("Charles Babbage", "<p>Charles Babbage was an English polymath, "
                        "mathematician and mechanical engineer. He designed engines.</p>"),
    "Mercury_(planet)": ("Mercury (planet)", "<p>Mercury is the smallest planet in the Solar "
                         "System and the closest to the Sun.</p>"),
    "Atlantic_Ocean": ("Atlantic Ocean", "<p>The Atlantic Ocean is the second-largest of the "
                       "world's five oceanic divisions.</p>"),
    "Gottfried_Wilhelm_Leibniz": ("Gottfried Wilhelm Leibniz", "<p>Gottfried Wilhelm Leibniz "
                                  "was a German polymath active as a mathematician.</p>"),
}
REDIRECTS = [
    ("Lady_Lovelace", "Lady Lovelace", "Ada_Lovelace"),
    ("Ada_Byron", "Ada Byron", "Ada_Lovelace"),
    ("Countess_Lovelace", "Countess Lovelace", "Lady_Lovelace"),  # a chain
    ("Babbage", "Babbage", "Charles_Babbage"),
    ("Leibniz", "Leibniz", "Gottfried_Wilhelm_Leibniz"),
]


class Page(Item):
    def __init__(self, path: str, title: str, content: str, mimetype: str = "text/html",
                 front: bool = True) -> None:
        super().__init__()
        self._path, self._title, self._content = path, title, content
        self._mimetype, self._front = mimetype, front

    def get_path(self) -> str:
        return self._path

    def get_title(self) -> str:
        return self._title

    def get_mimetype(self) -> str:
        return self._mimetype

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self._content)

    def get_hints(self) -> dict:
        return {Hint.FRONT_ARTICLE: self._front}


def write_zim(path: Path, *, pages: dict | None = None, redirects: list | None = None,
              extra: int = 0, name: str = "wikipedia_en_test") -> Path:
    """An archive of ``pages`` (+ ``extra`` filler pages), a stylesheet and ``redirects``."""
    pages = PAGES if pages is None else pages
    redirects = REDIRECTS if redirects is None else redirects
    with Creator(str(path)).config_indexing(False, "eng").config_nbworkers(1) as creator:
        for p, (title, body) in pages.items():
            creator.add_item(Page(p, title, f"<html><body>{body}</body></html>"))
        for i in range(extra):
            creator.add_item(Page(f"Filler_{i}", f"Filler Page {i}",
                                  f"<html><body><p>Filler page {i} is a page that fills the "
                                  "archive for tests.</p></body></html>"))
        creator.add_item(Page("style.css", "", "p { margin: 0 }", "text/css", False))
        hint = {Hint.FRONT_ARTICLE: False}
        for p, title, target in redirects:
            creator.add_redirection(p, title, target, hint)
        creator.add_metadata("Language", "eng")
        creator.add_metadata("Title", "Test Wikipedia")
        creator.add_metadata("Name", name)
        creator.add_metadata("Creator", "Wikipedia")
        creator.add_metadata("Publisher", "Kiwix")
        creator.add_metadata("Date", "2024-05-01")
        creator.add_metadata("Source", "en.wikipedia.org")
    return path
