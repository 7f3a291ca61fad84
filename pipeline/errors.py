"""Domain errors. Library code raises them naming the input; only the CLI turns them into exit codes."""

from __future__ import annotations


class ReviewxError(Exception):
    """Base of every error reviewx reports to a user."""


class InputError(ReviewxError):
    """An input file that cannot become a document: the message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LimitExceeded(InputError):
    """A document that needs more time or memory than its budget."""
