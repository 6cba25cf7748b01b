"""The app's underline styles and kind colours for exported pages (one source: the theme).

The reader draws a name found in the knowledge base with a solid line (a wavy one when the
link is a guess), one it lacks with a dashed line and a reference with a dotted line, in
the colour of the entity's kind (people, places, organisations, other), an unclear
reference in the theme's grey
(``gui/underlines.py``). An exported page uses the same rule and the same colours, read
from the light theme's file (``resources/themes/light.json``), so that a page printed or
shared looks like the app.
"""

from __future__ import annotations

import contextlib
import json

from glossator import paths
from glossator.core.export.glossary import GROUPS

# Used when the theme file is missing or broken (the light theme's own values).
_FALLBACK = {"person": "#0060a8", "place": "#00805c", "org": "#c04a00", "other": "#a6367f",
             "reference": "#59636e", "text": "#1f2328", "muted": "#59636e"}


def theme_colours(name: str = "light") -> dict[str, str]:
    """The kind colours, the reference grey, text and muted colours of a theme."""
    colours = dict(_FALLBACK)
    with contextlib.suppress(OSError, ValueError, TypeError):
        data = json.loads((paths.resources_dir() / "themes" / f"{name}.json").read_text(
            encoding="utf-8"))
        colours.update({k: v for k, v in data.items() if k in _FALLBACK and isinstance(v, str)
                        and v.startswith("#") and len(v) in (4, 7)})
    return colours


def mention_classes(kind: str, group: str | None, linked: bool, guess: bool = False) -> str:
    """CSS classes of a mention: its line and kind.

    Lines: "linked", "guess" (a link under ``CONFIDENT``), "nil", "ref", "unclear".
    """
    if group is None:
        return "unclear"
    line = "ref" if kind == "reference" else (("guess" if guess else "linked") if linked
                                              else "nil")
    return f"{line} {group}"


def underline_css(name: str = "light") -> str:
    """CSS rules for ``a.m`` mentions, as the app draws them."""
    c = theme_colours(name)
    rules = ["a.m{color:inherit;text-decoration:underline 2px;text-underline-offset:3px;"
             "text-decoration-skip-ink:none}",
             "a.m.linked{text-decoration-style:solid}",
             "a.m.guess{text-decoration-style:wavy}",
             "a.m.nil{text-decoration-style:dashed}",
             "a.m.ref{text-decoration-style:dotted}",
             f"a.m.unclear{{text-decoration-style:dotted;text-decoration-color:{c['reference']}}}"]
    rules += [f"a.m.{g}{{text-decoration-color:{c[g]}}}" for g in GROUPS]
    rules.append(f"body{{color:{c['text']}}} .small{{color:{c['muted']}}}")
    return "\n".join(rules)
