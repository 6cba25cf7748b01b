"""The requests and results that cross between the window and the worker thread.

Plain dataclasses only, passed through queued signals: the worker never sees a
widget and the window never sees the engine or the database connection. What the window
asks of the knowledge base travels as a typed operation (``gui/operations.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from glossator.core.documents.model import Document
from glossator.core.models import Article, ImportStats
from glossator.core.nlp.types import Entity, Mention


@dataclass(frozen=True, slots=True)
class AnnotateRequest:
    """Annotate ``document``; start with the chunk holding ``first`` (what is on screen)."""

    job: int
    document: Document
    first: int = 0


@dataclass(slots=True)
class AnnotationPart:
    """Newly found mentions of one chunk, and the entities they point at (global ids)."""

    job: int
    mentions: list[Mention]
    entities: list[Entity]  # new or updated entities; later copies replace earlier ones
    articles: dict[str, Article]  # kb_title -> article, for the entities above
    done: int  # characters annotated so far
    total: int  # characters to annotate
    # (start, end, kind) of mentions sent before that the analysis no longer finds (a
    # later piece joined a name to the words beside it, or a reference became another).
    gone: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class AnnotationFinished:
    """The job is over: completely, or cancelled, or unavailable."""

    job: int
    seconds: float
    cancelled: bool = False
    unavailable: str | None = None  # why analysis could not run (no model, no engine)


@dataclass(slots=True)
class EngineStatus:
    """What the worker could load at start-up."""

    ready: bool
    message: str  # shown in the status bar
    model: str = ""  # spaCy model name and version
    kb_stats: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None  # a user-facing message when something is missing


@dataclass(frozen=True, slots=True)
class Choice:
    """One article offered in "Not this? Choose another" or in a search."""

    title: str
    description: str
    snippet: str = ""


# The long tasks whose end changes what the knowledge base answers (new rows, a new file,
# a ZIM's names indexed or detached, its link priors counted): the worker has already given
# the engine the new knowledge (``Worker._use_kb``), and every window that shows knowledge
# asks again (the main window analyses the open document again). An online fill is not
# here: the window that asked for it analyses again itself.
KNOWLEDGE_TASKS = frozenset({"import", "rebuild", "attach", "links"})


@dataclass(slots=True)
class TaskProgress:
    """Progress of a long knowledge-base task (import, rebuild, online fill, ZIM tasks)."""

    task: str  # "import" | "rebuild" | "fetch" | "attach" | "links" | "download"
    done: int
    total: int
    message: str = ""


@dataclass(slots=True)
class TaskFinished:
    """A knowledge-base task ended; ``error`` is a user-facing message when it failed."""

    task: str
    message: str
    stats: ImportStats | None = None
    error: str | None = None
    cancelled: bool = False
