"""Size limits: what Glossator opens, and the messages when a file is too big.

The policy (also in docs/documents.md): any file over ``MAX_FILE_BYTES`` is refused
before it is read; text, Markdown and HTML over ``MAX_TEXT_BYTES`` are refused too
(that is thousands of pages, far beyond what anyone reads in one sitting); PDF,
EPUB and DOCX are read page by page or chapter by chapter and stop, with a
warning, once ``MAX_TEXT_CHARS`` characters or ``MAX_PDF_PAGES`` pages are loaded.
"""

from __future__ import annotations

from glossator.core.documents.model import DocumentError

MB = 1024 * 1024
MAX_FILE_BYTES = 512 * MB
MAX_TEXT_BYTES = 128 * MB
MAX_HTML_BYTES = 16 * MB  # parsed whole: its tree takes ~25 times its size
MAX_TEXT_CHARS = 64_000_000
MAX_PDF_PAGES = 5_000
MAX_ZIP_MEMBER_BYTES = 64 * MB  # one chapter of an EPUB, the body of a DOCX


def size_label(n: int) -> str:
    """A size for people: '812 bytes', '3.4 MB'."""
    if n < 1024:
        return f"{n} bytes"
    if n < MB:
        return f"{n / 1024:.0f} KB"
    return f"{n / MB:.1f} MB" if n < 100 * MB else f"{n / MB:.0f} MB"


def check_size(n: int, limit: int, label: str, what: str) -> None:
    """Refuse ``n`` bytes over ``limit`` with a message naming the file and the limit."""
    if n > limit:
        raise DocumentError(
            f"{label} is too large to open ({size_label(n)} of {what}; "
            f"Glossator opens up to {size_label(limit)}). Split it into smaller parts."
        )
