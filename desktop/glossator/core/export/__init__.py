"""Exports of an annotation for sharing: a standalone HTML page."""

from glossator.core.export.html import annotation_html

__all__ = ["annotation_html"]
