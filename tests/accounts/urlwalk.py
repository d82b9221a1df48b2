"""Every URL pattern of the project, with the rule its view carries (``accounts.decorators``)."""

import re
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.permissions import Perm

# Where staff pages live: every URL under these must name a rule.
STAFF_PREFIXES = ("staff/", "admin/", "api/")
ADMIN = "admin"
API_PREFIX = "api/"
# The API's own documents: its schema, its docs page and its JSON 404. Every other API
# operation names the key scope it needs (``required_scopes`` on its view).
PUBLIC_API = ("handoff:schema", "handoff:api_docs", "handoff:api_not_found")


@dataclass(frozen=True)
class Url:
    name: str
    route: str
    permission: Perm | None
    entrance: bool
    api_scopes: tuple[str, ...] = ()

    @property
    def is_staff(self) -> bool:
        return self.route.lstrip("^").startswith(STAFF_PREFIXES)

    @property
    def is_admin_site(self) -> bool:
        return self.name.startswith(f"{ADMIN}:")

    @property
    def is_api(self) -> bool:
        """Called by integrations with an API key, never with a staff session."""
        return self.route.lstrip("^").startswith(API_PREFIX)

    @property
    def rule(self) -> Perm | str | None:
        if self.entrance:
            return "entrance"
        if self.is_admin_site:
            return admin.site.permission
        if self.is_api:
            if self.name in PUBLIC_API:
                return "public API document"
            return f"API key scopes {self.api_scopes}" if self.api_scopes else None
        return self.permission

    def path(self, values: dict[str, str]) -> str:
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], self.route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)
        return "/" + path.replace("^", "").replace("$", "")

    def __str__(self) -> str:
        return self.name or self.route


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = entry.callback
            yield Url(
                name=f"{namespace}{entry.name or ''}",
                route=prefix + str(entry.pattern),
                permission=getattr(view, "doorway_permission", None),
                entrance=getattr(view, "doorway_entrance", False),
                api_scopes=tuple(
                    sorted(set(getattr(getattr(view, "cls", None), "required_scopes", {}).values()))
                ),
            )


def every_url() -> list[Url]:
    return list(_walk(get_resolver()))


def staff_urls() -> list[Url]:
    """Staff URLs that are not ways in, outside the admin site: each guarded by a permission."""
    return [
        url
        for url in every_url()
        if url.is_staff and not url.entrance and not url.is_admin_site and not url.is_api
    ]


def api_urls() -> list[Url]:
    """API operations that need a key (the public documents left out)."""
    return [url for url in every_url() if url.is_api and url.api_scopes]


def admin_urls() -> list[Url]:
    return [url for url in every_url() if url.is_admin_site]
