"""jusText loads its stop-word lists (justext/stoplists/*.txt) as package resources."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("justext")
