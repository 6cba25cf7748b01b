"""Frozen entry point of the console twin: ``glossator annotate``, ``kb``, ``--self-test``."""

import sys

from glossator.cli import main

if __name__ == "__main__":
    sys.exit(main())
