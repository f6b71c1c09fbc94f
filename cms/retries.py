"""How background work that talks to the outside world (a mail server, a
webhook receiver) is retried: how often, and how long to wait in between."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Backoff:
    """After failed attempt ``n`` (counted from 1) the next waits ``first`` ×
    2ⁿ⁻¹, at most ``longest``; there are ``max_attempts`` in all."""

    first: timedelta
    longest: timedelta = timedelta(hours=1)
    max_attempts: int = 8

    def delay(self, attempt: int) -> timedelta:
        return min(self.first * 2 ** (attempt - 1), self.longest)

    def gives_up_after(self, attempt: int) -> bool:
        """Whether failed attempt ``attempt`` was the last one."""
        return attempt >= self.max_attempts
