"""Views imported on their first request, not when the URLs are.

Importing the URL modules used to import every view's libraries: the FHIR models, Django REST
framework and drf-spectacular, the passkey (WebAuthn) code. Every process that reverses a URL
imports the URLs, so each web worker and each Celery worker carried some 45 MB of them before
handling anything, even when it never answers the API or a passkey page. A lazy view resolves
and reverses like the real one and imports it when it is first called.
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any

# What the URL resolver, its checks and the access-matrix test may ask of a view before it runs,
# answered without importing it; anything else imports it.
_DESCRIBED = {"view_class", "view_initkwargs", "__name__", "__qualname__"}


class LazyView:
    """``module.attribute`` (a view function), or a class-based view's ``as_view(**initkwargs)``
    when ``as_view`` is given, imported on first use.

    ``csrf_exempt`` must be said here: the CSRF middleware asks before the view is called, and
    asking must not import it. Django REST framework's views are all exempt (they check CSRF
    themselves for session-authenticated requests).
    """

    def __init__(
        self, dotted: str, *, as_view: dict[str, Any] | None = None, csrf_exempt: bool = False
    ) -> None:
        self._module, _, self._attribute = dotted.rpartition(".")
        self._as_view = as_view
        self._view: Callable | None = None
        self.csrf_exempt = csrf_exempt
        self.__module__ = self._module
        self.__name__ = self.__qualname__ = self._attribute
        self.__doc__ = f"{dotted}, imported on first use."

    def load(self) -> Callable:
        if self._view is None:
            found = getattr(import_module(self._module), self._attribute)
            self._view = found.as_view(**self._as_view) if self._as_view is not None else found
        return self._view

    def __call__(self, request, *args, **kwargs):
        return self.load()(request, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes not set above (DRF's ``cls``, ``initkwargs`` ...).
        if name.startswith("_") or name in _DESCRIBED:
            raise AttributeError(name)
        return getattr(self.load(), name)

    def __repr__(self) -> str:
        return f"<LazyView {self._module}.{self._attribute}>"


def lazy_view(dotted: str, *, csrf_exempt: bool = False) -> LazyView:
    """A view function (``module.name``), imported on its first request."""
    return LazyView(dotted, csrf_exempt=csrf_exempt)


def lazy_class_view(dotted: str, *, csrf_exempt: bool = False, **initkwargs: Any) -> LazyView:
    """A class-based view's ``as_view(**initkwargs)``, imported on its first request."""
    return LazyView(dotted, as_view=initkwargs, csrf_exempt=csrf_exempt)
