"""Opening what students read: plain text, Markdown, HTML, PDF, EPUB, DOCX, paste, URL."""

from glossator.core.documents.model import Block, BlockKind, Document, DocumentError, Section

__all__ = ["Block", "BlockKind", "Document", "DocumentError", "Section"]
