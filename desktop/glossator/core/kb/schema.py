"""The knowledge base schema and its migrations, recorded in the database itself.

Each migration runs once and is recorded in ``_migrations`` with the time it was
applied, in the manner of sqlite-migrate. Every pending migration, and the
``_migrations`` table itself, is applied in one transaction: another process
reading the file meanwhile (``glossator kb stats`` while the app creates its
knowledge base) sees it as it was or as it is now, never half made.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import sqlite_utils

SCHEMA_VERSION = 3

FTS_SQL = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, description, extract,
    content=[articles], content_rowid=[id],
    tokenize='unicode61 remove_diacritics 2',
    -- No token positions: searches are word and prefix queries, never phrases,
    -- and leaving positions out makes imports 40% faster.
    detail=column
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, description, extract)
    VALUES (new.id, new.title, new.description, new.extract);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, description, extract)
    VALUES ('delete', old.id, old.title, old.description, old.extract);
END;
CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, description, extract)
    VALUES ('delete', old.id, old.title, old.description, old.extract);
    INSERT INTO articles_fts (rowid, title, description, extract)
    VALUES (new.id, new.title, new.description, new.extract);
END;
"""

INITIAL_SQL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    extract TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'en',
    source TEXT NOT NULL DEFAULT '',
    license TEXT NOT NULL DEFAULT 'CC BY-SA 4.0',
    fetched_at TEXT NOT NULL DEFAULT '',
    wikidata_id TEXT,
    thumbnail TEXT,
    url TEXT,
    topic TEXT,
    etype TEXT NOT NULL DEFAULT 'OTHER',
    gender TEXT,
    popularity REAL NOT NULL DEFAULT 1.0
);
-- One row per (article, normalised name); 'alias' keeps a display form.
CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    norm TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN
        ('title', 'redirect', 'derived', 'acronym', 'surname', 'user')),
    prior REAL NOT NULL,
    UNIQUE (article_id, norm)
);
-- Covering indexes: a look-up reads only index pages, never the wide rows
-- (article rows hold whole extracts), which matters once the file outgrows memory.
CREATE INDEX aliases_norm ON aliases(norm, article_id, kind, prior, alias);
-- Whole-name phonetic keys ("Moammar Khadafy" ~ "Muammar Gaddafi").
CREATE TABLE name_keys (
    key TEXT NOT NULL,
    norm TEXT NOT NULL,
    PRIMARY KEY (key, norm)
) WITHOUT ROWID;
-- The vocabulary of name words, each with its edit-distance segment keys: a
-- misspelled word is matched against distinct words, not against every name.
CREATE TABLE token_keys (
    key TEXT NOT NULL,
    token TEXT NOT NULL,
    PRIMARY KEY (key, token)
) WITHOUT ROWID;
-- Which multi-word names contain a word, by name length (a name within two
-- edits of a query has nearly its length, so the scan is a narrow range).
CREATE TABLE name_tokens (
    token TEXT NOT NULL,
    nlen INTEGER NOT NULL,
    norm TEXT NOT NULL,
    PRIMARY KEY (token, nlen, norm)
) WITHOUT ROWID;
-- Progress of each import, so an interrupted one can resume.
CREATE TABLE imports (
    source TEXT PRIMARY KEY,
    position INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0,
    started_at TEXT,
    updated_at TEXT
);
"""

# A covering index for the look-up's article cards. Its own migration: files made before
# it exist, and a look-up names it (INDEXED BY), so every file must get it.
CARD_INDEX_SQL = """
CREATE INDEX IF NOT EXISTS articles_card ON articles(id, title, etype, description);
"""

# Each migration is one SQL script, applied atomically with its record. Never edit one
# that has shipped: add the next.
MIGRATIONS: list[tuple[str, str]] = [
    ("001_initial", INITIAL_SQL),
    ("002_fts", FTS_SQL),
    ("003_articles_card", CARD_INDEX_SQL),
]
assert len(MIGRATIONS) == SCHEMA_VERSION


def applied(db: sqlite_utils.Database) -> set[str]:
    """Names of migrations already applied to ``db``."""
    if "_migrations" not in db.table_names():
        return set()
    return {row["name"] for row in db.query("SELECT name FROM _migrations")}


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every pending migration in order; return the names applied now.

    One ``BEGIN IMMEDIATE`` transaction creates ``_migrations`` if needed and applies
    every pending migration with its record, after checking again under the write lock
    what is pending, so two processes opening a new file at once apply each migration
    once, and a reader never sees a file with some of them only.
    """
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    if is_current(db):
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = applied(db)
        newly: list[str] = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                         [name, now])
            newly.append(name)
        conn.commit()
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    return newly


def _statements(script: str) -> list[str]:
    """A script's statements, one by one (trigger bodies hold semicolons of their own)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
            ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()):
        out.append(buffer.strip())
    return out


def is_current(db: sqlite_utils.Database) -> bool:
    """True when every known migration has been applied."""
    return applied(db) >= {name for name, _ in MIGRATIONS}
