"""A statement's standing on the Council (from Sakamoto & Matsuoka's flags): shown on the statement,
and a search filter. On the sample, whose hand-made table of their layout covers nine statements."""

import pytest

from speeches.models import Delegation, Statement
from speeches.parsing.decisions import PERMANENT_MEMBERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def total(client, **params) -> int:
    response = client.get("/statements/", params)
    assert response.status_code == 200
    return response.context["search"].total


def test_the_statement_page_says_the_speaker_s_standing(client):
    assert (
        '<dt>On the Council</dt><dd id="standing">Permanent member</dd>'
        in client.get("/debates/s-pv-7138/2/").content.decode()
    )
    assert '<dd id="standing">Elected member</dd>' in client.get("/debates/s-pv-7138/1/").content.decode()
    assert '<dd id="standing">United Nations</dd>' in client.get("/debates/s-pv-7658/4/").content.decode()


def test_search_by_standing(client):
    # The table's flags: the Presidents of March 2014 (Luxembourg) and March 2016 (Angola), twice each.
    assert total(client, council="elected") == 4
    given = Statement.objects.filter(council_status="")
    p5 = (
        Statement.objects.filter(council_status="p5").count()
        + given.filter(delegation__iso3__in=PERMANENT_MEMBERS).count()
    )
    assert total(client, council="p5") == p5 > 3
    un = (
        Statement.objects.filter(council_status="un").count()
        + given.filter(delegation__kind=Delegation.Kind.UNITED_NATIONS).count()
    )
    assert total(client, council="UN") == un >= 2
    assert total(client, council="non_member") == 0  # no State outside the Council in the table
    bad = client.get("/statements/?council=p6")
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
