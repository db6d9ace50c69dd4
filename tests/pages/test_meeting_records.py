"""What a full record adds to the pages: the meeting's facts and decisions on its debate page,
and on a resolution's page the meeting that adopted it (sample corpus, with its four records)."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def test_debate_page_shows_the_meeting_and_its_decisions(client):
    html = client.get("/debates/s-pv-8701/").content.decode()
    assert '<section class="meeting-record" id="meeting-record"' in html
    assert '<dt>President</dt><dd>Mr. Dang <span class="muted">Viet Nam</span></dd>' in html
    assert '<dt>Called to order</dt><dd><time datetime="10:20">10.20 a.m.</time></dd>' in html
    assert '<dt>Rose</dt><dd><time datetime="10:25">10.25 a.m.</time></dd>' in html
    assert '<li class="decision" id="decision-1">' in html
    assert '<a href="https://undocs.org/en/S/2020/27" rel="external">S/2020/27</a>' in html
    assert (
        '<span class="badge">adopted</span> as <a href="/resolutions/2505/">resolution 2505 (2020)</a>'
        in html
    )
    assert "<dt>In favour (15)</dt>" in html and "<dt>Against (0)</dt><dd>None</dd>" in html
    assert "<summary>Members of the Council (15)</summary>" in html
    assert "Vetoed by" not in html


def test_a_suspended_meeting(client):
    html = client.get("/debates/s-pv-8706/").content.decode()
    assert '<dt>Suspended</dt><dd><time datetime="13:10">1.10 p.m.</time></dd>' in html
    assert "<dt>Rose</dt>" not in html and 'id="decisions"' not in html
    assert '<a href="https://undocs.org/en/S/2019/1005"' not in html


def test_debates_without_a_record_have_no_meeting_section(client):
    html = client.get("/debates/s-pv-7658/").content.decode()
    assert "meeting-record" not in html


def test_resolution_page_links_to_the_meeting_that_adopted_it(client):
    html = client.get("/resolutions/2505/").content.decode()
    assert (
        '<dt>Adopted at</dt><dd><a href="/debates/s-pv-8701/#decision-1" class="adopted-at">S/PV.8701</a>, '
        "13 January 2020</dd>"
    ) in html
    # A resolution whose meeting's record is not imported: adopted at the register's meeting,
    # S/PV.4213 of 31 October 2000.
    assert (
        '<dt>Adopted at</dt><dd><a href="/debates/s-pv-4213/" class="adopted-at">S/PV.4213</a>, 31 October 2000</dd>'
    ) in client.get("/resolutions/1325/").content.decode()


@pytest.mark.parametrize(
    "path, queries",
    [
        # The debate (with its President's delegation), its decisions (with their
        # resolutions), their votes (with their delegations), its members (with theirs),
        # the register's outcomes (with their resolutions), its statements: one decision of
        # fifteen votes, fifteen members.
        ("/debates/s-pv-8701/", 6),
        # No decision, so no votes to fetch.
        ("/debates/s-pv-8706/", 5),
    ],
)
def test_a_record_s_debate_page_costs_the_same_queries_whatever_it_decided(
    client, settings, django_assert_num_queries, path, queries
):
    settings.PAGE_CACHE_SECONDS = 0  # the page as built, not as kept
    with django_assert_num_queries(queries):
        html = client.get(path).content.decode()
    # What the queries fetched is on the page: every member's and voter's delegation.
    members = html.split('<ul class="members__list">')[1].split("</ul>")[0]
    assert members.count('<li><a href="/delegations/') == 15
    if path == "/debates/s-pv-8701/":
        assert "<dt>In favour (15)</dt><dd>Belgium, China, Dominican Republic, Estonia, France," in html
