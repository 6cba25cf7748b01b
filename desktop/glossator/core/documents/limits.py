"""Size limits: what Glossator opens, and the messages when a file is too big.

The policy (also in docs/documents.md): any file over ``MAX_FILE_BYTES`` is refused
before it is read; text, Markdown and HTML over ``MAX_TEXT_BYTES`` are refused too
(that is thousands of pages, far beyond what anyone reads in one sitting); PDF,
EPUB and DOCX are read page by page or chapter by chapter and stop, with a
warning, once ``MAX_TEXT_CHARS`` characters or ``MAX_PDF_PAGES`` pages are loaded.
"""

from __future__ import annotations

import zipfile

from glossator.core.documents.model import DocumentError

MB = 1024 * 1024
MAX_FILE_BYTES = 512 * MB
MAX_TEXT_BYTES = 128 * MB
MAX_HTML_BYTES = 16 * MB  # parsed whole: its tree takes ~25 times its size
MAX_TEXT_CHARS = 64_000_000
MAX_PDF_PAGES = 5_000
MAX_ZIP_MEMBER_BYTES = 64 * MB  # one part of an EPUB or DOCX, unpacked
MAX_ZIP_BYTES = 256 * MB  # all the parts of one EPUB or DOCX read together, unpacked
MAX_PART_TAGS = 2_000_000  # tags in one XML part: lxml needs ~300 bytes for each
MAX_SECTIONS = 5_000  # table of contents entries kept (the rest of a huge outline is dropped)
MAX_SECTION_TITLE = 200  # characters of one entry's title
MAX_SECTION_LEVEL = 6  # deeper entries are shown at this level


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


class ZipBudget:
    """One budget of unpacked bytes for everything read from one archive (zip bombs).

    zipfile never returns more than a member's declared size, so the sizes in the
    directory are checked before anything is unpacked.
    """

    def __init__(self, zf: zipfile.ZipFile, label: str, *, total: int | None = None,
                 member: int | None = None):
        self.zf = zf
        self.label = label
        self.total = MAX_ZIP_BYTES if total is None else total
        self.member = MAX_ZIP_MEMBER_BYTES if member is None else member
        self.used = 0

    def check(self, info: zipfile.ZipInfo) -> None:
        """Raise if ``info`` is too large alone or together with what was read before."""
        if info.file_size > self.member:
            raise DocumentError(f"{self.label} has a part too large to open ({info.filename}, "
                                f"{size_label(info.file_size)} once unpacked).")
        if self.used + info.file_size > self.total:
            raise BudgetSpent(f"{self.label} unpacks to more than {size_label(self.total)}; "
                              "only what fits was loaded.")

    def read(self, name: str) -> bytes:
        """The member's bytes, counted; KeyError if it is missing."""
        info = self.zf.getinfo(name)
        self.check(info)
        self.used += info.file_size
        with self.zf.open(info) as fh:
            return fh.read(info.file_size)


class BudgetSpent(DocumentError):
    """The archive's unpacked-size budget is used up (loaders may stop with what they have)."""
