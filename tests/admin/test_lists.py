"""The admin's lists for curators, on the sample: search, filters, columns, and the links
between debates, statements and imports."""

import io

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command

from speeches.models import Debate, Delegation, ImportJob, Statement
from speeches.parsing.normalize import fold

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]

STATEMENTS = "/admin/speeches/statement/"
DEBATES = "/admin/speeches/debate/"


def results(response) -> list:
    assert response.status_code == 200
    changelist = response.context["cl"]
    return list(changelist.queryset)


@pytest.fixture
def imported(write_file) -> ImportJob:
    """One more statement, imported by the command: its import is recorded."""
    path = write_file("UNSC_2016_SPV.7710_spch001.txt", "The President: The meeting is called to order.")
    call_command("import_statements", str(path), stdout=io.StringIO())
    return ImportJob.objects.get()


def test_statements_of_a_debate(admin_client):
    debate = Debate.objects.get(symbol="S/PV.7658")
    response = admin_client.get(f"{STATEMENTS}?debate={debate.pk}")
    numbers = list(debate.statements.order_by("speech_number").values_list("speech_number", flat=True))
    assert numbers and [s.speech_number for s in results(response)] == numbers
    # The chosen debate is shown as chosen in the filter, whether or not it is among the latest.
    assert f'<li class="selected">\n    <a href="?debate={debate.pk}"'.encode() in response.content


def test_statements_of_a_delegation_on_a_date(admin_client):
    kazakhstan = Delegation.objects.get(slug="kazakhstan")
    response = admin_client.get(f"{STATEMENTS}?delegation__id__exact={kazakhstan.pk}&debate__date__year=2016")
    expected = Statement.objects.filter(delegation=kazakhstan, debate__date__year=2016)
    assert {s.pk for s in results(response)} == set(expected.values_list("pk", flat=True))
    assert len(results(response)) == expected.count() > 0


def test_statements_by_the_words_they_say(admin_client):
    # The same count as the site's search (tests/pages/test_statements.py).
    matching = Statement.objects.filter(
        search=SearchQuery(fold("trafficking"), search_type="websearch", config="english")
    )
    assert len(results(admin_client.get(f"{STATEMENTS}?q=trafficking"))) == matching.count() > 0


def test_statements_by_speaker_or_symbol(admin_client):
    assert {s.speaker for s in results(admin_client.get(f"{STATEMENTS}?q=Abdrakhmanov"))} == {
        "Mr. Abdrakhmanov"
    }
    by_symbol = results(admin_client.get(f"{STATEMENTS}?q=S/PV.8698"))
    assert {s.debate.symbol for s in by_symbol} == {"S/PV.8698"} and len(by_symbol) == 20


def test_statements_needing_review(admin_client):
    flagged = Statement.objects.exclude(attribution_note="")
    response = admin_client.get(f"{STATEMENTS}?attribution=review")
    assert {s.pk for s in results(response)} == set(flagged.values_list("pk", flat=True))


def test_an_import_its_statements_and_its_debates_link_to_each_other(admin_client, imported):
    statement = Statement.objects.get(debate__symbol="S/PV.7710")
    assert [s.pk for s in results(admin_client.get(f"{STATEMENTS}?last_import={imported.pk}"))] == [
        statement.pk
    ]
    assert [d.symbol for d in results(admin_client.get(f"{DEBATES}?last_import={imported.pk}"))] == [
        "S/PV.7710"
    ]
    report = f'href="/admin/speeches/importjob/{imported.pk}/change/"'.encode()
    assert report in admin_client.get(f"{STATEMENTS}{statement.pk}/change/").content
    assert report in admin_client.get(f"{DEBATES}{statement.debate_id}/change/").content
    page = admin_client.get(f"/admin/speeches/importjob/{imported.pk}/change/")
    assert f'href="{STATEMENTS}?last_import={imported.pk}"'.encode() in page.content
    assert f'href="{DEBATES}{statement.debate_id}/change/">S/PV.7710</a>'.encode() in page.content


def test_debates_with_their_statement_counts(admin_client):
    from_records = results(admin_client.get(f"{DEBATES}?record=yes"))
    assert sorted(d.symbol for d in from_records) == ["S/PV.8698", "S/PV.8701", "S/PV.8706", "S/PV.8770"]
    debate = Debate.objects.get(symbol="S/PV.8698")
    page = admin_client.get(f"{DEBATES}?q=S/PV.8698")
    assert f'<a href="{STATEMENTS}?debate={debate.pk}">20</a>'.encode() in page.content


def test_delegations_with_their_statement_counts(admin_client):
    kazakhstan = Delegation.objects.get(slug="kazakhstan")
    page = admin_client.get("/admin/speeches/delegation/?q=Kazakhstan")
    count = kazakhstan.statements.count()
    assert (
        f'<a href="{STATEMENTS}?delegation__id__exact={kazakhstan.pk}">{count}</a>'.encode() in page.content
    )


def test_imports_newest_first_and_by_file_name(admin_client, django_user_model):
    curator = django_user_model.objects.create_user("curator")
    older, newer = (
        ImportJob.objects.create(
            user=curator, status="done", uploads=[{"name": name, "size": 1, "stored": ""}]
        )
        for name in ("old.zip", "speeches-2016.zip")
    )
    assert [j.pk for j in results(admin_client.get("/admin/speeches/importjob/"))] == [newer.pk, older.pk]
    assert [j.pk for j in results(admin_client.get("/admin/speeches/importjob/?q=2016"))] == [newer.pk]
