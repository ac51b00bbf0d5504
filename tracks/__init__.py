"""Tracks: generate and manage Go hypermedia web apps built from the Tracks Copier template."""

__version__ = "0.10.0"
