"""The per-year chart of a search (speeches.search.trends), drawn here as SVG: no script, so it
works without JavaScript, and its numbers are the table printed beside it."""

from django import template
from django.utils.html import escape, format_html
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
    """An SVG line chart of each series' rate (`measure`: statements or words) per year.

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
    every = max(1, len(years) // 10)
    # The first and last years inside the drawing, the others centred on their point.
    labels = "".join(
        f'<text x="{xs[year]}" y="{HEIGHT - 10}" class="chart__tick" '
        f'text-anchor="{"start" if i == 0 else "end" if year == years[-1] else "middle"}">{year}</text>'
        for i, year in enumerate(years)
        if i % every == 0 or year == years[-1]
    )
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
        '{}{}{}</svg><figcaption>{}<ul class="chart__legend">{}</ul></figcaption></figure>',
        WIDTH,
        HEIGHT,
        title,
        SafeString(grid),
        SafeString(labels),
        SafeString("".join(lines)),
        title,
        SafeString("".join(legend)),
    )
