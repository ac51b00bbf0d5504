"""Post-generation work for Tracks apps: code generation, git init and (later) wiring.

Each module does one job and exposes plain functions; `tasks.py` is the entry point Copier's
`_tasks` call, one step per call.
"""
