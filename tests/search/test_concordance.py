"""The concordance (speeches.search.concordance): every line checked against the texts of the
sample, counted by hand, sorted, paged and exported."""

import csv
import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from speeches.models import ConcordanceSort, Statement
from speeches.search import concordance, service, sorts

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


def sort_in_the_worker() -> str:
    out = io.StringIO()
    call_command("run_import_worker", "--once", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def long(monkeypatch):
    """Concordances of more than 10 lines are too long to sort while the page waits."""
    monkeypatch.setattr(concordance, "MAX_SORTED", 10)


def test_a_long_concordance_is_sorted_by_the_worker_exactly_as_a_short_one(client, monkeypatch):
    sorted_at_once = {order: every_line(client, f"q=sanctions&order={order}") for order in ("left", "right")}
    assert len(sorted_at_once["left"]) > concordance.PAGE_LINES  # two pages
    monkeypatch.setattr(concordance, "MAX_SORTED", 10)

    waiting = client.get("/statements/concordance/?q=sanctions&order=left")
    found = waiting.context["concordance"]
    assert found.sorting.sort.status == ConcordanceSort.Status.QUEUED
    # Meanwhile the lines as spoken, a page that says so and reloads itself, and a CSV of them.
    assert list(found.page.object_list) == list(page(client, "q=sanctions").page.object_list)
    assert found.order == "left"
    html = waiting.content.decode()
    assert '<meta http-equiv="refresh" content="10">' in html
    assert f"Sorting these {found.total:,} lines by the words before the keyword" in html
    assert 'href="/statements/concordance.csv?q=sanctions&amp;order=text"' in html
    csv_response = client.get("/statements/concordance.csv?q=sanctions&order=left")
    assert (csv_response.status_code, csv_response["Retry-After"]) == (503, "10")
    assert ConcordanceSort.objects.count() == 1  # asking again queues nothing more
    client.get("/statements/concordance/?q=sanctions&order=left&page=2")
    assert ConcordanceSort.objects.count() == 1

    said = sort_in_the_worker()
    assert "sorted in" in said and said.endswith(
        "Import worker stopped: 0 imports run, 0 failed; 1 concordance sorted\n"
    )
    sort = ConcordanceSort.objects.get()
    assert (sort.status, sort.line_count, len(bytes(sort.lines))) == (
        ConcordanceSort.Status.DONE,
        found.total,
        12 * found.total,
    )
    done = client.get("/statements/concordance/?q=sanctions&order=left")
    assert "refresh" not in done.content.decode() and done.context["concordance"].sorting is None
    assert every_line(client, "q=sanctions&order=left") == sorted_at_once["left"]
    assert [line.left_words for line in sorted_at_once["left"]] == sorted(
        line.left_words for line in sorted_at_once["left"]
    )
    # Each order is sorted once; the CSV is the sorted lines.
    client.get("/statements/concordance/?q=sanctions&order=right")
    sort_in_the_worker()
    assert every_line(client, "q=sanctions&order=right") == sorted_at_once["right"]
    rows = list(
        csv.reader(
            io.StringIO(client.get("/statements/concordance.csv?q=sanctions&order=right").getvalue().decode())
        )
    )
    assert [row[4:7] for row in rows[1:]] == [
        [line.left, line.keyword, line.right] for line in sorted_at_once["right"]
    ]


def test_sorted_lines_are_served_only_while_the_archive_is_unchanged(client, long):
    client.get("/statements/concordance/?q=sanctions&order=right")
    sort_in_the_worker()
    before = every_line(client, "q=sanctions&order=right")
    statement = Statement.objects.filter(text__icontains="sanctions").order_by("id").first()
    statement.text = "Sanctions apart: " + statement.text
    statement.save()  # an import's write moves the search generation on

    again = page(client, "q=sanctions&order=right")
    assert again.sorting.sort.status == ConcordanceSort.Status.QUEUED and again.total == len(before) + 1
    sort_in_the_worker()
    after = every_line(client, "q=sanctions&order=right")
    assert len(after) == len(before) + 1
    assert [line.keyword for line in after if line.right.startswith("apart:")] == ["Sanctions"]


def test_a_sort_that_fails_says_so_and_is_not_retried_until_the_archive_changes(
    client, admin_client, long, monkeypatch
):
    def broken(*args):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(concordance, "places", broken)
    client.get("/statements/concordance/?q=sanctions&order=right")
    assert "not stored" not in sort_in_the_worker()
    sort = ConcordanceSort.objects.get()
    assert sort.status == ConcordanceSort.Status.FAILED and "RuntimeError: out of memory" in sort.error

    response = client.get("/statements/concordance/?q=sanctions&order=right")
    html = response.content.decode()
    assert "could not be sorted by the words after the keyword" in html and "refresh" not in html
    assert client.get("/statements/concordance.csv?q=sanctions&order=right").status_code == 409
    assert ConcordanceSort.objects.get().status == ConcordanceSort.Status.FAILED
    # The admin lists it with its error, for whoever keeps the site.
    listed = admin_client.get("/admin/speeches/concordancesort/?status=failed").content.decode()
    assert (
        '<a href="/statements/concordance/?q=sanctions&amp;order=right">q=sanctions, order=right</a>'
        in listed
    )
    record = admin_client.get(f"/admin/speeches/concordancesort/{sort.pk}/change/").content.decode()
    assert "RuntimeError: out of memory" in record


def test_a_sort_asked_for_again_while_it_runs_stores_nothing(client, long):
    client.get("/statements/concordance/?q=sanctions&order=left")
    claimed = sorts.claim_next()
    assert claimed is not None and sorts.claim_next() is None  # one worker at a time
    Statement.objects.filter(pk=Statement.objects.order_by("id").values("id")[:1]).update(speaker="X")
    page(client, "q=sanctions&order=left")  # a newer generation: queued again
    assert not sorts.run(claimed, service.concordance_source)
    assert ConcordanceSort.objects.get().status == ConcordanceSort.Status.QUEUED
    sort_in_the_worker()
    assert ConcordanceSort.objects.get().status == ConcordanceSort.Status.DONE


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


def test_no_more_sorts_are_queued_than_the_worker_can_take(client, long, monkeypatch):
    monkeypatch.setattr(sorts, "MAX_QUEUED", 1)
    client.get("/statements/concordance/?q=sanctions&order=left")
    response = client.get("/statements/concordance/?q=sanctions&order=right")
    found = response.context["concordance"]
    assert found.sorting.busy and list(found.page.object_list) == list(
        page(client, "q=sanctions").page.object_list
    )
    html = response.content.decode()
    assert "as many others waiting to be sorted as it takes" in html and "refresh" not in html
    csv_response = client.get("/statements/concordance.csv?q=sanctions&order=right")
    assert (csv_response.status_code, csv_response["Retry-After"]) == (503, "300")
    assert list(ConcordanceSort.objects.values_list("params", flat=True)) == [
        [["q", "sanctions"], ["order", "left"]]
    ]
    sort_in_the_worker()  # the queue empties: the next reader's is taken
    assert page(client, "q=sanctions&order=right").sorting.sort.status == ConcordanceSort.Status.QUEUED


def test_a_concordance_too_long_even_for_the_worker_says_so(client, long, monkeypatch):
    monkeypatch.setattr(sorts, "MAX_LINES", 56)  # "sanctions" has 57 lines
    found = page(client, "q=sanctions&order=left")
    assert found.order == "text" and found.sorting is None
    assert (
        found.notice
        == "Lines are sorted by their context when there are at most 56: narrow the search to sort these."
    )
    assert not ConcordanceSort.objects.exists()


def test_contexts_sort_by_their_words_punctuation_passed_over():
    def line(left: str, right: str) -> concordance.Line:
        return concordance.Line("/", "S/PV.1", "2020-01-01", "", "", left, "security", right, 1, 1, 0)

    lines = [
        line("the Council’s", ", and the"),
        line("peace and", "action (2000)"),
        line("women's", "Council"),
    ]
    by_right = sorted(lines, key=concordance.sort_key("right"))
    assert [x.right for x in by_right] == ["action (2000)", ", and the", "Council"]
    by_left = sorted(lines, key=concordance.sort_key("left"))
    assert [x.left for x in by_left] == ["peace and", "the Council’s", "women's"]


def test_after_an_import_the_sorts_asked_for_lately_are_sorted_again_before_readers_come(
    client, long, write_file
):
    for order in ("right", "left"):
        client.get(f"/statements/concordance/?q=sanctions&order={order}")
        sort_in_the_worker()
    before = page(client, "q=sanctions&order=right").total
    # The left one was asked for more than a week ago: it is dropped, not sorted again.
    ConcordanceSort.objects.filter(params__contains=[["order", "left"]]).update(
        requested_at=timezone.now() - timedelta(days=8)
    )
    path = write_file("UNSC_2016_SPV.7710_spch001.txt", "The President: Sanctions, and more sanctions.")
    call_command("import_statements", str(path), stdout=io.StringIO())

    sort = ConcordanceSort.objects.get()
    assert (sort.params[-1], sort.status, sort.lines, sort.line_count) == (
        ["order", "right"],
        ConcordanceSort.Status.QUEUED,
        None,
        0,
    )
    sort_in_the_worker()
    found = page(client, "q=sanctions&order=right")  # the first reader after the import
    assert found.sorting is None and found.total == before + 2
    assert len(every_line(client, "q=sanctions&order=right")) == before + 2
