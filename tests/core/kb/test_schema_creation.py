"""Creating a knowledge base is one transaction, so a reader never sees it half made (issue 15)."""

from __future__ import annotations

import sqlite3

from glossator.core.kb import KBLayer, KnowledgeBase, schema


def test_all_pending_migrations_are_one_transaction(tmp_path, monkeypatch):
    """A reader looking while the file is made sees nothing yet, never `_migrations` alone."""
    path = tmp_path / "user.sqlite"
    seen: list[set[str]] = []
    made = schema._statements

    def look(script):
        reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        seen.append({r[0] for r in reader.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")})
        reader.close()
        return made(script)

    monkeypatch.setattr(schema, "_statements", look)
    layer = KBLayer(path)
    assert len(seen) == len(schema.MIGRATIONS)
    assert all(tables == set() for tables in seen)
    assert schema.is_current(layer.db)
    layer.close()


def test_a_creation_stopped_after_the_migrations_table_is_finished(tmp_path, starter_kb_path):
    """Earlier code made `_migrations` on its own first; such a file is Glossator's own."""
    path = tmp_path / "user.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.commit()
    conn.close()
    notices: list[str] = []
    with KnowledgeBase.open(path, starter_kb_path, readonly=True,
                            on_notice=notices.append) as kb:
        assert [layer.name for layer in kb.layers] == ["user", "starter"]
    assert notices == []
    with KnowledgeBase.open(path, starter_kb_path) as kb:
        assert kb.stats()["user"]["articles"] == 0
