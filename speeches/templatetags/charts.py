"""The per-year chart of a search (speeches.search.trends), drawn here as SVG: no script, so it
works without JavaScript, and its numbers are the table printed beside it."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from speeches.search.trends import Trend, Year

register = template.Library()

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32
# Distinct for the usual colour blindness (Okabe & Ito's palette), one a series.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
MEASURES = {"statements": "per_thousand", "words": "per_100k_words"}
# A digit's width in the ticks' font, as a share of its size (sans-serif digits are 0.50-0.56 em).
DIGIT = 0.6
# Years labelled on the axis are multiples of the first of these far enough apart for their labels.
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def _ticks(top: float) -> list[float]:
    """Round values for the axis: 0, and steps up to the first at or above `top` (2 to 5 of them)."""
    if top <= 0:
        return [0.0]
    step = 10 ** len(str(int(top))) / 10 if top >= 1 else 0.1
    while top / step > 4:
        step *= 2
    while top / step < 2:
        step /= 2
    steps = int(-(-top // step))  # the first tick at or above the largest value
    return [round(i * step, 6) for i in range(steps + 1)]


def _year_labels(years: list[int], xs: dict[int, str], size: float) -> str:
    """The axis's year labels: the first and last years at the ends of the drawing, and between
    them round years (1950, 1960, ...) as close together as labels `size` high fit, each kept
    only if it stays an em clear of those already placed. The drawing is scaled to the page,
    so what fits is worked out in its own units, from the labels' font size."""
    widest = DIGIT * size * max(len(str(year)) for year in years)
    per_year = (WIDTH - LEFT - RIGHT) / max(len(years) - 1, 1)
    step = next((s for s in YEAR_STEPS if s * per_year >= widest + size), YEAR_STEPS[-1])

    def label(year: int, anchor: str) -> tuple[int, str, float, float]:
        """(year, anchor, left and right edges) of a year's label."""
        x, width = float(xs[year]), DIGIT * size * len(str(year))
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        return year, anchor, left, left + width

    # The ends first: they say what the chart covers.
    placed = [label(years[0], "start")] + ([label(years[-1], "end")] if len(years) > 1 else [])
    for year in years[1:-1]:
        candidate = label(year, "middle")
        _, _, left, right = candidate
        if year % step == 0 and all(right + size <= a or left - size >= b for _, _, a, b in placed):
            placed.append(candidate)
    return "".join(
        f'<text x="{xs[year]}" y="{HEIGHT - 10}" class="chart__tick" text-anchor="{anchor}">{year}</text>'
        for year, anchor, _, _ in sorted(placed)
    )


@register.simple_tag
def trend_chart(trend: Trend, measure: str, title: str, tick_size: int = 11) -> SafeString:
    """An SVG line chart of each series' rate (`measure`: statements or words) per year.

    `tick_size` is the axes' font size in the drawing's units (it is 720 wide): larger
    where the chart is shown small, as in the search page's sidebar.

    Built with f-strings, each label escaped once: numbers need no escaping, and
    format_html() for each of a few hundred points cost a sixth of a search page's
    template time (benchmark/profile.py)."""
    years = trend.years
    attribute = MEASURES[measure]
    if not years:
        return SafeString("")
    values = {s.label: {y.year: getattr(y, attribute) for y in s.years} for s in trend.series}
    top = max((v for by_year in values.values() for v in by_year.values()), default=0.0)
    ticks = _ticks(top)
    high = ticks[-1] if ticks[-1] > 0 else 1.0
    span = max(len(years) - 1, 1)
    xs = {year: f"{LEFT + (WIDTH - LEFT - RIGHT) * (i / span):.1f}" for i, year in enumerate(years)}

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / high)

    grid = "".join(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" class="chart__grid"/>'
        f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" class="chart__tick" text-anchor="end">{t:g}</text>'
        for t in ticks
    )
    labels = _year_labels(years, xs, tick_size)
    lines, legend = [], []
    for index, series in enumerate(trend.series):
        colour = COLOURS[index % len(COLOURS)]
        label = escape(series.label)
        legend.append(
            '<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
            f'fill="{colour}"/></svg> {label}</li>'
        )
        by_year = values[series.label]
        points = [(xs[year], year, by_year.get(year, 0.0)) for year in years]
        polyline = " ".join(f"{x},{y(value):.1f}" for x, _, value in points)
        dots = "".join(
            f'<circle cx="{x}" cy="{y(value):.1f}" r="2.5" fill="{colour}">'
            f"<title>{label}, {year}: {value:.1f}</title></circle>"
            for x, year, value in points
        )
        lines.append(
            f'<g class="chart__series" data-series="{label}"><polyline points="{polyline}" fill="none" '
            f'stroke="{colour}" stroke-width="2"/>{dots}</g>'
        )
    return format_html(
        '<figure class="chart"><svg viewBox="0 0 {} {}" role="img" aria-label="{}" class="chart__svg">'
        '<g font-size="{}">{}{}</g>{}</svg><figcaption>{}<ul class="chart__legend">{}</ul></figcaption></figure>',
        WIDTH,
        HEIGHT,
        title,
        tick_size,
        SafeString(grid),
        SafeString(labels),
        SafeString("".join(lines)),
        title,
        SafeString("".join(legend)),
    )


@register.simple_tag
def trend_table_body(trend: Trend) -> SafeString:
    """The chart's numbers, a row a year and five cells a series (zeros where a series has no
    statement that year), rates to one decimal as the points' titles give them. Numbers only,
    built here: Django's intcomma and floatformat took 6 ms of the page for 79 years."""
    by_series = [series.by_year() for series in trend.series]
    rows = []
    for year in trend.years:
        cells = "".join(_trend_cells(found.get(year) or Year(year, 0, 0, 0, 0)) for found in by_series)
        rows.append(f'<tr><th scope="row">{year:d}</th>{cells}</tr>')
    return SafeString("".join(rows))


def _trend_cells(y: Year) -> str:
    return (
        f'<td class="num">{y.matching:,d}</td><td class="num">{y.statements:,d}</td>'
        f'<td class="num">{y.per_thousand:.1f}</td><td class="num">{y.occurrences:,d}</td>'
        f'<td class="num">{y.per_100k_words:.1f}</td>'
    )
