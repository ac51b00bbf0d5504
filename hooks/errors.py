"""The one error type of the hooks: a message for the user and a hint how to fix it."""

from __future__ import annotations


class HookError(Exception):
    """A step failed in a way the user can act on."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        text = f"error: {self.message}"
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text
