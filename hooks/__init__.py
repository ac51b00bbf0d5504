"""Post-generation work for Tracks apps, run by Copier's `_tasks` and `_migrations`.

`tasks.py` is the entry point (one step per call: sqlc-generate, templ-generate, go-mod-tidy,
git-init, wire, regenerate); `codegen.py` runs the generators, `wiring.py` keeps recipe lines
between marker comments, `gitinit.py` makes the first commit, `project.py` tells the real
project from Copier's temporary renders, and `runner.py` is the one command runner (the CLI
uses it too). The hooks import `model`, never the `tracks` CLI.
"""
