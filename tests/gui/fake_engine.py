"""A tiny stand-in with the Engine's interface, for widget unit tests only.

It finds capitalised word runs, links them with ``kb.lookup`` and treats
"she"/"he"/"they" as references to the last person. The integration tests use
the real engine.
"""

from __future__ import annotations

import re

from glossator.core.nlp.engine import Cancelled
from glossator.core.nlp.types import Alternative, Annotation, Entity, Mention

_NAME = re.compile(r"\b[A-Z][a-zà-ÿ]+(?:[ ]+[A-Z][a-zà-ÿ]+)*")
_PRONOUN = re.compile(r"\b(she|he|her|his)\b", re.IGNORECASE)
_STOP = {"The", "In", "A", "After", "During", "His", "Her", "She", "He", "It", "They", "When"}


class FakeEngine:
    def __init__(self, kb, model=None):
        self.kb = kb
        self.calls = 0
        self.kb_changes = 0

    def set_kb(self, kb):
        """As the real engine: the one handle, given again after the KB changed."""
        self.kb = kb
        self.kb_changes += 1

    def annotate_document(self, doc, should_stop=None, progress=None):
        return self.annotate(doc.text, should_stop=should_stop, progress=progress)

    def annotate(self, text, should_stop=None, progress=None):
        self.calls += 1
        entities: dict[str, Entity] = {}
        mentions: list[Mention] = []
        last_person = None
        spans = []
        for m in _NAME.finditer(text):
            name = m.group(0)
            if name in _STOP:
                continue
            spans.append((m.start(), m.end(), name, "name"))
        for m in _PRONOUN.finditer(text):
            spans.append((m.start(), m.end(), m.group(0), "reference"))
        spans.sort()
        for start, end, surface, kind in spans:
            if should_stop and should_stop():
                raise Cancelled()
            if kind == "name":
                cands = self.kb.lookup(surface) if self.kb is not None else []
                title = cands[0].title if cands else None
                label = (cands[0].etype if cands else "PERSON")
                label = {"OTHER": "MISC"}.get(label, label)
                key = title or surface
                if key not in entities:
                    entities[key] = Entity(
                        id=f"e{len(entities) + 1}", name=surface, label=label, kb_title=title,
                        confidence=0.9 if title else 0.0,
                        alternatives=[Alternative(c.title, 0.1) for c in cands[1:4]],
                    )
                ent = entities[key]
                if ent.label == "PERSON":
                    last_person = ent
                mentions.append(Mention(start, end, surface, "name", ent.id, 0.9,
                                        f"name of {ent.name}"))
            else:
                mentions.append(Mention(
                    start, end, surface, "reference", last_person.id if last_person else None,
                    0.6, f"'{surface}' most likely means {last_person.name}" if last_person
                    else "unclear"))
        return Annotation(text=text, entities=list(entities.values()), mentions=mentions)
