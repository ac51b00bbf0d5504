"""The versions the template pins, in one place.

copier.yml takes its computed answers from here (``{{ versions.go }}``, through
``extensions/model.py``), the templates read those answers, and the hooks and the CLI import
this module for their hints and checks, so a version is written down once.
"""

from __future__ import annotations

from typing import Final

#: The Go floor of a generated app: goose v3.29.0 requires Go 1.26 (net/http's
#: CrossOriginProtection alone would need 1.25.1).
GO: Final = "1.26.0"
#: templ, a `go tool` of the app (its go.mod pins it) and the generator the hooks run.
TEMPL: Final = "v0.3.977"
#: golangci-lint for `make lint`; not a `go tool`, or its dependencies would join the app's
#: module graph.
GOLANGCI_LINT: Final = "v2.15.0"

#: What the templates see as ``versions``.
ALL: Final = {"go": GO, "templ": TEMPL, "golangci_lint": GOLANGCI_LINT}


def go_floor() -> str:
    """``1.26`` from ``1.26.0``: the minor version `go env GOVERSION` must reach."""
    return ".".join(GO.split(".")[:2])


GO_HINT: Final = f"install Go {go_floor()} or newer from https://go.dev/dl/"
