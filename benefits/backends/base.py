"""What every electronic back end offers: build the request, read the answer."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from benefits.eligibility import Inquiry, Reply


class Unreadable(ValueError):
    """Not an eligibility answer; ``reason`` says what was wrong (never any personal data).

    ``mismatch`` is set when the answer is readable but about another inquiry.
    """

    def __init__(self, reason: str, *, mismatch: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.mismatch = mismatch


@dataclass(frozen=True)
class Outgoing:
    """A request ready to post to the clearinghouse."""

    body: bytes
    content_type: str


class ElectronicBackend(Protocol):
    """A clearinghouse protocol. ``control_number`` is unique per check (its id)."""

    def build(self, inquiry: Inquiry, *, control_number: int, created: datetime) -> Outgoing: ...

    def read(self, body: bytes, *, trace: str, control_number: int, dependent: bool) -> Reply: ...
