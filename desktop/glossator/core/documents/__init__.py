"""Opening what students read: plain text, Markdown, HTML, PDF, EPUB, DOCX, paste, URL.

    from glossator.core.documents import load_path, load_bytes, load_paste, load_url

Each returns a ``Document`` (see ``model``) or raises ``DocumentError`` whose
message is written for the user. Formats are chosen by content, not extension.
"""

from glossator.core.documents.load import load_bytes, load_paste, load_path, load_url
from glossator.core.documents.model import Block, BlockKind, Document, DocumentError, Section

__all__ = [
    "Block",
    "BlockKind",
    "Document",
    "DocumentError",
    "Section",
    "load_bytes",
    "load_paste",
    "load_path",
    "load_url",
]
