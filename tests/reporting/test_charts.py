"""The SVG charts: round axes, shapes where the numbers say, every text escaped."""

import re

import pytest

from reporting.charts import MAX_MARKERS, PLOT_HEIGHT, TOP, Chart, Series, nice_ceiling


@pytest.mark.parametrize(
    ("value", "top"), [(0, 4), (3, 4), (5, 8), (9, 12), (17, 20), (99, 100), (101, 120)]
)
def test_the_axis_ends_on_a_round_number_in_four_whole_steps(value, top):
    assert nice_ceiling(value) == top
    assert (nice_ceiling(value) / 4).is_integer()


def bar_chart(**changes) -> Chart:
    options = {
        "slug": "test",
        "title": "Leads by source",
        "kind": "bar",
        "x_label": "Source",
        "y_label": "Leads",
        "categories": ("radio", "newsletter"),
        "series": (Series("Leads", (10.0, 5.0)),),
        **changes,
    }
    return Chart(**options)


def test_a_bar_is_as_tall_as_its_share_of_the_axis():
    chart = bar_chart()
    tall, short = chart.shapes
    assert tall.height == pytest.approx(PLOT_HEIGHT * 10 / nice_ceiling(10), abs=0.1)
    assert short.height == pytest.approx(tall.height / 2, abs=0.1)
    assert tall.y + tall.height == pytest.approx(TOP + PLOT_HEIGHT, abs=0.1)


def test_the_svg_has_a_title_a_description_and_a_value_on_every_bar():
    svg = bar_chart().svg()
    assert svg.startswith('<svg class="chart chart-bar"')
    assert 'role="img" aria-labelledby="chart-test-title chart-test-desc"' in svg
    assert '<title id="chart-test-title">Leads by source</title>' in svg
    assert "<title>radio: 10</title>" in svg and "<title>newsletter: 5</title>" in svg
    assert "style=" not in svg and "<script" not in svg


def test_every_text_in_the_svg_is_escaped():
    svg = bar_chart(title="<b>x</b>", categories=('<script>alert("x")</script>', "b")).svg()
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg


def test_a_line_chart_joins_one_dot_per_week_and_shows_percentages():
    chart = Chart(
        slug="weekly",
        title="Share within the deadline",
        kind="line",
        x_label="Week",
        y_label="Share",
        categories=("1 Jun", "8 Jun", "15 Jun"),
        series=(Series("Urgent", (50.0, 100.0, 0.0)),),
        percent=True,
    )
    svg = chart.svg()
    assert svg.count("<circle") == 3 and svg.count("<polyline") == 1
    assert [tick.label for tick in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]


def test_trend_lines_differ_by_dash_and_marker_not_by_colour_alone():
    chart = Chart(
        slug="trend",
        title="Leads by source, by week",
        kind="line",
        x_label="Week starting",
        y_label="Leads",
        categories=("1 Jun", "8 Jun"),
        series=tuple(Series(f"source {n}", (float(n), 1.0)) for n in range(6)),
    )
    keys = chart.legend_keys()
    assert [name for name, _key in keys] == [f"source {n}" for n in range(6)]
    # Each key shows its series' own dashed line and marker, hidden from screen readers (the
    # name beside it says the series).
    pictures = [str(key) for _name, key in keys]
    assert all('aria-hidden="true"' in picture for picture in pictures)
    assert all(f'class="chart-line series-{n}"' in pictures[n] for n in range(6))
    # The marker after the line, without its classes: five shapes, then a ring.
    shapes = [re.sub(' class="[^"]*"', "", picture.split("/>", 1)[1]) for picture in pictures]
    assert len(set(shapes[:5])) == 5
    assert shapes[5] == shapes[0] and "chart-marker-ring" in pictures[5]
    svg = chart.svg()
    assert svg.count("chart-marker series-") == 12  # a marker on every point of every line


def test_a_long_line_carries_a_marker_every_few_weeks_only():
    weeks = tuple(f"w{n}" for n in range(104))
    chart = Chart(
        slug="long",
        title="Two years",
        kind="line",
        x_label="Week starting",
        y_label="Leads",
        categories=weeks,
        series=(Series("Leads", tuple(float(n) for n in range(104))),),
    )
    assert 7 <= len(chart.markers) <= MAX_MARKERS
    assert chart.svg().count(",") >= 104  # the line itself still joins every week


def test_bars_of_several_series_carry_their_series_marker():
    chart = bar_chart(series=(Series("Leads", (10.0, 5.0)), Series("Admitted", (2.0, 1.0))))
    assert len(chart.markers) == 4
    assert {marker.series for marker in chart.markers} == {0, 1}
    assert len(bar_chart().markers) == 0
