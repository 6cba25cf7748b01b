"""spaCy for the bundle: every module but the tests and the languages other than English.

Replaces the contrib hook, which collects all of ``spacy`` (tests and 70 languages). The
registries are filled through entry points, so the dist-info is collected too.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

KEEP_LANGS = ("en", "xx")


def _wanted(name: str) -> bool:
    parts = name.split(".")
    if "tests" in parts:
        return False
    if len(parts) >= 3 and parts[1] == "lang":
        return parts[2] in KEEP_LANGS or not _is_lang_package(parts[2])
    return True


def _is_lang_package(part: str) -> bool:
    # Language packages are two- or three-letter codes; the rest of spacy.lang is shared code.
    return len(part) <= 3 and part.isalpha() and part.islower()


hiddenimports = collect_submodules("spacy", filter=_wanted)
datas = [
    (src, dest)
    for src, dest in collect_data_files("spacy", excludes=["**/tests/**", "**/*.pyx",
                                                           "**/*.pxd", "**/*.cpp", "**/*.h"])
    if not dest.startswith("spacy/lang/") or dest.split("/")[2] in KEEP_LANGS
    or not _is_lang_package(dest.split("/")[2])
]
datas += copy_metadata("spacy")
excludedimports = ["spacy.tests"]
