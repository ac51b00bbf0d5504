"""The one exception type of Tracks: the template's hooks and the CLI raise it, and both turn
it into an ``error:``/``hint:`` message and an exit code, never a traceback."""

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

    def render(self) -> str:
        """The message as the user sees it: ``error: ...`` and, when there is one, ``hint: ...``."""
        text = f"error: {self.message}"
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text
