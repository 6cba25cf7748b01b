"""Shared checks for the document tests."""

from __future__ import annotations

import pytest

from glossator.core.documents import Document


def check_offsets(doc: Document) -> None:
    """Every block's offsets select its own text; blocks are ordered and never overlap."""
    last = 0
    for block in doc.blocks:
        assert 0 <= last <= block.start < block.end <= len(doc.text), block
        text = doc.text[block.start:block.end]
        assert text == doc.block_text(block)
        assert text.strip(), (block, text)
        if block.kind != "preformatted":  # code keeps its first line's indentation
            assert text.strip() == text, (block, text)
        last = block.end
    for section in doc.sections:
        assert 0 <= section.start <= len(doc.text)
        assert section.title


def texts(doc: Document, kind: str | None = None) -> list[str]:
    return [doc.block_text(b) for b in doc.blocks if kind is None or b.kind == kind]


@pytest.fixture(autouse=True)
def _in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse in the test's own process (fast, and monkeypatched limits apply);
    tests taking the ``isolated`` fixture use the child process as the app does."""
    from glossator.core.documents import isolate

    monkeypatch.setattr(isolate, "ENABLED", False)


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    from glossator.core.documents import isolate

    monkeypatch.setattr(isolate, "ENABLED", True)
