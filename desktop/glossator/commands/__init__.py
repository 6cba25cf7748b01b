"""Sub-commands of the ``glossator`` command, one module each."""
