"""The concordance (speeches.search.concordance): every line checked against the texts of the
sample, counted by hand, sorted, paged and exported."""

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from speeches.models import Statement
from speeches.search import concordance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]

SANCTION = re.compile(r"\bsanction(?:s|ed|ing)?\b", re.IGNORECASE)


def page(client, params: str):
    response = client.get(f"/statements/concordance/?{params}")
    assert response.status_code == 200
    return response.context["concordance"]


def every_line(client, params: str) -> list:
    first = page(client, params)
    lines = list(first.page.object_list)
    for number in first.page.paginator.page_range[1:]:
        lines.extend(page(client, f"{params}&page={number}").page.object_list)
    return lines


def test_every_occurrence_is_a_line_and_the_count_is_exact(client):
    by_hand = sum(len(SANCTION.findall(text)) for text in Statement.objects.values_list("text", flat=True))
    found = page(client, "q=sanctions")
    assert found.total == by_hand > concordance.PAGE_LINES
    lines = every_line(client, "q=sanctions")
    assert len(lines) == by_hand
    assert {line.keyword.lower() for line in lines} <= {"sanction", "sanctions", "sanctioned", "sanctioning"}


def test_each_line_is_its_place_in_the_statement(client):
    for line in every_line(client, "q=sanctions"):
        parts = urlsplit(line.statement_url)
        slug, number = parts.path.strip("/").split("/")[1:3]
        assert parse_qs(parts.query) == {"q": ["sanctions"]}
        statement = Statement.objects.get(debate__slug=slug, speech_number=int(number))
        paragraph = statement.text.split("\n\n")[int(parts.fragment.removeprefix("p")) - 1]
        assert re.search(rf"\b{re.escape(line.keyword)}\b", paragraph)
        # The words around it are the text's (the context may run into the next paragraph).
        text = " ".join(statement.text.split())
        assert any(f"{line.left}{gap}{line.keyword}" in text for gap in ("", " ")), line
        assert any(f"{line.keyword}{gap}{line.right}" in text for gap in ("", " ")), line


def test_lines_sorted_by_the_words_before_or_after(client):
    right = every_line(client, "q=sanctions&order=right")
    assert [line.right_words for line in right] == sorted(line.right_words for line in right)
    left = every_line(client, "q=sanctions&order=left")
    assert [line.left_words for line in left] == sorted(line.left_words for line in left)
    assert sorted(map(repr, left)) == sorted(map(repr, right))  # the same lines, in another order


def test_a_concordance_too_long_to_sort_says_so(client, monkeypatch):
    monkeypatch.setattr(concordance, "MAX_SORTED", 10)
    found = page(client, "q=sanctions&order=left")
    assert found.order == "text" and "at most 10" in found.notice


def test_the_filters_are_the_search_s(client):
    lines = every_line(client, "q=sanctions&delegation=russian-federation")
    by_hand = sum(
        len(SANCTION.findall(text))
        for text in Statement.objects.filter(delegation__slug="russian-federation").values_list(
            "text", flat=True
        )
    )
    assert len(lines) == by_hand > 0
    assert {line.delegation for line in lines} == {"Russian Federation"}


def test_the_csv_holds_every_line(client):
    response = client.get("/statements/concordance.csv?q=sanctions")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == page(client, "q=sanctions").total
    assert list(rows[0]) == ["meeting", "date", "speaker", "delegation", "left", "keyword", "right", "url"]
    assert rows[0]["url"].startswith("http://testserver/debates/")


def test_words_that_cannot_be_found_and_bad_parameters(client):
    assert "Type the words" in page(client, "").notice
    assert "very common words" in page(client, "q=the").notice
    assert client.get("/statements/concordance/?date_from=yesterday").status_code == 400
    assert client.get("/statements/concordance.csv?outcome=maybe").status_code == 400
    html = client.get("/statements/?q=sanctions").content.decode()
    assert 'id="concordance-link" href="/statements/concordance/?q=sanctions">In context</a>' in html


def test_lines_past_the_kept_first_statements_are_read_in_order(client, monkeypatch):
    monkeypatch.setattr(concordance, "KEPT_IDS", 3)
    lines = every_line(client, "q=sanctions")
    assert len(lines) == page(client, "q=sanctions").total
    monkeypatch.undo()
    assert [repr(line) for line in lines] == [repr(line) for line in every_line(client, "q=sanctions")]
