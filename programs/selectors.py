"""Reads of the catalog for the public pages and the admin."""

from django.db.models import Q, QuerySet

from programs.models import Audience, Program

# A listing never loads more rows than this, however large the catalog grows.
LIST_LIMIT = 200


def has_choice(field: str, key: str) -> Q:
    """Programs whose JSON list ``field`` holds ``key``.

    JSON containment (``__contains``) is PostgreSQL-only; matching the quoted key in the list's
    text works on SQLite and PostgreSQL alike. Keys are validated choice keys, so the quotes make
    the match exact (``"es"`` cannot match inside another key).
    """
    return Q(**{f"{field}__icontains": f'"{key}"'})


def program_list(*, filters: dict[str, str] | None = None) -> QuerySet[Program]:
    """Programs for the public list, filtered and in name order, in one query.

    ``filters`` (each optional, already validated): ``level``, ``audience`` ("adults" or
    "adolescents"; programs for both count for either), ``schedule`` and ``language``.
    """
    filters = filters or {}
    programs = Program.objects.all()
    if filters.get("level"):
        programs = programs.filter(level=filters["level"])
    if filters.get("audience"):
        programs = programs.filter(audience__in=[filters["audience"], Audience.BOTH])
    if filters.get("schedule"):
        programs = programs.filter(has_choice("schedules", filters["schedule"]))
    if filters.get("language"):
        programs = programs.filter(has_choice("languages", filters["language"]))
    return programs.order_by("name", "pk")[:LIST_LIMIT]
