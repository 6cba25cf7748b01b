"""thinc for the bundle: its modules without the tests, and its dist-info (registries)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

hiddenimports = collect_submodules("thinc", filter=lambda name: ".tests" not in name)
datas = collect_data_files("thinc", excludes=["**/tests/**", "**/*.pyx", "**/*.pxd",
                                              "**/*.cpp", "**/*.h"])
datas += copy_metadata("thinc")
excludedimports = ["thinc.tests"]
