"""The app's engine and the gazetteer's cache folder (``core/cache_folder``)."""

from __future__ import annotations

from glossator.core.kb import gazetteer as gz


def test_the_apps_engine_starts_when_the_cache_folder_cannot_be_made(tmp_path, monkeypatch,
                                                                      starter_kb):
    from glossator.gui.worker import default_engine_factory

    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    monkeypatch.setenv("GLOSSATOR_CACHE_DIR", str(blocked / "cache"))
    gz._CACHE.clear()
    engine = default_engine_factory(starter_kb)
    assert engine.gazetteer.etype("marie curie") == "PERSON"
    gz._CACHE.clear()
