"""The per-year chart (speeches.templatetags.charts): its drawing, point by point, and its
labels escaped, since a series is named by what a reader typed."""

import itertools
import re

import pytest

from speeches.search.trends import Series, Trend, Year
from speeches.templatetags.charts import DIGIT, trend_chart

_YEAR_LABEL = re.compile(r'<text x="([\d.]+)" y="250" class="chart__tick" text-anchor="(\w+)">(\d+)</text>')


def _chart_of(years: list[int], tick_size: int) -> str:
    trend = Trend([Series("sanctions", [Year(y, 1, 100, 1, 100) for y in years])], years)
    return trend_chart(trend, "statements", "Per 1,000", tick_size)


def _year_labels(chart: str) -> list[tuple[float, str, int]]:
    return [(float(x), anchor, int(year)) for x, anchor, year in _YEAR_LABEL.findall(chart)]


def test_a_chart_draws_each_year_where_its_rate_puts_it():
    # 2 and 5 matching statements of 1,000: the axis goes 0, 2, 4, 6. The plot is 648 px wide
    # from x = 56 and 212 px high from y = 16, so 5 per 1,000 is at 16 + 212 * (1 - 5/6) = 51.3.
    trend = Trend(
        [Series("sanctions", [Year(2019, 2, 1000, 3, 500), Year(2020, 5, 1000, 9, 900)])], [2019, 2020]
    )
    assert trend_chart(trend, "statements", "Per 1,000") == (
        '<figure class="chart"><svg viewBox="0 0 720 260" role="img" aria-label="Per 1,000" class="chart__svg">'
        '<g font-size="11"><line x1="56" x2="704" y1="228.0" y2="228.0" class="chart__grid"/>'
        '<text x="50" y="232.0" class="chart__tick" text-anchor="end">0</text>'
        '<line x1="56" x2="704" y1="157.3" y2="157.3" class="chart__grid"/>'
        '<text x="50" y="161.3" class="chart__tick" text-anchor="end">2</text>'
        '<line x1="56" x2="704" y1="86.7" y2="86.7" class="chart__grid"/>'
        '<text x="50" y="90.7" class="chart__tick" text-anchor="end">4</text>'
        '<line x1="56" x2="704" y1="16.0" y2="16.0" class="chart__grid"/>'
        '<text x="50" y="20.0" class="chart__tick" text-anchor="end">6</text>'
        '<text x="56.0" y="250" class="chart__tick" text-anchor="start">2019</text>'
        '<text x="704.0" y="250" class="chart__tick" text-anchor="end">2020</text></g>'
        '<g class="chart__series" data-series="sanctions">'
        '<polyline points="56.0,157.3 704.0,51.3" fill="none" stroke="#0072B2" stroke-width="2"/>'
        '<circle cx="56.0" cy="157.3" r="2.5" fill="#0072B2"><title>sanctions, 2019: 2.0</title></circle>'
        '<circle cx="704.0" cy="51.3" r="2.5" fill="#0072B2"><title>sanctions, 2020: 5.0</title></circle>'
        "</g></svg><figcaption>Per 1,000"
        '<ul class="chart__legend"><li><svg width="12" height="12" aria-hidden="true">'
        '<rect width="12" height="12" fill="#0072B2"/></svg> sanctions</li></ul></figcaption></figure>'
    )


def test_a_series_label_is_escaped_wherever_the_chart_prints_it():
    label = '<script>alert(1)</script> "Côte d\'Ivoire" & co'
    trend = Trend([Series(label, [Year(2020, 1, 10, 1, 100)])], [2020])
    chart = trend_chart(trend, "words", "<b>title</b>")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Côte d&#x27;Ivoire&quot; &amp; co"
    assert "<script>" not in chart and "<b>" not in chart
    # The series' group, its one point's tooltip, the legend; and the title twice.
    assert chart.count(escaped) == 3
    assert f'data-series="{escaped}"' in chart and f"<title>{escaped}, 2020: 1000.0</title>" in chart
    assert chart.count("&lt;b&gt;title&lt;/b&gt;") == 2


def test_no_years_no_chart():
    assert trend_chart(Trend([Series("sanctions")], []), "statements", "Per 1,000") == ""


def test_the_axis_names_both_ends_and_round_years_between():
    # The whole register, 1946-2024, in the search page's sidebar (labels 20 units high): 8.3
    # units a year, so labels every 10 years; 1950 and 2020 would touch the ends' labels.
    assert [year for _, _, year in _year_labels(_chart_of(list(range(1946, 2025)), 20))] == [
        1946,
        1960,
        1970,
        1980,
        1990,
        2000,
        2010,
        2024,
    ]
    # The trends page draws it larger (labels 11 units high): every 5 years.
    assert [year for _, _, year in _year_labels(_chart_of(list(range(1946, 2025)), 11))] == [
        1946,
        1955,
        1960,
        1965,
        1970,
        1975,
        1980,
        1985,
        1990,
        1995,
        2000,
        2005,
        2010,
        2015,
        2024,
    ]
    # A few years: each one.
    assert [year for _, _, year in _year_labels(_chart_of(list(range(2000, 2006)), 20))] == [
        2000,
        2001,
        2002,
        2003,
        2004,
        2005,
    ]


@pytest.mark.parametrize("tick_size", [11, 20])
def test_year_labels_never_overlap_and_stay_inside_the_drawing(tick_size):
    for first in (1946, 1992):
        for count in range(1, 80):
            labels = _year_labels(_chart_of(list(range(first, first + count)), tick_size))
            edges = []
            for x, anchor, year in labels:
                width = DIGIT * tick_size * len(str(year))
                left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
                edges.append((left, left + width))
            assert labels[0][2] == first and labels[-1][2] == first + count - 1
            assert all(0 <= left and right <= 720 for left, right in edges)
            assert all(a[1] + tick_size <= b[0] for a, b in itertools.pairwise(edges)), (first, count, labels)
