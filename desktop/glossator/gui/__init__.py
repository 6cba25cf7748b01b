"""The PySide6 desktop reader: a thin layer over glossator.core."""
