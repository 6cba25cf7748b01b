"""tld (used by courlan) reads the public-suffix list shipped in tld/res; not its tests."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("tld", excludes=["**/tests/**"])
