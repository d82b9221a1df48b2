"""The reporting page's reads: sums of the daily figures for a range of days, shaped into
tables (and the charts drawn from them). A handful of queries, whatever the number of leads.
"""

import contextlib
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache, reduce

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Case, Max, Q, Sum, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop, pgettext
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from admissions.models import HeardAbout, Language, Priority, Source
from admissions.selectors import escalation_deadlines
from programs.models import Level
from reporting.aggregates import WAIT_BUCKETS, month_of, next_month, week_of
from reporting.charts import Chart, Series
from reporting.models import BuiltDay, DailyFigure, MonthlyFigure, WeeklyFigure

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

    def rows_html(self) -> SafeString:
        """The rows as table markup, each cell escaped: built here rather than looped over in
        the template, which renders a two-year range's thousands of cells several times
        slower."""
        rows = []
        for row in self.rows:
            first, *rest = row
            cells = "".join(f'<td class="text-end">{escape(cell)}</td>' for cell in rest)
            rows.append(f'<tr><th scope="row">{escape(first)}</th>{cells}</tr>')
        return mark_safe("".join(rows))  # noqa: S308 - every cell is escaped above


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


# What the weekly trends read of every week: the leads of every breakdown, and what the funnel,
# speed to lead and the totals' trends show.
TREND_ROWS = (
    Q(measure="leads")
    | Q(measure="result_only", dimension__in=("all", "level"))
    | Q(dimension="all", measure__in=("started", "reached", "admitted", "on_time"))
    | Q(dimension="channel", key=Source.WEB)
    | Q(dimension="priority", measure="on_time")
)


def _split(start: date, end: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """The whole weeks (first and last Monday) inside ``start``..``end``, if any, and the ragged
    days before and after them, as ranges of days (the whole range when no week fits)."""
    first = week_of(start + timedelta(days=6))
    last = week_of(end + timedelta(days=1)) - timedelta(days=7)
    if first > last:
        return None, [(start, end)]
    ragged = [(start, first - timedelta(days=1)), (last + timedelta(days=7), end)]
    return (first, last), [(a, b) for a, b in ragged if a <= b]


def _add(into: Figures, key: tuple[str, str, str], value: int) -> None:
    into[key] = into.get(key, 0) + value


def _read(start: date, end: date) -> tuple[Figures, dict[date, Figures]]:
    """The sums of ``start``..``end`` and the trend figures of each of its weeks, in three
    queries: whole weeks from the weekly sums, the ragged ends day by day (at most 12 days)."""
    figures: Figures = {}
    weeks: dict[date, Figures] = defaultdict(dict)
    whole, ragged = _split(start, end)
    if whole is not None:
        in_weeks = WeeklyFigure.objects.filter(week__gte=whole[0], week__lte=whole[1])
        sums = in_weeks.values_list("dimension", "key", "measure").annotate(total=Sum("value"))
        for dimension, key, measure, total in sums.order_by():
            figures[(dimension, key, measure)] = total
        trend = in_weeks.filter(TREND_ROWS).values_list(
            "week", "dimension", "key", "measure", "value"
        )
        for week, dimension, key, measure, value in trend:
            weeks[week][(dimension, key, measure)] = value
    # The ragged days lie in the first and the last week: a row says which (0 or 1), as a
    # number, cheaper to read than a date truncated in SQL.
    ends = (week_of(start), week_of(end))
    days = reduce(operator.or_, (Q(day__gte=a, day__lte=b) for a, b in ragged), Q(pk__in=[]))
    rows = (
        DailyFigure.objects.filter(days)
        .annotate(end=Case(When(day__lt=ends[0] + timedelta(days=7), then=Value(0)), default=1))
        .values_list("end", "dimension", "key", "measure")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for index, dimension, key, measure, total in rows:
        _add(figures, (dimension, key, measure), total)
        _add(weeks[ends[index]], (dimension, key, measure), total)
    return figures, weeks


def _read_by_month(start: date, end: date) -> tuple[Figures, dict[date, Figures]]:
    """The sums of ``start``..``end`` and the trend figures of each of its months, for a range
    that holds whole months (``MONTHLY_AFTER_DAYS``), in four queries: the whole months from
    the monthly sums, and the two ragged ends (each inside one month) from their whole weeks
    and their days, at most 4 weeks and 12 days at each end."""
    figures: Figures = {}
    months: dict[date, Figures] = defaultdict(dict)
    first = start if start.day == 1 else next_month(month_of(start))
    after = month_of(end + timedelta(days=1))  # the first day after the last whole month
    in_months = MonthlyFigure.objects.filter(month__gte=first, month__lt=after)
    sums = in_months.values_list("dimension", "key", "measure").annotate(total=Sum("value"))
    for dimension, key, measure, total in sums.order_by():
        figures[(dimension, key, measure)] = total
    trend = in_months.filter(TREND_ROWS).values_list(
        "month", "dimension", "key", "measure", "value"
    )
    for month, dimension, key, measure, value in trend:
        months[month][(dimension, key, measure)] = value
    weeks: list[tuple[date, date]] = []
    days: list[tuple[date, date]] = []
    for a, b in ((start, first - timedelta(days=1)), (after, end)):
        if a <= b:
            whole, ragged = _split(a, b)
            weeks += [whole] if whole else []
            days += ragged
    # Each end lies in one month: a row says which end it is in (0 the first, 1 the last), as
    # a number, cheaper to read than a date truncated in SQL.
    ends = (month_of(start), month_of(end))
    for model, column, ranges in ((WeeklyFigure, "week", weeks), (DailyFigure, "day", days)):
        if not ranges:
            continue
        rows = (
            model.objects.filter(
                reduce(
                    operator.or_,
                    (Q(**{f"{column}__gte": a, f"{column}__lte": b}) for a, b in ranges),
                )
            )
            .annotate(end=Case(When(**{f"{column}__lt": first}, then=Value(0)), default=Value(1)))
            .values_list("end", "dimension", "key", "measure")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for index, dimension, key, measure, total in rows:
            _add(figures, (dimension, key, measure), total)
            _add(months[ends[index]], (dimension, key, measure), total)
    return figures, months


def _week_starts(start: date, end: date) -> list[date]:
    week = start - timedelta(days=start.weekday())
    weeks = []
    while week <= end:
        weeks.append(week)
        week += timedelta(days=7)
    return weeks


def _month_starts(start: date, end: date) -> list[date]:
    month = month_of(start)
    months = []
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


# A range longer than this is shown by month: beyond about half a year a weekly trend has more
# than 26 points a line, too many to read (on a phone above all), and the page's fifteen trend
# tables grow to a hundred rows each. By month, two years are 24 rows, read from the monthly sums.
MONTHLY_AFTER_DAYS = 183


@lru_cache(maxsize=2048)
def _period_label(period: date, language: str, monthly: bool) -> str:
    """A week's first day, or a month ("Mar 2026"), as the active ``language`` writes it (a
    page shows each period in a dozen tables, and formatting a date is slow enough to count)."""
    if monthly:
        # Translators: a month in a trend, as a date format: "M Y" is "Mar 2026", "b Y" "mar 2026".
        return date_format(period, pgettext("month of a trend", "M Y"))
    return date_format(period, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class Grain:
    """How the page's trends are cut: by week, or by month for a long range."""

    monthly: bool

    @classmethod
    def of(cls, start: date, end: date) -> "Grain":
        return cls(monthly=(end - start).days + 1 > MONTHLY_AFTER_DAYS)

    @property
    def slug(self) -> str:
        return "monthly" if self.monthly else "weekly"

    def pick(self, weekly: str, monthly: str) -> str:
        return monthly if self.monthly else weekly

    def starts(self, start: date, end: date) -> list[date]:
        return _month_starts(start, end) if self.monthly else _week_starts(start, end)

    def labels(self, starts: list[date]) -> list[str]:
        language = get_language() or ""
        return [_period_label(period, language, self.monthly) for period in starts]

    def heading(self) -> str:
        return self.pick(_("Week starting"), _("Month"))

    def note(self) -> str:
        return self.pick(
            _("A week only partly in the period counts only its days in the period."),
            _("A month only partly in the period counts only its days in the period."),
        )


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
    figures: Figures, periods: dict[date, Figures], starts: list[date], grain: Grain
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
    labels = grain.labels(starts)
    trend_rows: list[list[str | int]] = []
    series = []
    for priority in Priority:
        values = []
        for period in starts:
            period_figures = periods.get(period, {})
            leads = _get(period_figures, "priority", priority, "leads")
            values.append(_percent(_get(period_figures, "priority", priority, "on_time"), leads))
        series.append(Series(str(priority.label), tuple(values)))
    for index, period in enumerate(starts):
        period_figures = periods.get(period, {})
        trend_rows.append(
            [labels[index]]
            + [
                share(
                    _get(period_figures, "priority", p, "on_time"),
                    _get(period_figures, "priority", p, "leads"),
                )
                for p in Priority
            ]
        )
    title = grain.pick(
        _("Share within the deadline, by week"), _("Share within the deadline, by month")
    )
    on_time = Table(
        slug=f"speed_{grain.slug}",
        title=title,
        columns=[grain.heading(), *[str(p.label) for p in Priority]],
        rows=trend_rows,
        chart=Chart(
            slug=f"speed_{grain.slug}",
            title=title,
            kind="line",
            x_label=grain.heading(),
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
        if dimension == "origin":
            return origin_label(key)
        if choices is not None:
            return str(choices.get(key, key))
        return key or _("None recorded")

    return label


def origin_label(key: str) -> str:
    """An origin (``reporting.aggregates.ORIGIN_PREFIXES``) as staff read it."""
    kind, _colon, value = key.partition(":")
    if kind == "utm":
        return _("Campaign source: %(source)s") % {"source": value}
    if kind == "site":
        return _("Referring site: %(site)s") % {"site": value}
    if kind == "heard":
        heard = str(dict(HeardAbout.choices).get(value, value))
        return _("Heard about us: %(answer)s") % {"answer": heard}
    return _("Direct")


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


def _trend_table(periods: dict[date, Figures], starts: list[date], grain: Grain) -> Table:
    labels = grain.labels(starts)
    measures = [
        (_("Screenings started"), lambda f: _get(f, "all", "", "started")),
        (_("Asked to be contacted"), lambda f: _web(f, "leads")),
        (_("Result only"), lambda f: _get(f, "all", "", "result_only")),
        (_("All leads"), lambda f: _get(f, "all", "", "leads")),
        (_("Reached"), lambda f: _get(f, "all", "", "reached")),
        (_("Admitted"), lambda f: _get(f, "all", "", "admitted")),
    ]
    rows: list[list[str | int]] = []
    for index, period in enumerate(starts):
        figures = periods.get(period, {})
        leads = _get(figures, "all", "", "leads")
        rows.append(
            [labels[index]]
            + [read(figures) for _name, read in measures]
            + [share(_get(figures, "all", "", "on_time"), leads)]
        )
    series = tuple(
        Series(name, tuple(float(read(periods.get(period, {}))) for period in starts))
        for name, read in measures
    )
    title = grain.pick(_("Trends by week"), _("Trends by month"))
    return Table(
        slug=grain.slug,
        title=title,
        columns=[
            grain.heading(),
            *[name for name, _read in measures],
            _("Share within the deadline"),
        ],
        rows=rows,
        chart=Chart(
            slug=grain.slug,
            title=title,
            kind="line",
            x_label=grain.heading(),
            y_label=_("People"),
            categories=tuple(labels),
            series=series,
        ),
    )


# How many values of a breakdown its weekly trend follows; the rest are summed as "Other".
TREND_TOP = 5


def _breakdown_trend(
    figures: Figures,
    periods: dict[date, Figures],
    starts: list[date],
    grain: Grain,
    *,
    period_totals: dict[tuple[date, str, str], int],
    dimension: str,
    label,
    title: str,
    measure: str = "leads",
    y_label: str = "",
    slug: str = "",
) -> Table:
    """The trend of one breakdown, by week or month: its ``TREND_TOP`` largest values in the
    period, one line each, and the others together as "Other"."""
    totals: dict[str, int] = defaultdict(int)
    for (dim, key, name), value in figures.items():
        if dim == dimension and name == measure:
            totals[key] += value
    ranked = sorted((key for key in totals if totals[key]), key=lambda k: (-totals[k], k))
    top, rest = ranked[:TREND_TOP], ranked[TREND_TOP:]
    names = [label(key) for key in top] + ([_("Other")] if rest else [])
    columns: list[list[int]] = []
    for period in starts:
        period_figures = periods.get(period, {})
        values = [_get(period_figures, dimension, key, measure) for key in top]
        if rest:
            values.append(period_totals.get((period, dimension, measure), 0) - sum(values))
        columns.append(values)
    labels = grain.labels(starts)
    y_label = y_label or _("Leads")
    slug = f"{slug or dimension}_{grain.slug}"
    return Table(
        slug=slug,
        title=title,
        columns=[grain.heading(), *names],
        rows=[[labels[index], *values] for index, values in enumerate(columns)],
        chart=Chart(
            slug=slug,
            title=title,
            kind="line",
            x_label=grain.heading(),
            y_label=y_label,
            categories=tuple(labels),
            series=tuple(
                Series(name, tuple(float(values[index]) for values in columns))
                for index, name in enumerate(names)
            ),
        ),
        note=grain.note(),
    )


def _period_totals(periods: dict[date, Figures]) -> dict[tuple[date, str, str], int]:
    """Each period's figures summed over the keys of each dimension, in one pass (the trends'
    "Other" is the total less the largest values)."""
    totals: dict[tuple[date, str, str], int] = defaultdict(int)
    for period, figures in periods.items():
        for (dimension, _key, measure), value in figures.items():
            totals[(period, dimension, measure)] += value
    return totals


def _funnel_trend(periods: dict[date, Figures], starts: list[date], grain: Grain) -> Table:
    """Each step of the funnel, week by week (or month by month)."""
    labels = grain.labels(starts)
    steps = [funnel_counts(periods.get(period, {})) for period in starts]
    names = [label for _slug, label, _count in funnel_counts({})]
    title = grain.pick(_("The funnel by week"), _("The funnel by month"))
    return Table(
        slug=f"funnel_{grain.slug}",
        title=title,
        columns=[grain.heading(), *names],
        rows=[
            [labels[index], *[count for *_rest, count in period]]
            for index, period in enumerate(steps)
        ],
        chart=Chart(
            slug=f"funnel_{grain.slug}",
            title=title,
            kind="line",
            x_label=grain.heading(),
            y_label=_("People"),
            categories=tuple(labels),
            # Six lines at most stay readable: the main steps (the table has all of them).
            series=tuple(
                Series(names[step], tuple(float(period[step][2]) for period in steps))
                for step in (0, 2, 3, 4, 6, 7)
            ),
        ),
        note=grain.note(),
    )


def _counsellor_names(figures: Figures, *, named: bool) -> dict[str, str]:
    """Counsellors by name for supervisors; by number for analysts, who see no person."""
    ids = {int(key) for (dim, key, _m) in figures if dim == "counsellor" and key.isdigit()}
    if not named:
        return {str(pk): _("Counsellor %(number)d") % {"number": pk} for pk in ids}
    users = get_user_model().objects.filter(pk__in=ids).only("username", "first_name", "last_name")
    return {str(user.pk): user.get_full_name() or user.get_username() for user in users}


@dataclass(frozen=True)
class SourcesThisWeek:
    """This week's leads by where they came from, for the dashboard: the busiest sources and
    the rest as "Other"."""

    week_start: date
    rows: list[tuple[str, int]]
    total: int


def sources_this_week(*, today: date | None = None) -> SourcesThisWeek:
    """Leads since Monday by origin (campaign source, else referring site, else what they said,
    else direct), read from the daily figures in one query: never from the leads."""
    today = today or timezone.localdate()
    monday = week_of(today)
    counts = (
        DailyFigure.objects.filter(
            dimension="origin", measure="leads", day__gte=monday, day__lte=today
        )
        .values_list("key")
        .annotate(total=Sum("value"))
        .order_by()
    )
    ranked = sorted(counts, key=lambda row: (-row[1], row[0]))
    rows = [(origin_label(key), total) for key, total in ranked[:TREND_TOP]]
    rest = sum(total for _key, total in ranked[TREND_TOP:])
    if rest:
        rows.append((_("Other"), rest))
    return SourcesThisWeek(week_start=monday, rows=rows, total=sum(t for _k, t in ranked))


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


# The breakdowns of the page, in order: (section, dimension, table title, column heading,
# trend title by week, by month).
BREAKDOWNS = (
    (
        "sources",
        "origin",
        gettext_noop("By source"),
        gettext_noop("Source"),
        gettext_noop("Leads by source, by week"),
        gettext_noop("Leads by source, by month"),
    ),
    (
        "sources",
        "utm_source",
        gettext_noop("By campaign source"),
        gettext_noop("Source"),
        gettext_noop("Leads by campaign source, by week"),
        gettext_noop("Leads by campaign source, by month"),
    ),
    (
        "sources",
        "utm_medium",
        gettext_noop("By campaign medium"),
        gettext_noop("Medium"),
        gettext_noop("Leads by campaign medium, by week"),
        gettext_noop("Leads by campaign medium, by month"),
    ),
    (
        "sources",
        "utm_campaign",
        gettext_noop("By campaign"),
        gettext_noop("Campaign"),
        gettext_noop("Leads by campaign, by week"),
        gettext_noop("Leads by campaign, by month"),
    ),
    (
        "sources",
        "referrer",
        gettext_noop("By referring site"),
        gettext_noop("Site"),
        gettext_noop("Leads by referring site, by week"),
        gettext_noop("Leads by referring site, by month"),
    ),
    (
        "sources",
        "heard_about",
        gettext_noop("By how they heard about us"),
        gettext_noop("Heard about us"),
        gettext_noop("Leads by how they heard about us, by week"),
        gettext_noop("Leads by how they heard about us, by month"),
    ),
    (
        "sources",
        "channel",
        gettext_noop("By channel"),
        gettext_noop("Channel"),
        gettext_noop("Leads by channel, by week"),
        gettext_noop("Leads by channel, by month"),
    ),
    (
        "people",
        "counsellor",
        gettext_noop("By counsellor"),
        gettext_noop("Counsellor"),
        gettext_noop("Leads by counsellor, by week"),
        gettext_noop("Leads by counsellor, by month"),
    ),
    (
        "people",
        "level",
        gettext_noop("By level of care"),
        gettext_noop("Level of care"),
        gettext_noop("Leads by level of care, by week"),
        gettext_noop("Leads by level of care, by month"),
    ),
    (
        "people",
        "language",
        gettext_noop("By language"),
        gettext_noop("Language"),
        gettext_noop("Leads by language, by week"),
        gettext_noop("Leads by language, by month"),
    ),
)


def _breakdowns(
    figures: Figures,
    periods: dict[date, Figures],
    starts: list[date],
    grain: Grain,
    period_totals: dict[tuple[date, str, str], int],
    names: dict[str, str],
    section: str,
) -> list[Table]:
    """Each breakdown of ``section``: its table, then its trend."""
    tables = []
    for in_section, dimension, title, heading, by_week, by_month in BREAKDOWNS:
        if in_section != section:
            continue
        # The titles are marked for translation above (gettext_noop) and translated here.
        tables.append(_dimension_table(figures, dimension, _(title), _(heading), names))
        tables.append(
            _breakdown_trend(
                figures,
                periods,
                starts,
                grain,
                period_totals=period_totals,
                dimension=dimension,
                label=_labeller(dimension, names),
                title=_(grain.pick(by_week, by_month)),
            )
        )
    return tables


def _report(*, start: date, end: date, name_counsellors: bool, built_at: datetime | None) -> Report:
    grain = Grain.of(start, end)
    figures, periods = _read_by_month(start, end) if grain.monthly else _read(start, end)
    starts = grain.starts(start, end)
    names = _counsellor_names(figures, named=name_counsellors)
    period_totals = _period_totals(periods)
    result = Report(start=start, end=end, built_at=built_at)
    result_only = _result_only_tables(figures)
    result_only.insert(
        1,
        _breakdown_trend(
            figures,
            periods,
            starts,
            grain,
            period_totals=period_totals,
            dimension="level",
            label=_labeller("level", names),
            title=grain.pick(
                _("Result only by level of care, by week"),
                _("Result only by level of care, by month"),
            ),
            measure="result_only",
            y_label=_("Screenings"),
            slug="result_only",
        ),
    )
    result.sections = [
        (
            _("Where people go"),
            [_funnel_table(figures), _funnel_trend(periods, starts, grain)],
        ),
        (_("How fast they are reached"), _speed_tables(figures, periods, starts, grain)),
        (
            _("Where people come from"),
            _breakdowns(figures, periods, starts, grain, period_totals, names, "sources"),
        ),
        (
            _("Who they reach and what they need"),
            _breakdowns(figures, periods, starts, grain, period_totals, names, "people"),
        ),
        (_("The people the centre did not reach"), result_only),
        (_("Trends"), [_trend_table(periods, starts, grain)]),
    ]
    return result
