"""The eligibility back ends, chosen by ``DOORWAY_ELIGIBILITY_BACKEND``.

``manual`` (the default) has no back end here: staff call the payer and record what it said.
The others reach a clearinghouse over HTTPS, each in its own protocol.
"""

from django.conf import settings

from benefits.backends.base import ElectronicBackend, Outgoing, Unreadable
from benefits.backends.json import JsonBackend
from benefits.backends.x12 import X12Backend
from benefits.choices import BackEnd

ELECTRONIC: dict[str, type] = {BackEnd.X12: X12Backend, BackEnd.JSON: JsonBackend}

__all__ = ["ELECTRONIC", "ElectronicBackend", "Outgoing", "Unreadable", "configured", "named"]


def configured() -> str:
    """The back end the centre chose."""
    return settings.DOORWAY_ELIGIBILITY_BACKEND


def named(name: str) -> ElectronicBackend:
    """The electronic back end called ``name`` (KeyError for ``manual`` or an unknown name)."""
    return ELECTRONIC[name]()
