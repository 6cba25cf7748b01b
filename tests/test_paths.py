from glossator import paths


def test_env_overrides_and_data_dir_option(tmp_path, monkeypatch):
    monkeypatch.setenv("GLOSSATOR_DATA_DIR", str(tmp_path / "d"))
    assert paths.data_dir() == (tmp_path / "d").resolve()
    assert paths.user_kb_path().parent == (tmp_path / "d").resolve()
    paths.set_data_dir(tmp_path / "opt")
    assert paths.data_dir() == (tmp_path / "opt").resolve()
    monkeypatch.delenv("GLOSSATOR_CACHE_DIR")
    assert paths.cache_dir() == (tmp_path / "opt" / "cache").resolve()


def test_tests_never_touch_home():
    # conftest points every folder at pytest's temporary tree.
    for folder in (paths.data_dir(False), paths.cache_dir(False), paths.config_dir(False)):
        assert "pytest-" in str(folder)


def test_resources_are_found_from_the_source_tree():
    assert (paths.resources_dir() / "sample").is_dir()
    assert paths.sample_article_path().is_file()


def test_corrections_live_in_the_data_folder(tmp_path):
    from glossator import paths

    paths.set_data_dir(tmp_path)
    try:
        assert paths.corrections_path() == tmp_path / "corrections.json"
    finally:
        paths.set_data_dir(None)
