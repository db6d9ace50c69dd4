"""A search's statements as CSV and JSON (speeches.search.export)."""

import csv
import io
import json
from urllib.parse import urlencode

import pytest

from speeches.models import Debate, Statement
from speeches.search import export

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]

HEADER = [
    "url",
    "meeting",
    "date",
    "year",
    "topic",
    "speech_number",
    "speaker",
    "role",
    "delegation",
    "delegation_as_printed",
    "participant_type",
    "language",
    "word_count",
    "text",
]


def exported(client, **params) -> list[dict]:
    response = client.get(f"/statements/export.csv?{urlencode(params, doseq=True)}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="unsc-statements.csv"'
    reader = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert next(reader) == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in reader]


def searched(client, **params) -> list[str]:
    """The statements' URLs on every page of the same search, in order."""
    urls, page = [], 1
    while True:
        search = client.get(f"/statements/?{urlencode({**params, 'page': page})}").context["search"]
        urls += [s.url.split("?")[0] for s in search.results]
        if not search.page.has_next():
            return urls
        page += 1


@pytest.mark.parametrize(
    "params",
    [{"q": "trafficking"}, {"q": "women", "sort": "oldest"}, {"resolution": "1325"}, {"q": "Türkiye"}],
)
def test_the_export_holds_the_searchs_statements_in_its_order(client, params):
    rows = exported(client, **params)
    assert [row["url"].removeprefix("http://testserver") for row in rows] == searched(client, **params)
    assert len(rows) > 0


def test_a_row_holds_the_statement_and_its_meeting(client):
    statement = Statement.objects.select_related("debate", "delegation").get(
        debate__symbol="S/PV.7704", delegation__slug="kazakhstan", speaker="Mr. Abdrakhmanov"
    )
    [row] = exported(client, q="trafficking", delegation="kazakhstan")
    assert row == {
        "url": f"http://testserver{statement.get_absolute_url()}",
        "meeting": "S/PV.7704",
        "date": statement.debate.date.isoformat(),
        "year": str(statement.debate.year),
        "topic": statement.debate.topic,
        "speech_number": str(statement.speech_number),
        "speaker": "Mr. Abdrakhmanov",
        "role": statement.role,
        "delegation": "Kazakhstan",
        "delegation_as_printed": statement.delegation_as_printed,
        "participant_type": statement.participant_type,
        "language": statement.language,
        "word_count": str(statement.word_count),
        "text": statement.text,
    }


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(client):
    Statement.objects.create(
        debate=Debate.objects.get(symbol="S/PV.7704"),
        speech_number=950,
        speaker='=HYPERLINK("http://example.com","Mr. Zyzzyva")',
        text="-2+3 is what Zyzzyva said.",
        word_count=5,
        checksum="950",
    )
    [row] = exported(client, q="Zyzzyva")
    assert row["speaker"] == '\'=HYPERLINK("http://example.com","Mr. Zyzzyva")'
    assert row["text"] == "'-2+3 is what Zyzzyva said."


def test_the_export_stops_at_its_limit_and_the_link_says_so(client, monkeypatch):
    total = len(searched(client, q="women"))
    monkeypatch.setattr(export, "MAX_ROWS", 3)
    assert len(exported(client, q="women")) == 3 < total
    html = client.get("/statements/?q=women&page=2").content.decode()
    assert (
        '<span class="results-export"><a id="export-csv" href="/statements/export.csv?q=women" download>'
        'Download as CSV</a> · <a id="export-json" href="/statements/export.json?q=women" download>JSON</a> '
        '(the first 3) · <a id="feed" href="/statements/feed/?q=women" type="application/atom+xml">Atom feed</a>'
        ' · <a id="trend" href="/statements/trends/?q=women">How often, by year</a>'
        ' · <a id="concordance-link" href="/statements/concordance/?q=women">In context</a></span>'
    ) in html


def test_a_delegations_page_exports_that_delegations_statements(client):
    html = client.get("/delegations/kazakhstan/?q=trafficking").content.decode()
    assert 'href="/statements/export.csv?q=trafficking&amp;delegation=kazakhstan"' in html
    assert {row["delegation"] for row in exported(client, q="trafficking", delegation="kazakhstan")} == {
        "Kazakhstan"
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2020-01-01", "date_to": "2019-01-01"}, "date_to: is before “From” (1 January 2020)"),
        ({"resolution": "banana"}, "resolution: "),
        ({"sort": "sideways"}, "sort: "),
    ],
)
def test_a_search_that_cannot_run_is_refused_with_its_reason(client, params, message):
    response = client.get(f"/statements/export.csv?{urlencode(params)}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith(f"Not a search this archive can run ({message}")


def test_the_json_export_holds_the_csv_s_rows_typed(client):
    params = {"q": "women", "delegation": "france"}
    response = client.get(f"/statements/export.json?{urlencode(params)}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="unsc-statements.json"'
    rows = json.loads(b"".join(response.streaming_content))
    as_csv = exported(client, **params)
    assert len(rows) == len(as_csv) > 0
    for row, line in zip(rows, as_csv, strict=True):
        assert list(row) == HEADER
        assert (row["url"], row["text"], row["date"]) == (line["url"], line["text"], line["date"])
        assert isinstance(row["speech_number"], int) and isinstance(row["word_count"], int)
    assert client.get("/statements/export.json?date_from=yesterday").status_code == 400
