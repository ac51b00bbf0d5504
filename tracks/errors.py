"""The one exception type the CLI turns into an ``error:``/``hint:`` message and an exit code."""

from __future__ import annotations


class TracksError(Exception):
    """A failure to report to the user without a traceback.

    ``exit_code`` is 2 for usage errors and bad input (nothing was written) and 1 when a step
    (a command, a check, a template task) failed.
    """

    def __init__(self, message: str, hint: str | None = None, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
