"""The implementations of the ``tracks`` subcommands."""
