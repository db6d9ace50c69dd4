"""The per-year chart of a search (speeches.search.trends), drawn here as SVG: no script, so it
works without JavaScript, and its numbers are the table printed beside it."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from speeches.search.trends import Trend

register = template.Library()

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32
# Distinct for the usual colour blindness (Okabe & Ito's palette), one a series.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
MEASURES = {"statements": "per_thousand", "words": "per_100k_words"}


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


@register.simple_tag
def trend_chart(trend: Trend, measure: str, title: str) -> SafeString:
    """An SVG line chart of each series' rate (`measure`: statements or words) per year."""
    years = trend.years
    attribute = MEASURES[measure]
    if not years:
        return SafeString("")
    values = {s.label: {y.year: getattr(y, attribute) for y in s.years} for s in trend.series}
    top = max((v for by_year in values.values() for v in by_year.values()), default=0.0)
    ticks = _ticks(top)
    high = ticks[-1] if ticks[-1] > 0 else 1.0
    span = max(len(years) - 1, 1)

    def x(year: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (years.index(year) / span)

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / high)

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart__grid"/>'
        '<text x="{}" y="{}" class="chart__tick" text-anchor="end">{}</text>',
        (
            (LEFT, WIDTH - RIGHT, f"{y(t):.1f}", f"{y(t):.1f}", LEFT - 6, f"{y(t) + 4:.1f}", f"{t:g}")
            for t in ticks
        ),
    )
    every = max(1, len(years) // 10)
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart__tick" text-anchor="{}">{}</text>',
        (
            # The first and last years inside the drawing, the others centred on their point.
            (
                f"{x(year):.1f}",
                HEIGHT - 10,
                "start" if i == 0 else "end" if year == years[-1] else "middle",
                year,
            )
            for i, year in enumerate(years)
            if i % every == 0 or year == years[-1]
        ),
    )
    lines = []
    for index, series in enumerate(trend.series):
        colour = COLOURS[index % len(COLOURS)]
        points = " ".join(f"{x(year):.1f},{y(values[series.label].get(year, 0.0)):.1f}" for year in years)
        dots = format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="2.5" fill="{}"><title>{}, {}: {}</title></circle>',
            (
                (
                    f"{x(year):.1f}",
                    f"{y(values[series.label].get(year, 0.0)):.1f}",
                    colour,
                    series.label,
                    year,
                    f"{values[series.label].get(year, 0.0):.1f}",
                )
                for year in years
            ),
        )
        lines.append(
            format_html(
                '<g class="chart__series" data-series="{}"><polyline points="{}" fill="none" stroke="{}" '
                'stroke-width="2"/>{}</g>',
                series.label,
                points,
                colour,
                dots,
            )
        )
    legend = format_html_join(
        "",
        '<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="{}"/></svg> {}</li>',
        ((COLOURS[i % len(COLOURS)], s.label) for i, s in enumerate(trend.series)),
    )
    return format_html(
        '<figure class="chart"><svg viewBox="0 0 {} {}" role="img" aria-label="{}" class="chart__svg">'
        '{}{}{}</svg><figcaption>{}<ul class="chart__legend">{}</ul></figcaption></figure>',
        WIDTH,
        HEIGHT,
        title,
        grid,
        labels,
        SafeString("".join(lines)),
        title,
        legend,
    )
