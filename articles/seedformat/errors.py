"""The one error the seed format raises, so callers can report it per file."""

from __future__ import annotations


class SeedFormatError(ValueError):
    """A seed file that cannot be read as a page: why, and on which line if known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason, line)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return self.reason if self.line is None else f"line {self.line}: {self.reason}"
