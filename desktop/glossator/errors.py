"""Which exceptions are the user's to fix, and the message to show for each."""

from __future__ import annotations


class GlossatorError(Exception):
    """Base of every error whose message is written for the user."""


def user_message(exc: BaseException) -> str | None:
    """A one-line message for errors the user can act on; None for real bugs."""
    # Imported here: the CLI reports errors without loading every module up front.
    from glossator.core.documents import DocumentError
    from glossator.core.kb.store import KBError
    from glossator.core.nlp.model import ModelNotFoundError

    if isinstance(exc, GlossatorError | KBError | DocumentError | ModelNotFoundError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"No such file: {exc.filename}"
    if isinstance(exc, IsADirectoryError):
        return f"{exc.filename} is a folder, not a file."
    if isinstance(exc, PermissionError):
        return f"Permission denied: {exc.filename}"
    return None
