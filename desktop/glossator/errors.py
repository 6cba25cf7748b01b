"""Which exceptions are the user's to fix, and the message to show for each."""

from __future__ import annotations


class GlossatorError(Exception):
    """Base of every error whose message is written for the user."""


def user_message(exc: BaseException) -> str | None:
    """A one-line message for errors the user can act on; None for real bugs."""
    from glossator.core.kb.store import KBError

    if isinstance(exc, GlossatorError | KBError):
        return str(exc)
    try:
        from glossator.core.documents import DocumentError
    except ImportError:  # the documents package may not exist yet in a partial tree
        DocumentError = ()  # type: ignore[assignment]
    if DocumentError and isinstance(exc, DocumentError):
        return str(exc)
    try:
        from glossator.core.nlp.model import ModelNotFoundError
    except ImportError:
        ModelNotFoundError = ()  # type: ignore[assignment]
    if ModelNotFoundError and isinstance(exc, ModelNotFoundError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"No such file: {exc.filename}"
    if isinstance(exc, IsADirectoryError):
        return f"{exc.filename} is a folder, not a file."
    if isinstance(exc, PermissionError):
        return f"Permission denied: {exc.filename}"
    return None
