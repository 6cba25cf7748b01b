"""The knowledge base: an offline cache of Wikipedia summaries and every name for them."""

from glossator.core.kb.lookup import KnowledgeBase
from glossator.core.kb.records import RecordError, SummaryRecord
from glossator.core.kb.store import KBCorruptError, KBError, KBLayer, KBWriteError

__all__ = [
    "KBCorruptError",
    "KBError",
    "KBLayer",
    "KBWriteError",
    "KnowledgeBase",
    "RecordError",
    "SummaryRecord",
]
