"""The knowledge base changes under a running app (issue 13): the REAL engine, real files.

The worker is made with its default factories (``live_window`` in conftest: the user
knowledge base in the test's data folder, a copy of the starter pack named by
``GLOSSATOR_STARTER_KB``, the real spaCy engine), as the app makes it. Before the fix,
every analysis after Knowledge > Rebuild starter pack failed with "Cannot operate on a
closed database", and imported articles were not used until a restart.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from glossator.core.kb import SummaryRecord
from glossator.gui.operations import ImportFile, RebuildStarter
from tests.gui.conftest import make_document, open_and_wait, wait_reanalysed

TEXT = ("# News\n\n"
        "Zelvana Okonkwo met the economist Ines Borg in Paris on Monday. Okonkwo said the "
        "talks went well.\n")


def _title_of(window, name: str) -> str | None:
    state = window.state
    mention = window.reader.mention_at(state.document.text.index(name))
    assert mention is not None, name
    return state.entity_of(mention).kb_title


def test_rebuild_starter_then_analyse_uses_the_new_file(qtbot, live_window, monkeypatch):
    window, starter = live_window
    open_and_wait(qtbot, window, make_document(TEXT))
    assert _title_of(window, "Paris") == "Paris"
    assert _title_of(window, "Zelvana Okonkwo") is None
    old_engine = window.worker.worker.engine

    def rebuilt(out, *, source=None, progress=None):
        """The starter pack built again, now with one more article (fast, same steps)."""
        from glossator.core.kb.store import KBLayer

        out = Path(out)
        tmp = out.with_name(out.name + ".building")
        shutil.copy(starter, tmp)
        layer = KBLayer(tmp, name="starter")
        layer.upsert([SummaryRecord(
            title="Zelvana Okonkwo", description="Nigerian diplomat",
            extract="Zelvana Okonkwo is a Nigerian diplomat who led the Paris talks.")])
        layer.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        layer.close()
        os.replace(tmp, out)
        return {"articles": 10_034, "seconds": 0.1}

    monkeypatch.setattr("glossator.core.kb.starter.build_starter", rebuilt)
    wait_reanalysed(qtbot, window, lambda: window.worker.run(RebuildStarter()))
    worker = window.worker.worker
    assert worker.engine is old_engine  # the model is not loaded again
    assert worker.engine.kb is worker.kb and worker.engine.linker.kb is worker.kb
    assert _title_of(window, "Paris") == "Paris"  # no "closed database"
    assert _title_of(window, "Zelvana Okonkwo") == "Zelvana Okonkwo"
    assert _title_of(window, "Okonkwo") == "Zelvana Okonkwo"
    # Look-ups use the new handle too.
    assert window.state.articles["Zelvana Okonkwo"].description == "Nigerian diplomat"
    # Names no analysis has looked up yet (no cache can hide a closed handle).
    other = "# Visit\n\nAngela Merkel flew to Warsaw, then to Lisbon.\n"
    state = open_and_wait(qtbot, window, make_document(other))
    assert state.finished, window.status_label.text()
    assert _title_of(window, "Angela Merkel") == "Angela Merkel"
    assert _title_of(window, "Lisbon") == "Lisbon"


def test_import_then_analyse_uses_the_new_articles(qtbot, live_window, tmp_path):
    window, _starter = live_window
    open_and_wait(qtbot, window, make_document(TEXT))
    assert _title_of(window, "Ines Borg") is None
    src = tmp_path / "extra.jsonl"
    rows = [{"title": "Ines Borg", "description": "Swedish economist",
             "extract": "Ines Borg is a Swedish economist who studies fuel prices."}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    wait_reanalysed(qtbot, window, lambda: window.worker.run(ImportFile(str(src))))
    assert _title_of(window, "Ines Borg") == "Ines Borg"
    assert _title_of(window, "Paris") == "Paris"
    # What the text says stays beside the new summary.
    state = window.state
    borg = state.entity_of(window.reader.mention_at(TEXT.index("Ines Borg")))
    assert ("role", "economist") in [(d.kind, d.text) for d in borg.descriptors]


def test_online_fill_then_analyse_uses_the_fetched_summary(qtbot, live_window, monkeypatch):
    from tests.core.kb.fakewiki import FakeWiki, Page

    window, _starter = live_window
    open_and_wait(qtbot, window, make_document(TEXT))
    assert _title_of(window, "Zelvana Okonkwo") is None
    page = Page("Zelvana Okonkwo", 4242, "Zelvana Okonkwo is a Nigerian diplomat.",
                "Nigerian diplomat")
    with FakeWiki([page]) as fake:
        monkeypatch.setenv("GLOSSATOR_WIKIPEDIA_API", fake.url)
        window.settings.online = True
        wait_reanalysed(qtbot, window, window.make_offline)
        assert "Zelvana Okonkwo" in fake.titles_requested()
    assert _title_of(window, "Zelvana Okonkwo") == "Zelvana Okonkwo"
    assert window.state.articles["Zelvana Okonkwo"].layer == "user"
