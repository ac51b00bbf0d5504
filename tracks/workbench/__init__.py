"""The workbench: read-only views of a Tracks app (and the few actions the CLI already has),
for the ``tracks tui`` dashboard and the ``tracks mcp`` tools alike.

Each module owns one subject and returns frozen dataclasses; nothing here prints. A failure is
a :class:`model.errors.TracksError` with a message and a hint, never a traceback. See
docs/workbench.md for the API.

- :mod:`.info`: the project (answers, providers, template version, recipe runs)
- :mod:`.recipes`: the recipes ``tracks generate`` knows and their arguments
- :mod:`.routes`: the app's routes, from its route constants and router
- :mod:`.schema`: tables, columns, indexes and row counts of the app's database
- :mod:`.migrations`: migration status and ``migrate up``, through the app's ./cmd/migrate
- :mod:`.gotest`: ``go test -json`` read into a summary
- :mod:`.logs`: the dev server's JSON request lines
- :mod:`.metrics`: the app's Prometheus endpoint: request rate and latency quantiles
- :mod:`.jobs`: the job queue's depth, jobs in flight and dead letters, per queue provider
- :mod:`.process`: run a program and see its output line by line
"""
