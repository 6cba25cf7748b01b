"""One real engine (spaCy model + starter KB) per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def engine(starter_kb):
    from glossator.core.nlp.engine import Engine
    from glossator.core.nlp.model import ModelNotFoundError

    try:
        return Engine(starter_kb)
    except ModelNotFoundError as exc:  # pragma: no cover - the project installs it
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def nlp(engine):
    return engine.nlp
