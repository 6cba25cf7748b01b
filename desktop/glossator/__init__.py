"""Glossator: a desktop reading assistant that explains names and unclear references."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("glossator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
