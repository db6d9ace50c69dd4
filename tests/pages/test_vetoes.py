"""/vetoes/: every veto since 1946, by permanent member and decade, and what the members who
cast it said where the archive holds the meeting (S/PV.7138, 15 March 2014, in the sample)."""

import pytest

from speeches.importing.run import import_paths
from speeches.models import Statement, Veto
from tests.conftest import SAMPLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


@pytest.fixture(autouse=True)
def veto_list():
    import_paths([SAMPLE / "register" / "scact_veto_table_en.html"])


def test_every_veto_newest_first(client, django_assert_max_num_queries):
    # The filter's members, the generation, the vetoes, their members, their meetings' debates,
    # the statements; then, the table kept while the archive is unchanged, the first two alone.
    with django_assert_max_num_queries(6):
        first = client.get("/vetoes/").content.decode()
    with django_assert_max_num_queries(2):
        response = client.get("/vetoes/")
    html = response.content.decode()
    assert html == first
    assert response.status_code == 200
    assert '<p class="result-count" id="result-count" data-total="213">' in html
    assert html.index("26 May 2022") < html.index("20 December 2019") < html.index("16 February 1946")
    assert '<a href="https://undocs.org/en/S/2022/431" rel="external">S/2022/431</a>' in html


def test_by_member_and_decade(client):
    html = client.get("/vetoes/?member=russian-federation&decade=2010").content.decode()
    # The veto list's Russian vetoes of 2010-2019, counted off the library's page.
    assert 'data-total="19"' in html


def test_a_veto_links_to_its_debate_and_what_the_member_said(client):
    html = client.get("/vetoes/?decade=2010&member=russian-federation").content.decode()
    assert '<a href="/debates/s-pv-7138/" class="veto__debate">S/PV.7138</a>' in html
    russian = Statement.objects.filter(debate__symbol="S/PV.7138", delegation__slug="russian-federation")
    assert russian.exists()
    for statement in russian:
        assert (
            f'<a href="/debates/s-pv-7138/#s{statement.speech_number}">What Russian Federation said</a>'
            in html
        )


def test_a_veto_by_written_procedure_links_to_its_letters(client):
    html = client.get("/vetoes/?decade=2020&member=united-states").content.decode()
    # The meeting by videoconference is the register's, named by its letter of the vote procedure.
    assert '<a href="/debates/s-2020-870/" class="veto__debate">S/2020/870</a>' in html
    assert (
        '(written procedure: <a href="https://undocs.org/en/S/2020/870" rel="external">S/2020/870</a>, '
        '<a href="https://undocs.org/en/S/2020/865" rel="external">S/2020/865</a>)'
    ) in html


@pytest.mark.parametrize("query", ["member=nowhere", "decade=1234", "decade=%00"])
def test_a_parameter_that_cannot_be_read_is_a_400_that_says_why(client, query):
    response = client.get(f"/vetoes/?{query}")
    assert response.status_code == 400
    assert 'id="form-errors"' in response.content.decode()


def test_the_kept_table_follows_the_archive(client):
    """An import that changes the veto list changes the table at once (a new generation)."""
    assert 'data-total="213"' in client.get("/vetoes/").content.decode()
    assert Veto.objects.filter(date__year=1946).count() == 9  # the Soviet Union's vetoes of 1946
    Veto.objects.filter(date__year=1946).delete()
    html = client.get("/vetoes/").content.decode()
    assert 'data-total="204"' in html and "16 February 1946" not in html
