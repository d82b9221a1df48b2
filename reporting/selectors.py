"""The reporting page's reads: sums of the daily figures for a range of days, shaped into
tables (and the charts drawn from them). A handful of queries, whatever the number of leads.
"""

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Max, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from admissions.models import HeardAbout, Language, Priority, Source
from admissions.selectors import escalation_deadlines
from programs.models import Level
from reporting.aggregates import WAIT_BUCKETS
from reporting.charts import Chart, Series
from reporting.models import BuiltDay, DailyFigure

Figures = dict[tuple[str, str, str], int]


@dataclass
class Table:
    """One table of the page, and of its CSV: a header row and rows of display values."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[str | int]]
    chart: Chart | None = None
    note: str = ""


@dataclass
class Report:
    start: date
    end: date
    built_at: datetime | None
    sections: list[tuple[str, list[Table]]] = field(default_factory=list)

    def table(self, slug: str) -> Table | None:
        for _title, tables in self.sections:
            for table in tables:
                if table.slug == slug:
                    return table
        return None


def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage; "—" when there is no whole."""
    if not whole:
        return "—"
    return f"{round(100 * part / whole)}%"


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def _sums(start: date, end: date) -> Figures:
    rows = (
        DailyFigure.objects.filter(day__gte=start, day__lte=end)
        .values_list("dimension", "key", "measure")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(dimension, key, measure): total for dimension, key, measure, total in rows}


def _weekly(start: date, end: date) -> dict[date, Figures]:
    wanted = Q(dimension="all") | Q(dimension="channel", key=Source.WEB) | Q(dimension="priority")
    rows = (
        DailyFigure.objects.filter(wanted, day__gte=start, day__lte=end)
        .annotate(week=TruncWeek("day"))
        .values_list("week", "dimension", "key", "measure")
        .annotate(total=Sum("value"))
        .order_by()
    )
    weeks: dict[date, Figures] = defaultdict(dict)
    for week, dimension, key, measure, total in rows:
        week = week.date() if isinstance(week, datetime) else week
        weeks[week][(dimension, key, measure)] = total
    return weeks


def _week_starts(start: date, end: date) -> list[date]:
    week = start - timedelta(days=start.weekday())
    weeks = []
    while week <= end:
        weeks.append(week)
        week += timedelta(days=7)
    return weeks


# --- Figures read from the sums -------------------------------------------------------------


def _get(figures: Figures, dimension: str, key: str, measure: str) -> int:
    return figures.get((dimension, key, measure), 0)


def _web(figures: Figures, measure: str) -> int:
    return _get(figures, "channel", Source.WEB, measure)


def funnel_counts(figures: Figures) -> list[tuple[str, str, int]]:
    """(slug, label, count) for each step, in order. "Finished" is the screenings that ended
    with a request to be contacted and those that ended with the result only."""
    return [
        ("started", _("Screenings started"), _get(figures, "all", "", "started")),
        (
            "finished",
            _("Screenings finished"),
            _web(figures, "leads") + _get(figures, "all", "", "result_only"),
        ),
        ("asked", _("Asked to be contacted"), _web(figures, "leads")),
        ("reached", _("Reached"), _web(figures, "reached")),
        ("booked", _("Assessment booked"), _web(figures, "booked")),
        ("assessed", _("Assessed"), _web(figures, "assessed")),
        ("admitted", _("Admitted"), _web(figures, "admitted")),
        ("referred_out", _("Referred out"), _web(figures, "referred_out")),
    ]


def _funnel_table(figures: Figures) -> Table:
    steps = funnel_counts(figures)
    first = steps[0][2]
    rows: list[list[str | int]] = []
    previous = None
    for slug, label, count in steps:
        # Referred out is a way out beside admission: its rate is of those reached.
        base = _web(figures, "reached") if slug == "referred_out" else previous
        rows.append(
            [label, count, "—" if base is None else share(count, base), share(count, first)]
        )
        if slug != "referred_out":
            previous = count
    chart = Chart(
        slug="funnel",
        title=_("From screening to care"),
        kind="bar",
        x_label=_("Step"),
        y_label=_("People"),
        categories=tuple(label for _slug, label, _count in steps),
        series=(Series(_("People"), tuple(count for *_rest, count in steps)),),
    )
    return Table(
        slug="funnel",
        title=_("Funnel: screenings on the web to admission"),
        columns=[_("Step"), _("People"), _("Rate from the step before"), _("Share of started")],
        rows=rows,
        chart=chart,
        note=_(
            "Leads are counted on the day they arrived, with what has happened to them since. "
            "Referred out is a rate of those reached."
        ),
    )


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes % 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(hours)d h") % {"hours": minutes // 60}


def bucket_labels() -> list[str]:
    return [_("15 min or less"), _("15 to 60 min"), _("1 to 4 h"), _("4 to 24 h"), _("Over 24 h")]


def _speed_tables(
    figures: Figures, weeks: dict[date, Figures], week_starts: list[date]
) -> list[Table]:
    deadlines = escalation_deadlines()
    rows: list[list[str | int]] = []
    distribution = []
    for priority in Priority:
        leads = _get(figures, "priority", priority, "leads")
        contacted = _get(figures, "priority", priority, "contacted")
        on_time = _get(figures, "priority", priority, "on_time")
        buckets = [_get(figures, "priority", priority, name) for name, _upper in WAIT_BUCKETS]
        distribution.append(Series(str(priority.label), tuple(buckets)))
        rows.append(
            [
                str(priority.label),
                _minutes(deadlines[priority]),
                leads,
                contacted,
                on_time,
                share(on_time, leads),
                *buckets,
                leads - contacted,
            ]
        )
    speed = Table(
        slug="speed",
        title=_("Speed to lead: time to first contact by priority"),
        columns=[
            _("Priority"),
            _("Deadline"),
            _("Leads"),
            _("Contacted"),
            _("Within the deadline"),
            _("Share within the deadline"),
            *bucket_labels(),
            _("Not yet contacted"),
        ],
        rows=rows,
        chart=Chart(
            slug="speed",
            title=_("Time to first contact"),
            kind="bar",
            x_label=_("Time to first contact"),
            y_label=_("Leads"),
            categories=tuple(bucket_labels()),
            series=tuple(distribution),
        ),
        note=_("The share within the deadline is of every lead, contacted or not."),
    )
    labels = [date_format(week, "SHORT_DATE_FORMAT") for week in week_starts]
    weekly_rows: list[list[str | int]] = []
    series = []
    for priority in Priority:
        values = []
        for week in week_starts:
            week_figures = weeks.get(week, {})
            leads = _get(week_figures, "priority", priority, "leads")
            values.append(_percent(_get(week_figures, "priority", priority, "on_time"), leads))
        series.append(Series(str(priority.label), tuple(values)))
    for index, week in enumerate(week_starts):
        week_figures = weeks.get(week, {})
        weekly_rows.append(
            [labels[index]]
            + [
                share(
                    _get(week_figures, "priority", p, "on_time"),
                    _get(week_figures, "priority", p, "leads"),
                )
                for p in Priority
            ]
        )
    on_time = Table(
        slug="speed_weekly",
        title=_("Share within the deadline, by week"),
        columns=[_("Week starting"), *[str(p.label) for p in Priority]],
        rows=weekly_rows,
        chart=Chart(
            slug="speed_weekly",
            title=_("Share within the deadline, by week"),
            kind="line",
            x_label=_("Week starting"),
            y_label=_("Share within the deadline"),
            categories=tuple(labels),
            series=tuple(series),
            percent=True,
        ),
    )
    return [speed, on_time]


def _labeller(dimension: str, names: dict[str, str]):
    choices = {
        "channel": dict(Source.choices),
        "heard_about": dict(HeardAbout.choices),
        "level": dict(Level.choices),
        "language": dict(Language.choices),
        "priority": dict(Priority.choices),
    }.get(dimension)

    def label(key: str) -> str:
        if dimension == "counsellor":
            return names.get(key, _("Unassigned") if not key else _("Former counsellor"))
        if choices is not None:
            return str(choices.get(key, key))
        return key or _("None recorded")

    return label


def _keys(figures: Figures, dimension: str) -> list[str]:
    """The keys of ``dimension`` that have any figure, the busiest first."""
    leads: dict[str, int] = defaultdict(int)
    for (dim, key, measure), value in figures.items():
        if dim == dimension:
            leads[key] += value if measure in ("leads", "started", "result_only") else 0
    return sorted(leads, key=lambda key: (-leads[key], key))


def _dimension_table(
    figures: Figures, dimension: str, title: str, heading: str, names: dict[str, str]
) -> Table:
    label = _labeller(dimension, names)
    attribution = dimension in ("utm_source", "utm_medium", "utm_campaign", "referrer")
    columns = [heading]
    if attribution:
        columns += [_("Screenings started"), _("Result only")]
    columns += [_("Leads"), _("Reached"), _("Assessment booked"), _("Admitted"), _("Referred out")]
    columns += [_("Share within the deadline")]
    rows: list[list[str | int]] = []
    for key in _keys(figures, dimension):
        row: list[str | int] = [label(key)]
        if attribution:
            row += [
                _get(figures, dimension, key, "started"),
                _get(figures, dimension, key, "result_only"),
            ]
        leads = _get(figures, dimension, key, "leads")
        row += [leads] + [
            _get(figures, dimension, key, m)
            for m in ("reached", "booked", "admitted", "referred_out")
        ]
        row.append(share(_get(figures, dimension, key, "on_time"), leads))
        rows.append(row)
    top = rows[:10]
    lead_column = columns.index(_("Leads"))
    chart = Chart(
        slug=dimension,
        title=title,
        kind="bar",
        x_label=heading,
        y_label=_("Leads"),
        categories=tuple(str(row[0]) for row in top),
        series=(
            Series(_("Leads"), tuple(float(row[lead_column]) for row in top)),
            Series(_("Admitted"), tuple(float(row[lead_column + 3]) for row in top)),
        ),
    )
    return Table(slug=dimension, title=title, columns=columns, rows=rows, chart=chart)


def _result_only_tables(figures: Figures) -> list[Table]:
    total = _get(figures, "all", "", "result_only")
    by_level = [
        [
            str(name),
            _get(figures, "level", value, "result_only"),
            share(_get(figures, "level", value, "result_only"), total),
        ]
        for value, name in Level.choices
    ]
    by_language = [
        [str(name), _get(figures, "language", value, "result_only")]
        for value, name in Language.choices
    ]
    level_table = Table(
        slug="result_only",
        title=_("Screenings that ended with the result only, by level of care"),
        columns=[_("Level of care"), _("Screenings"), _("Share")],
        rows=[*by_level, [_("All levels"), total, share(total, total)]],
        chart=Chart(
            slug="result_only",
            title=_("Result only, by level of care"),
            kind="bar",
            x_label=_("Level of care"),
            y_label=_("Screenings"),
            categories=tuple(row[0] for row in by_level),
            series=(Series(_("Screenings"), tuple(float(row[1]) for row in by_level)),),
        ),
        note=_("The people the centre did not reach: they saw their result and left no contact."),
    )
    language_table = Table(
        slug="result_only_language",
        title=_("Result only, by language"),
        columns=[_("Language"), _("Screenings")],
        rows=by_language,
    )
    return [level_table, language_table]


def _trend_table(weeks: dict[date, Figures], week_starts: list[date]) -> Table:
    labels = [date_format(week, "SHORT_DATE_FORMAT") for week in week_starts]
    measures = [
        (_("Screenings started"), lambda f: _get(f, "all", "", "started")),
        (_("Asked to be contacted"), lambda f: _web(f, "leads")),
        (_("Result only"), lambda f: _get(f, "all", "", "result_only")),
        (_("All leads"), lambda f: _get(f, "all", "", "leads")),
        (_("Reached"), lambda f: _get(f, "all", "", "reached")),
        (_("Admitted"), lambda f: _get(f, "all", "", "admitted")),
    ]
    rows: list[list[str | int]] = []
    for index, week in enumerate(week_starts):
        figures = weeks.get(week, {})
        leads = _get(figures, "all", "", "leads")
        rows.append(
            [labels[index]]
            + [read(figures) for _name, read in measures]
            + [share(_get(figures, "all", "", "on_time"), leads)]
        )
    series = tuple(
        Series(name, tuple(float(read(weeks.get(week, {}))) for week in week_starts))
        for name, read in measures
    )
    return Table(
        slug="weekly",
        title=_("Trends by week"),
        columns=[
            _("Week starting"),
            *[name for name, _read in measures],
            _("Share within the deadline"),
        ],
        rows=rows,
        chart=Chart(
            slug="weekly",
            title=_("Trends by week"),
            kind="line",
            x_label=_("Week starting"),
            y_label=_("People"),
            categories=tuple(labels),
            series=series,
        ),
    )


def _counsellor_names(figures: Figures, *, named: bool) -> dict[str, str]:
    """Counsellors by name for supervisors; by number for analysts, who see no person."""
    ids = {int(key) for (dim, key, _m) in figures if dim == "counsellor" and key.isdigit()}
    if not named:
        return {str(pk): _("Counsellor %(number)d") % {"number": pk} for pk in ids}
    users = get_user_model().objects.filter(pk__in=ids).only("username", "first_name", "last_name")
    return {str(user.pk): user.get_full_name() or user.get_username() for user in users}


# How long a computed report is kept; a rebuild of any of its days makes a new one at once.
CACHE_SECONDS = 10 * 60
# What the cache raises when Redis is down or does not answer in time: the page is computed.
CACHE_ERRORS = (RedisError, OSError)


def _built_at(start: date, end: date) -> datetime | None:
    return BuiltDay.objects.filter(day__gte=start, day__lte=end).aggregate(latest=Max("built_at"))[
        "latest"
    ]


def report(*, start: date, end: date, name_counsellors: bool = False) -> Report:
    """Every table of the reporting page for the days ``start`` to ``end`` included;
    counsellors are named only with ``name_counsellors``.

    The same report is kept in the cache until one of its days is rebuilt (its key holds the
    latest rebuild), so staff opening the page one after another cost one computation.
    """
    built_at = _built_at(start, end)
    key = ":".join(
        (
            "reporting",
            start.isoformat(),
            end.isoformat(),
            "named" if name_counsellors else "numbered",
            get_language() or "",
            built_at.isoformat() if built_at else "never",
        )
    )
    try:
        cached = cache.get(key)
    except CACHE_ERRORS:
        cached = None
    if cached is not None:
        return cached
    result = _report(start=start, end=end, name_counsellors=name_counsellors, built_at=built_at)
    with contextlib.suppress(CACHE_ERRORS):
        cache.set(key, result, CACHE_SECONDS)
    return result


def _report(*, start: date, end: date, name_counsellors: bool, built_at: datetime | None) -> Report:
    figures = _sums(start, end)
    weeks = _weekly(start, end)
    week_starts = _week_starts(start, end)
    names = _counsellor_names(figures, named=name_counsellors)
    result = Report(start=start, end=end, built_at=built_at)
    result.sections = [
        (_("Where people go"), [_funnel_table(figures)]),
        (_("How fast they are reached"), _speed_tables(figures, weeks, week_starts)),
        (
            _("Where people come from"),
            [
                _dimension_table(
                    figures, "utm_source", _("By campaign source"), _("Source"), names
                ),
                _dimension_table(
                    figures, "utm_medium", _("By campaign medium"), _("Medium"), names
                ),
                _dimension_table(figures, "utm_campaign", _("By campaign"), _("Campaign"), names),
                _dimension_table(figures, "referrer", _("By referring site"), _("Site"), names),
                _dimension_table(
                    figures,
                    "heard_about",
                    _("By how they heard about us"),
                    _("Heard about us"),
                    names,
                ),
                _dimension_table(figures, "channel", _("By channel"), _("Channel"), names),
            ],
        ),
        (
            _("Who they reach and what they need"),
            [
                _dimension_table(figures, "counsellor", _("By counsellor"), _("Counsellor"), names),
                _dimension_table(
                    figures, "level", _("By level of care"), _("Level of care"), names
                ),
                _dimension_table(figures, "language", _("By language"), _("Language"), names),
            ],
        ),
        (_("The people the centre did not reach"), _result_only_tables(figures)),
        (_("Trends"), [_trend_table(weeks, week_starts)]),
    ]
    return result
