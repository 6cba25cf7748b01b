"""trafilatura reads settings.cfg and its data folder at import time."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("trafilatura")
