"""Bar and line charts drawn on the server as SVG: numbers in, markup out (``Chart.svg``;
``reporting/_chart.html`` puts it in a figure with its legend). Written in Python rather than
a template because a chart is hundreds of small elements, which a template renders slowly.

No script and no inline style (the strict Content-Security-Policy allows neither): colours and
dashes come from classes in ``reporting/reports.css``; each chart has a title and a description,
and the page puts the same figures in a table beside it. Series differ by more than colour: each
has its own marker shape (and, on a line chart, its own dash), shown in the legend too.
"""

import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 64
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
LABEL_CHARS = 14
MAX_X_LABELS = 13
# A line of many weeks carries a marker every few points only (the table has every value).
MAX_MARKERS = 14
MARKER = 4.0


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Shape:
    """One rectangle, or one dot of a line, with the series it belongs to and its value."""

    series: int
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    """What ``_chart.html`` draws. ``kind`` is "bar" or "line"."""

    slug: str
    title: str
    kind: str
    x_label: str
    y_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    percent: bool = False
    width: int = WIDTH
    height: int = HEIGHT
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)
    legend: list[tuple[int, str]] = field(default_factory=list)
    markers: list[Shape] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lay_out()

    @property
    def plot_left(self) -> int:
        return LEFT

    @property
    def plot_right(self) -> int:
        return LEFT + PLOT_WIDTH

    @property
    def plot_top(self) -> int:
        return TOP

    @property
    def plot_bottom(self) -> int:
        return TOP + PLOT_HEIGHT

    @property
    def x_label_y(self) -> int:
        return HEIGHT - 8

    @property
    def y_label_x(self) -> int:
        return 14

    @property
    def y_label_y(self) -> float:
        return TOP + PLOT_HEIGHT / 2

    @property
    def empty(self) -> bool:
        return not any(value for series in self.series for value in series.values)

    def _value_text(self, value: float) -> str:
        if self.percent:
            return f"{value:.0f}%"
        return f"{value:,.0f}"

    def _lay_out(self) -> None:
        top_value = (
            100.0
            if self.percent
            else nice_ceiling(max((v for s in self.series for v in s.values), default=0))
        )
        step = top_value / 4
        for index in range(5):
            value = step * index
            self.y_ticks.append(Tick(self._y(value, top_value), self._value_text(value)))
        count = max(len(self.categories), 1)
        band = PLOT_WIDTH / count
        every = max(1, math.ceil(count / MAX_X_LABELS))
        for index, category in enumerate(self.categories):
            if index % every == 0:
                self.x_ticks.append(Tick(LEFT + band * (index + 0.5), shorten(category)))
        if self.kind == "bar":
            groups = max(len(self.series), 1)
            bar = band * 0.8 / groups
            for s_index, series in enumerate(self.series):
                for index, value in enumerate(series.values):
                    y = self._y(value, top_value)
                    self.shapes.append(
                        Shape(
                            series=s_index,
                            x=round(LEFT + band * index + band * 0.1 + bar * s_index, 1),
                            y=round(y, 1),
                            width=round(max(bar - 1, 1), 1),
                            height=round(TOP + PLOT_HEIGHT - y, 1),
                            label=f"{self.categories[index]}: {self._value_text(value)}",
                        )
                    )
            if len(self.series) > 1:
                # A marker on top of each bar says its series without its colour.
                self.markers = [
                    Shape(s.series, s.x + s.width / 2, s.y - MARKER - 1, 0, 0, s.label)
                    for s in self.shapes
                ]
        else:
            every_marker = max(1, math.ceil(len(self.categories) / MAX_MARKERS))
            for s_index, series in enumerate(self.series):
                points = []
                for index, value in enumerate(series.values):
                    x = round(LEFT + band * (index + 0.5), 1)
                    y = round(self._y(value, top_value), 1)
                    points.append(f"{x},{y}")
                    if index % every_marker == 0:
                        label = f"{self.categories[index]}: {self._value_text(value)}"
                        self.markers.append(Shape(s_index, x, y, 0, 0, label))
                self.lines.append((s_index, " ".join(points)))
        for s_index, series in enumerate(self.series):
            self.legend.append((s_index, series.name))

    def svg(self) -> SafeString:
        """The chart as an SVG element: a title and a description for screen readers, the
        grid, the axes and their labels, then the bars or the lines (each with its value)."""
        slug = escape(self.slug)
        left, right, top, bottom = self.plot_left, self.plot_right, self.plot_top, self.plot_bottom
        description = _("%(y)s by %(x)s. The same figures are in the table beside the chart.") % {
            "y": self.y_label,
            "x": self.x_label,
        }
        parts = [
            f'<svg class="chart chart-{escape(self.kind)}" viewBox="0 0 {self.width} '
            f'{self.height}" role="img" aria-labelledby="chart-{slug}-title chart-{slug}-desc" '
            'focusable="false">',
            f'<title id="chart-{slug}-title">{escape(self.title)}</title>',
            f'<desc id="chart-{slug}-desc">{escape(description)}</desc>',
        ]
        for tick in self.y_ticks:
            y = round(tick.position, 1)
            parts.append(f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}"/>')
            parts.append(
                f'<text class="chart-tick" x="{left - 6}" y="{y}" text-anchor="end" '
                f'dominant-baseline="middle">{escape(tick.label)}</text>'
            )
        parts.append(
            f'<line class="chart-axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"/>'
        )
        parts.append(f'<line class="chart-axis" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}"/>')
        for tick in self.x_ticks:
            parts.append(
                f'<text class="chart-tick" x="{round(tick.position, 1)}" y="{bottom + 16}" '
                f'text-anchor="middle">{escape(tick.label)}</text>'
            )
        x_label = escape(self.x_label)
        parts.append(f'<text class="chart-label" x="{left}" y="{self.x_label_y}">{x_label}</text>')
        lx, ly = self.y_label_x, self.y_label_y
        parts.append(
            f'<text class="chart-label" x="{lx}" y="{ly}" text-anchor="middle" '
            f'transform="rotate(-90 {lx} {ly})">{escape(self.y_label)}</text>'
        )
        for series, points in self.lines:
            parts.append(f'<polyline class="chart-line series-{series}" points="{points}"/>')
        for shape in self.shapes:
            parts.append(
                f'<rect class="chart-bar series-{shape.series}" x="{shape.x}" y="{shape.y}" '
                f'width="{shape.width}" height="{shape.height}"><title>'
                f"{escape(shape.label)}</title></rect>"
            )
        for shape in self.markers:
            parts.append(marker(shape.series, shape.x, shape.y, escape(shape.label)))
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above

    def legend_keys(self) -> list[tuple[str, SafeString]]:
        """Each series' name with a small picture of how it is drawn: its dash and marker on a
        line chart, its colour and (when there are several) marker on a bar chart."""
        keys = []
        for s_index, name in self.legend:
            if self.kind == "line":
                sample = (
                    f'<line class="chart-line series-{s_index}" x1="1" x2="27" y1="7" y2="7"/>'
                    + marker(s_index, 14, 7)
                )
            else:
                sample = (
                    f'<rect class="chart-bar series-{s_index}" x="1" y="1" width="12" height="12"/>'
                )
                if len(self.series) > 1:
                    sample += marker(s_index, 21, 7)
            keys.append(
                (
                    name,
                    mark_safe(  # noqa: S308 - drawn from numbers only
                        '<svg class="chart-key" viewBox="0 0 28 14" width="28" height="14" '
                        f'aria-hidden="true" focusable="false">{sample}</svg>'
                    ),
                )
            )
        return keys

    @staticmethod
    def _y(value: float, top_value: float) -> float:
        if top_value <= 0:
            return TOP + PLOT_HEIGHT
        return TOP + PLOT_HEIGHT - (min(value, top_value) / top_value) * PLOT_HEIGHT


def marker(series: int, x: float, y: float, title: str = "") -> str:
    """The marker of ``series`` centred on (x, y): a circle, square, triangle, diamond, plus or
    ring, in that order; ``title`` (already escaped) is what a pointer over it shows."""
    r = MARKER
    x, y = round(x, 1), round(y, 1)
    shapes = (
        f'<circle cx="{x}" cy="{y}" r="{r}"',
        f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}"',
        f'<path d="M{x},{y - r - 1}L{x + r + 1},{y + r}L{x - r - 1},{y + r}Z"',
        f'<path d="M{x},{y - r - 1}L{x + r + 1},{y}L{x},{y + r + 1}L{x - r - 1},{y}Z"',
        f'<path d="M{x - 1.5},{y - r - 1}h3v{r - 0.5}h{r - 0.5}v3h-{r - 0.5}v{r - 0.5}h-3'
        f'v-{r - 0.5}h-{r - 0.5}v-3h{r - 0.5}Z"',
        f'<circle cx="{x}" cy="{y}" r="{r}"',
    )
    classes = f"chart-marker series-{series}"
    if series % len(shapes) == len(shapes) - 1:
        classes += " chart-marker-ring"
    element = shapes[series % len(shapes)] + f' class="{classes}"'
    tag = element[1 : element.index(" ")]
    if title:
        return f"{element}><title>{title}</title></{tag}>"
    return f"{element}/>"


def nice_ceiling(value: float) -> float:
    """The top of the axis: four equal whole steps of 1, 2, 2.5, 3 or 5 times a power of ten, at or
    above ``value`` (4 when there is nothing to show)."""
    if value <= 0:
        return 4.0
    raw_step = value / 4
    magnitude = 10 ** math.floor(math.log10(raw_step))
    steps = (f * magnitude for f in (1, 2, 2.5, 3, 5, 10))
    step = next(s for s in steps if s >= raw_step and (s >= 10 or s == int(s) or s < 1))
    return float(max(math.ceil(step), 1) * 4)


def shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
