"""The GUI-free core of Glossator: documents, NLP, knowledge base and export.

Nothing under this package may import Qt; tests/core/test_no_qt.py and the
import-linter contract in pyproject.toml enforce it.
"""
