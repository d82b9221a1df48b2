"""Whether a program's hours and days fit its level of care and its audience.

The limits come from the ASAM Criteria and SAMHSA TIP 47 (see the clinical reference): outpatient
is under 9 hours a week for adults and under 6 for under-18s; intensive outpatient is 9-19 hours
for adults and 6-19 for under-18s, over 3 to 5 days; residential and inpatient care are 24-hour.
A program for both adults and adolescents must fit both sets of limits.

Every broken rule is reported at once, keyed by the field to fix, so staff correct a program in
one pass.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# Levels and audiences by key, so this module does not depend on the model that uses it.
OUTPATIENT, IOP, RESIDENTIAL, INPATIENT = "outpatient", "iop", "residential", "inpatient"
ADULTS, ADOLESCENTS, BOTH = "adults", "adolescents", "both"
TWENTY_FOUR_HOUR_LEVELS = (RESIDENTIAL, INPATIENT)
HOURS_IN_A_WEEK = Decimal(168)

# Outpatient: strictly under this many hours a week.
OUTPATIENT_UNDER = {ADULTS: Decimal(9), ADOLESCENTS: Decimal(6), BOTH: Decimal(6)}
# Intensive outpatient: at least this many hours a week ...
IOP_AT_LEAST = {ADULTS: Decimal(9), ADOLESCENTS: Decimal(6), BOTH: Decimal(9)}
# ... and at most this many (20 or more is partial hospitalization, which is not listed).
IOP_AT_MOST = Decimal(19)
IOP_DAYS = (3, 5)


def schedule_problems(
    *, level: str, audience: str, hours_per_week: Decimal | None, days_per_week: int | None
) -> dict[str, list[str]]:
    """Every way the hours and days break the level's limits, as ``{field: [messages]}``.

    Empty when the schedule fits. Unknown levels or audiences and missing values are left to the
    fields' own validation.
    """
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if hours_per_week is not None and level in (OUTPATIENT, IOP) and audience in IOP_AT_LEAST:
        hours = Decimal(hours_per_week)
        if hours <= 0:
            add("hours_per_week", _("Hours per week must be more than 0."))
        elif level == OUTPATIENT and hours >= OUTPATIENT_UNDER[audience]:
            add("hours_per_week", _outpatient_limit_message(audience))
        elif level == IOP and hours < IOP_AT_LEAST[audience]:
            add("hours_per_week", _iop_minimum_message(audience))
        elif level == IOP and hours > IOP_AT_MOST:
            add(
                "hours_per_week",
                _(
                    "Intensive outpatient runs at most 19 hours a week. 20 hours or more is "
                    "partial hospitalization, which is not listed here."
                ),
            )
    if (
        hours_per_week is not None
        and level in TWENTY_FOUR_HOUR_LEVELS
        and Decimal(hours_per_week) != HOURS_IN_A_WEEK
    ):
        add(
            "hours_per_week",
            _(
                "Residential and inpatient care are 24-hour care: enter 168 hours a week "
                "(24 hours, 7 days)."
            ),
        )
    if days_per_week is not None:
        if not 1 <= days_per_week <= 7:
            add("days_per_week", _("Days per week must be between 1 and 7."))
        elif level == IOP and not IOP_DAYS[0] <= days_per_week <= IOP_DAYS[1]:
            add("days_per_week", _("Intensive outpatient meets 3 to 5 days a week."))
        elif level in TWENTY_FOUR_HOUR_LEVELS and days_per_week != 7:
            add("days_per_week", _("Residential and inpatient care run 7 days a week."))
    return problems


def _outpatient_limit_message(audience: str) -> str:
    if audience == ADULTS:
        return _(
            "Outpatient programs for adults run under 9 hours a week. 9 hours or more is "
            "intensive outpatient."
        )
    if audience == ADOLESCENTS:
        return _(
            "Outpatient programs for adolescents run under 6 hours a week. 6 hours or more is "
            "intensive outpatient."
        )
    return _(
        "A program for adults and adolescents must fit the adolescent limit: outpatient runs "
        "under 6 hours a week."
    )


def _iop_minimum_message(audience: str) -> str:
    if audience == ADOLESCENTS:
        return _(
            "Intensive outpatient for adolescents needs at least 6 hours a week. Fewer hours is "
            "outpatient."
        )
    if audience == ADULTS:
        return _(
            "Intensive outpatient for adults needs at least 9 hours a week. Fewer hours is "
            "outpatient."
        )
    return _(
        "A program for adults and adolescents must fit the adult limit: intensive outpatient "
        "needs at least 9 hours a week."
    )
