"""Frozen entry point of the windowed executable: the same dispatcher, no console window."""

import sys

from glossator.cli import main

if __name__ == "__main__":
    sys.exit(main())
