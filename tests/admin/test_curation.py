"""What curators change in the admin: a statement's text (its citations and search vector follow),
a debate deleted with its statements, and two delegations merged into one."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.postgres.search import SearchQuery

from speeches.importing.run import import_paths
from speeches.models import (
    Citation,
    Debate,
    DebateMember,
    Decision,
    Delegation,
    DelegationAlias,
    Resolution,
    Statement,
    Vote,
)
from speeches.parsing.normalize import name_key
from speeches.parsing.speech import Options
from speeches.parsing.symbols import parse_meeting
from tests.conftest import REFERENCE, SAMPLE

pytestmark = pytest.mark.django_db

RECORD = SAMPLE / "unsc_2020" / "full_records_S_PV_txt" / "S_PV.8698_E.txt"


def found(words: str) -> list[int]:
    query = SearchQuery(words, search_type="websearch", config="english")
    return list(Statement.objects.filter(search=query).values_list("pk", flat=True))


def change_form_data(response) -> dict:
    """What the browser would send back from an admin change page, unchanged."""
    data = {}
    for name, value in ((f.html_name, f.value()) for f in response.context["adminform"].form):
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in [formset.management_form, *formset.forms]:
            for field in form:
                value = field.value()
                data[field.html_name] = "" if value is None else value
    return data


@pytest.fixture
def reference() -> Statement:
    report = import_paths([REFERENCE], options=Options(meeting=parse_meeting("S/PV.7704"), speech_number=12))
    assert report.created == 1
    return Statement.objects.get()


# Editing a statement ------------------------------------------------------------------------------


def test_editing_a_statement_reads_its_citations_again_and_updates_its_search_vector(admin_client, reference):
    assert sorted(reference.resolutions.values_list("number", flat=True)) == [1325, 2170, 2253]
    assert found("trafficking") == [reference.pk]
    url = f"/admin/speeches/statement/{reference.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["text"] = (
        "We recall  resolution 2242 (2015),\r\nadopted under the Spanish presidency.\r\n\r\n"
        "The report S/2016/361 speaks of the Blauwasser question.\r\n"
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get()
    assert statement.text == (
        "We recall resolution 2242 (2015), adopted under the Spanish presidency.\n\n"
        "The report S/2016/361 speaks of the Blauwasser question."
    )
    assert (statement.word_count, statement.paragraphs[1]) == (
        18,
        "The report S/2016/361 speaks of the Blauwasser question.",
    )
    assert statement.checksum != reference.checksum
    assert list(
        Citation.objects.filter(statement=statement).values_list("resolution__number", "sentence")
    ) == [(2242, "We recall resolution 2242 (2015), adopted under the Spanish presidency.")]
    assert list(statement.documents.values_list("symbol", flat=True)) == ["S/2016/361"]
    assert Resolution.objects.filter(number=2242, year=2015).exists()
    # The search vector is a generated column: PostgreSQL rewrote it with the row.
    assert found("Blauwasser") == found("Spanish presidency") == [statement.pk]
    assert found("trafficking") == []


def test_editing_the_speaker_leaves_the_citations_and_finds_the_new_name(admin_client, reference):
    url = f"/admin/speeches/statement/{reference.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["speaker"] = "Mr. Umarov"
    assert admin_client.post(url, data).status_code == 302
    assert sorted(reference.resolutions.values_list("number", flat=True)) == [1325, 2170, 2253]
    assert found("Umarov") == [reference.pk] and found("Abdrakhmanov") == []


# Deleting a debate --------------------------------------------------------------------------------


def test_deleting_a_debate_deletes_its_statements_and_what_hangs_from_them(
    admin_client, reference, write_file
):
    # Alone: beside it, the sample's tables would bring other meetings.
    assert import_paths([write_file(RECORD.name, RECORD.read_bytes())]).records == 1
    debate = Debate.objects.get(symbol="S/PV.8698")
    statements = list(debate.statements.values_list("pk", flat=True))
    assert len(statements) == 20 and debate.members.count() == 15
    assert Citation.objects.filter(statement__in=statements).exists()
    delegations = Delegation.objects.count()

    response = admin_client.post(f"/admin/speeches/debate/{debate.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Debate.objects.filter(symbol="S/PV.8698").exists()
    assert Statement.objects.filter(pk__in=statements).count() == 0
    assert Citation.objects.filter(statement__in=statements).count() == 0
    assert Statement.documents.through.objects.filter(statement__in=statements).count() == 0
    assert DebateMember.objects.filter(debate_id=debate.pk).count() == 0
    assert Decision.objects.filter(debate_id=debate.pk).count() == 0
    # What other debates hold stays.
    assert list(Statement.objects.values_list("pk", flat=True)) == [reference.pk]
    assert Delegation.objects.count() == delegations


# Merging delegations ------------------------------------------------------------------------------


@pytest.fixture
def misspelt(write_file, reference):
    """An unrecognised spelling of Kazakhstan, which the import made a delegation of its own,
    with a seat, a vote and a presidency in a meeting where Kazakhstan also sat."""
    write_file("UNSC_2016_SPV.7705_spch001.txt", "Mr. Umarov (Kazakstan): We thank the briefers.")
    write_file("UNSC_2016_SPV.7705_spch002.txt", "Mr. Umarov (Kazakstan): And we agree.")
    assert import_paths([write_file("x.txt", "").parent]).created == 2
    source = Delegation.objects.get(name="Kazakstan")
    target = Delegation.objects.get(name="Kazakhstan")
    debate = Debate.objects.get(symbol="S/PV.7705")
    debate.president_delegation = source
    debate.save()
    DebateMember.objects.create(debate=debate, delegation=source, representative="Mr. Umarov", order=1)
    DebateMember.objects.create(debate=debate, delegation=target, representative="Mr. Umarov", order=1)
    decision = Decision.objects.create(debate=debate, number=1, kind=Decision.Kind.RESOLUTION)
    Vote.objects.create(decision=decision, delegation=source, position=Vote.Position.IN_FAVOUR)
    return source, target


def test_merging_a_spelling_into_the_right_delegation(admin_client, misspelt, write_file):
    source, target = misspelt
    changelist = "/admin/speeches/delegation/"
    chosen = {"action": "merge", "_selected_action": [source.pk]}
    page = admin_client.post(changelist, chosen)
    assert page.status_code == 200
    assert (
        "<strong>Kazakstan</strong> (Other): 2 statements; spelled “Kazakstan”</li>" in page.content.decode()
    )
    assert [d.name for d in page.context["form"].fields["target"].queryset] == sorted(
        Delegation.objects.exclude(pk=source.pk).values_list("name", flat=True)
    )

    response = admin_client.post(changelist, {**chosen, "merge": "yes", "target": target.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Merged Kazakstan into Kazakhstan: 2 statements moved; its name is now a spelling of Kazakhstan."
    ]
    assert not Delegation.objects.filter(pk=source.pk).exists()
    assert list(
        Statement.objects.filter(debate__symbol="S/PV.7705").values_list("delegation", flat=True)
    ) == [
        target.pk,
        target.pk,
    ]
    assert DelegationAlias.objects.get(key=name_key("Kazakstan")).delegation == target
    debate = Debate.objects.get(symbol="S/PV.7705")
    assert debate.president_delegation == target
    assert list(debate.members.values_list("delegation", flat=True)) == [target.pk]  # once, not twice
    assert list(Vote.objects.values_list("delegation", flat=True)) == [target.pk]

    # The next import of that spelling finds Kazakhstan.
    write_file("more/UNSC_2016_SPV.7705_spch003.txt", "Mr. Umarov (Kazakstan): Once more.")
    import_paths([write_file("more/x.txt", "").parent])
    assert Statement.objects.get(debate__symbol="S/PV.7705", speech_number=3).delegation == target


def test_choosing_no_target_merges_nothing(admin_client, misspelt):
    source, _ = misspelt
    response = admin_client.post(
        "/admin/speeches/delegation/", {"action": "merge", "_selected_action": [source.pk], "merge": "yes"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"target": ["This field is required."]}
    assert Statement.objects.filter(delegation=source).count() == 2


def test_a_merge_is_all_or_nothing(misspelt, monkeypatch):
    source, target = misspelt

    def fail(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Delegation, "delete", fail)
    with pytest.raises(RuntimeError):
        source.merge_into(target)
    assert Statement.objects.filter(delegation=source).count() == 2
    assert DebateMember.objects.filter(delegation=source).count() == 1
    assert Vote.objects.filter(delegation=source).count() == 1
    assert DelegationAlias.objects.get(key=name_key("Kazakstan")).delegation == source


def test_merging_needs_the_right_to_change_and_delete_delegations(client, django_user_model, misspelt):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_delegation", "change_delegation"])
    )
    client.force_login(user)
    page = client.get("/admin/speeches/delegation/")
    assert page.status_code == 200 and b'value="merge"' not in page.content
    user.user_permissions.add(Permission.objects.get(codename="delete_delegation"))
    assert b'value="merge"' in client.get("/admin/speeches/delegation/").content


@pytest.mark.django_db
def test_a_merged_delegation_s_vetoes_are_cast_by_the_one_it_joins():
    import datetime as dt

    from speeches.models import Veto

    soviet = Delegation.objects.create(name="Soviet Union", slug="soviet-union", kind="member_state")
    ussr = Delegation.objects.create(
        name="Union of Soviet Socialist Republics", slug="ussr", kind="member_state"
    )
    veto = Veto.objects.create(
        date=dt.date(1946, 2, 16),
        date_as_printed="16 February 1946",
        drafts=["S/PV.23"],
        draft_as_printed="S/PV.23",
        meeting="S/PV.23",
        agenda_item="Letter from the Heads of the Lebanese and Syrian delegations",
    )
    veto.members.set([soviet])
    soviet.merge_into(ussr)
    assert [m.name for m in veto.members.all()] == ["Union of Soviet Socialist Republics"]


def test_the_veto_list_in_the_admin(admin_client, django_assert_max_num_queries):
    import_paths([SAMPLE / "register" / "scact_veto_table_en.html"])
    with django_assert_max_num_queries(12):  # session, user, counts, the page of vetoes and their members
        page = admin_client.get(
            "/admin/speeches/veto/?members__id__exact=" + str(Delegation.objects.get(name="China").pk)
        )
    html = page.content.decode()
    assert page.status_code == 200
    assert "17 vetoes" in html  # China's, as the library's list counts them
    assert "China, Russian Federation" in html
