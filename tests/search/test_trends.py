"""How often, by year (speeches.search.trends): rates checked against counts made by hand from
the sample's texts."""

import csv
import io
import re

import pytest

from speeches.models import Statement
from speeches.search.trends import Series, Trend, Year
from speeches.templatetags.charts import trend_table_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]

# "sanctions" as the search matches it: the English stem "sanction" (sanction, sanctions,
# sanctioned, sanctioning), counted here in the texts themselves.
SANCTION = re.compile(r"\bsanction(?:s|ed|ing)?\b", re.IGNORECASE)


def by_hand(year: int, pattern: re.Pattern, delegation: str | None = None) -> tuple[int, int, int, int]:
    statements = Statement.objects.filter(debate__year=year)
    if delegation:
        statements = statements.filter(delegation__slug=delegation)
    texts = list(statements.values_list("text", "word_count"))
    counts = [len(pattern.findall(text)) for text, _ in texts]
    return sum(1 for n in counts if n), len(texts), sum(counts), sum(words for _, words in texts)


def rows(client, params: str) -> list[dict]:
    response = client.get(f"/statements/trends.csv?{params}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("year", [2014, 2016, 2020])
def test_the_rates_of_a_word_are_the_counts_of_its_texts(client, year):
    (row,) = [r for r in rows(client, "q=sanctions") if r["year"] == str(year)]
    matching, statements, occurrences, words = by_hand(year, SANCTION)
    assert (int(row["matching_statements"]), int(row["statements"])) == (matching, statements)
    assert (int(row["occurrences"]), int(row["words"])) == (occurrences, words)
    assert float(row["per_1000_statements"]) == pytest.approx(1000 * matching / statements, abs=0.001)
    assert float(row["per_100000_words"]) == pytest.approx(100_000 * occurrences / words, abs=0.001)


def test_delegations_are_compared_each_within_its_own_statements(client):
    table = rows(client, "q=sanctions&delegation=russian-federation&delegation=france")
    assert {r["series"] for r in table} == {"Russian Federation", "France"}
    (russia,) = [r for r in table if r["series"] == "Russian Federation" and r["year"] == "2014"]
    matching, statements, occurrences, words = by_hand(2014, SANCTION, "russian-federation")
    assert [int(russia[k]) for k in ("matching_statements", "statements", "occurrences", "words")] == [
        matching,
        statements,
        occurrences,
        words,
    ]


def test_the_page_draws_each_series_and_prints_the_numbers(client):
    response = client.get("/statements/trends/?q=women&compare=children&compare=sanctions")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg viewBox="0 0 720 260" role="img"') == 2  # statements, words
    assert re.findall(r'<g class="chart__series" data-series="([^"]+)">', html)[:3] == [
        "“women”",
        "“children”",
        "“sanctions”",
    ]
    assert "<script" not in html.split('<figure class="chart">')[1]
    table = html.split('id="trend-table"')[1]
    years = sorted(set(Statement.objects.exclude(debate__year=None).values_list("debate__year", flat=True)))
    assert re.findall(r'<th scope="row">(\d{4})</th>', table) == [str(y) for y in years]


def test_the_table_prints_each_year_s_counts_and_rates(client):
    html = client.get("/statements/trends/?q=sanctions&compare=zyzzyva").content.decode()
    table = html.split('id="trend-table"')[1].split("</table>")[0]
    row = re.search(r'<tr><th scope="row">2020</th>(.*?)</tr>', table)[1]
    matching, statements, occurrences, words = by_hand(2020, SANCTION)
    assert matching > 0
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == [
        f"{matching:,}",
        f"{statements:,}",
        f"{1000 * matching / statements:.1f}",
        f"{occurrences:,}",
        f"{100_000 * occurrences / words:.1f}",
        # A query that matches nothing is a series of zeros.
        "0",
        f"{statements:,}",
        "0.0",
        "0",
        "0.0",
    ]


def test_the_table_s_numbers_are_grouped_by_thousands_and_rates_have_one_decimal():
    trend = Trend([Series("“peace”", [Year(1994, 1234, 5678, 12345, 9_876_543)])], [1994])
    assert trend_table_body(trend) == (
        '<tr><th scope="row">1994</th><td class="num">1,234</td><td class="num">5,678</td>'
        '<td class="num">217.3</td><td class="num">12,345</td><td class="num">125.0</td></tr>'
    )


def test_the_search_links_its_chart_and_bad_parameters_are_refused(client):
    html = client.get("/statements/?q=women&delegation=france").content.decode()
    assert (
        'id="trend" href="/statements/trends/?q=women&amp;delegation=france">How often, by year</a>' in html
    )
    assert client.get("/statements/trends/?date_from=yesterday").status_code == 400
    assert client.get("/statements/trends.csv?outcome=maybe").status_code == 400
    # A chart compares at most three queries.
    many = client.get("/statements/trends/?q=a1&compare=b2&compare=c3&compare=d4").content.decode()
    assert (
        re.findall(r'data-series="([^"]+)"', many)[:3] == ["“a1”", "“b2”", "“c3”"]
        and "d4" not in many.split("<figure")[1]
    )
    # A phrase is named in one pair of quotes.
    phrase = client.get("/statements/trends/?q=%22sexual+violence%22&compare=women").content.decode()
    assert re.findall(r'data-series="([^"]+)"', phrase)[:2] == ["“sexual violence”", "“women”"]
    assert "<title>How often: “sexual violence” · " in phrase


def test_the_results_and_a_delegation_s_page_chart_their_rate(client):
    response = client.get("/statements/?q=sanctions")
    html = response.content.decode()
    chart = html.split('<section class="facet year-rates" id="year-rates"')[1].split("</section>")[0]
    trend = response.context["search"].year_rates
    (series,) = trend.series
    for year in series.years:
        matching, statements, _, _ = by_hand(year.year, SANCTION)
        assert (year.matching, year.statements) == (matching, statements)
    assert chart.count("<circle") == len(trend.years) and 'href="/statements/trends/?q=sanctions"' in chart
    delegation = client.get("/delegations/russian-federation/?q=sanctions")
    (own,) = delegation.context["search"].year_rates.series
    by_year = {y.year: y for y in own.years}
    assert (by_year[2014].matching, by_year[2014].statements) == by_hand(
        2014, SANCTION, "russian-federation"
    )[:2]
    assert 'id="year-rates"' in delegation.content.decode()
    assert 'id="year-rates"' not in client.get("/statements/?delegation=france").content.decode()  # no words
