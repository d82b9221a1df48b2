"""The eligibility back ends, chosen by ``DOORWAY_ELIGIBILITY_BACKEND``.

``manual`` (the default) has no back end here: staff call the payer and record what it said.
The others reach a clearinghouse over HTTPS, each in its own protocol. Each is imported when a
check first uses it: the X12 library and its models weigh some 18 MB, which no process that
never sends an electronic check should carry.
"""

from importlib import import_module

from django.conf import settings

from benefits.backends.base import ElectronicBackend, Outgoing, Unreadable
from benefits.choices import BackEnd

# Each electronic back end's class, as ``module.Class``.
ELECTRONIC: dict[str, str] = {
    BackEnd.X12: "benefits.backends.x12.X12Backend",
    BackEnd.JSON: "benefits.backends.json.JsonBackend",
}

__all__ = [
    "ELECTRONIC",
    "ElectronicBackend",
    "Outgoing",
    "Unreadable",
    "backend_class",
    "configured",
    "named",
]


def configured() -> str:
    """The back end the centre chose."""
    return settings.DOORWAY_ELIGIBILITY_BACKEND


def backend_class(name: str) -> type:
    """The class of the electronic back end called ``name`` (KeyError for ``manual`` or an
    unknown name), imported the first time it is asked for."""
    module, _, attribute = ELECTRONIC[name].rpartition(".")
    return getattr(import_module(module), attribute)


def named(name: str) -> ElectronicBackend:
    """The electronic back end called ``name`` (KeyError for ``manual`` or an unknown name)."""
    return backend_class(name)()
