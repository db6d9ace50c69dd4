"""What a meeting decided and when it sat, read from record text: the 2020 adoption in
sample/unsc_2020 and the votes of the UMUC debates in sample/umuc (a veto, an amendment)."""

import datetime as dt

import pytest

from speeches.parsing.attribution import delegation_from_title, invitations
from speeches.parsing.decisions import (
    ABSTAINING,
    AGAINST,
    IN_FAVOUR,
    Decision,
    Vote,
    decisions,
    meeting_times,
    parse_time,
    voters,
)
from speeches.parsing.records import parse_record
from speeches.parsing.text import decode, paragraphs
from tests.conftest import SAMPLE

UMUC = SAMPLE / "umuc" / "Raw_Text" / "all_speeches_from_debate"
COUNCIL_2020 = [
    "Belgium",
    "China",
    "Dominican Republic",
    "Estonia",
    "France",
    "Germany",
    "Indonesia",
    "Niger",
    "Russian Federation",
    "Saint Vincent and the Grenadines",
    "South Africa",
    "Tunisia",
    "United Kingdom of Great Britain and Northern Ireland",
    "United States of America",
    "Viet Nam",
]


def meeting_paragraphs(folder: str) -> list[str]:
    """A split debate's paragraphs in speech order: the record's body, as the corpus kept it."""
    files = sorted((UMUC / folder).glob("*.txt"))
    return [p for f in files for p in paragraphs(decode(f.read_bytes()))]


def test_adoption_of_resolution_2505():
    record = parse_record(decode((SAMPLE / "unsc_2020/full_records_S_PV_txt/S_PV.8701_E.txt").read_bytes()))
    assert record.decisions == [
        Decision(
            kind="resolution",
            subject="the draft resolution",
            draft="S/2020/27",
            adopted=True,
            resolution=(2505, 2020),
            result="The draft resolution has been adopted unanimously as resolution 2505 (2020).",
            votes=[Vote(name, IN_FAVOUR) for name in COUNCIL_2020],
        )
    ]
    assert record.decisions[0].vetoed_by == []


def test_a_veto():
    """S/PV.7138 (2014): 13 in favour, the Russian Federation against, China abstaining."""
    (decision,) = decisions(meeting_paragraphs("ukraine/UNSC_2014_SPV.7138"))
    assert (decision.kind, decision.adopted, decision.resolution) == ("resolution", False, None)
    assert decision.result == (
        "The draft resolution has not been adopted, owing to the negative vote ofa permanent member of the Council."
    )
    assert [v for v in decision.votes if v.position != IN_FAVOUR] == [
        Vote("Russian Federation", AGAINST),
        Vote("China", ABSTAINING),
    ]
    assert len(decision.votes) == 15
    assert decision.vetoed_by == ["Russian Federation"]


def test_an_amendment_then_a_resolution():
    """S/PV.7643 (2016): an amendment fails for want of votes (three permanent
    members against it, but no veto: it had 5 votes of the 9 needed), then
    resolution 2272 is adopted with one abstention."""
    amendment, resolution = decisions(meeting_paragraphs("wps/UNSC_2016_SPV.7643"))
    assert (amendment.kind, amendment.subject, amendment.draft, amendment.adopted) == (
        "amendment",
        "the proposed amendment contained in document S/2016/239",
        "S/2016/239",
        False,
    )
    assert [v.delegation for v in amendment.votes if v.position == IN_FAVOUR] == [
        "Angola",
        "China",
        "Egypt",
        "Russian Federation",
        "Venezuela (Bolivarian Republic of)",
    ]
    assert [v.delegation for v in amendment.votes if v.position == AGAINST] == [
        "France",
        "Japan",
        "Malaysia",
        "New Zealand",
        "Spain",
        "Ukraine",
        "United Kingdom of Great Britain and Northern Ireland",
        "United States of America",
        "Uruguay",
    ]
    assert amendment.vetoed_by == []
    assert (resolution.kind, resolution.draft, resolution.adopted, resolution.resolution) == (
        "resolution",
        "S/2016/235",
        True,
        (2272, 2016),
    )
    # "... Uruguay and Venezuela (Bolivarian Republic of)": the last "and" joins two names.
    assert resolution.votes[-2:] == [
        Vote("Venezuela (Bolivarian Republic of)", IN_FAVOUR),
        Vote("Egypt", ABSTAINING),
    ]
    assert len(resolution.votes) == 15


def test_resolution_1441():
    (decision,) = decisions(meeting_paragraphs("iraq/UNSC_2002_SPV.4644"))
    assert (decision.draft, decision.adopted, decision.resolution, len(decision.votes)) == (
        "S/2002/1198",
        True,
        (1441, 2002),
        15,
    )


def test_votes_on_an_oral_amendment_and_a_draft_with_lists_on_one_line():
    """S/PV.8700 (2020), as the corpus's one-line files print it."""
    text = [
        "I shall now put to the vote the oral amendment proposed by the Russian Federation.",
        "A vote was taken by show of hands.",
        "In favour: China, Russian Federation, Viet Nam Against: Belgium, Dominican Republic, Estonia, France, "
        "Germany, United Kingdom of Great Britain and Northern Ireland, United States of America Abstaining: "
        "Indonesia, Niger, Saint Vincent and the Grenadines, South Africa, Tunisia",
        "The President: The proposed oral amendment received three votes in favour, seven against and five "
        "abstentions. The proposed oral amendment has not been adopted, having failed to obtain the required "
        "number of votes. I shall now put to the vote the draft resolution contained in document S/2020/24, "
        "submitted by Belgium and Germany.",
        "A vote was taken by show of hands.",
        "In favour: Belgium, Dominican Republic, Estonia, France, Germany, Indonesia, Niger, Saint Vincent and "
        "the Grenadines, South Africa, Tunisia, Viet Nam Against: None Abstaining: China, Russian Federation, "
        "United Kingdom of Great Britain and Northern Ireland, United States of America",
        "The President: The draft resolution received 11 votes in favour, none against and 4 abstentions. The "
        "draft resolution has been adopted as resolution 2504 (2020).",
    ]
    amendment, draft = decisions(text, COUNCIL_2020)
    assert (amendment.kind, amendment.subject, amendment.adopted, amendment.vetoed_by) == (
        "amendment",
        "the oral amendment proposed by the Russian Federation",
        False,
        [],
    )
    assert [sum(v.position == p for v in amendment.votes) for p in (IN_FAVOUR, AGAINST, ABSTAINING)] == [
        3,
        7,
        5,
    ]
    assert (draft.kind, draft.draft, draft.adopted, draft.resolution) == (
        "resolution",
        "S/2020/24",
        True,
        (2504, 2020),
    )
    assert [sum(v.position == p for v in draft.votes) for p in (IN_FAVOUR, AGAINST, ABSTAINING)] == [11, 0, 4]


def test_a_presidential_statement_and_the_agenda_are_not_confused():
    text = [
        "The agenda was adopted.",
        "The President: After consultations among Council members, I have been authorized to make the "
        "following statement on behalf of the Council:",
        "“The Security Council reaffirms its commitment to the purposes and principles of the Charter.”",
        "In accordance with the understanding reached among the members of the Council, I shall take it that "
        "the members of the Security Council agree to the statement, which will be issued as a document of "
        "the Security Council under the symbol S/PRST/2020/1.",
        "We welcome presidential statement S/PRST/2019/12, adopted last year.",
    ]
    (statement,) = decisions(text)
    assert (statement.kind, statement.document, statement.adopted, statement.votes) == (
        "presidential_statement",
        "S/PRST/2020/1",
        True,
        [],
    )


def test_a_procedural_vote_on_the_agenda():
    text = [
        "A procedural vote was taken by show of hands.",
        "In favour:",
        "China, Russian Federation",
        "Against:",
        "Belgium, Estonia, France, Germany, United Kingdom of Great Britain and Northern Ireland, United States "
        "of America",
        "The President: The provisional agenda has not been adopted, having failed to obtain the required "
        "number of votes.",
    ]
    (vote,) = decisions(text, COUNCIL_2020)
    assert (vote.kind, vote.subject, vote.draft, vote.adopted, len(vote.votes), vote.vetoed_by) == (
        "procedural",
        "the provisional agenda",
        "",
        False,
        8,
        [],
    )


def test_voters_split_on_and_only_between_names():
    assert voters(
        "Argentina, Australia, Republic of Korea, Rwanda, United Kingdom of Great Britain and Northern Ireland "
        "and United States of America"
    ) == [
        "Argentina",
        "Australia",
        "Republic of Korea",
        "Rwanda",
        "United Kingdom of Great Britain and Northern Ireland",
        "United States of America",
    ]
    assert voters("Bosnia and Herzegovina and Trinidad and Tobago") == [
        "Bosnia and Herzegovina",
        "Trinidad and Tobago",
    ]
    assert voters("None") == []


@pytest.mark.parametrize(
    "text, time",
    [
        ("10 a.m.", dt.time(10, 0)),
        ("10.20 a.m.", dt.time(10, 20)),
        ("1.10 p.m.", dt.time(13, 10)),
        ("12.25 p.m.", dt.time(12, 25)),
        ("4.10pm.", dt.time(16, 10)),
        ("12 noon", dt.time(12, 0)),
        ("noon", dt.time(12, 0)),
    ],
)
def test_parse_time(text, time):
    assert parse_time(text) == time


def test_meeting_times_with_a_suspension_inside_the_meeting():
    times = meeting_times(
        [
            "The meeting was called to order at 3 p.m.",
            "The meeting was suspended at 3.30 and resumed at 5 p.m.",
            "The meeting rose at 6.10 p.m.",
        ]
    )
    assert (times.called_to_order, times.suspended, times.rose) == (dt.time(15), None, dt.time(18, 10))


@pytest.mark.parametrize(
    "title, delegation",
    [
        ("Special Envoy of the Secretary-General for Yemen", "United Nations"),
        ("Under-Secretary-General for Political and Peacebuilding Affairs", "United Nations"),
        ("Permanent Observer of the League of Arab States to the United Nations", "League of Arab States"),
        ("Head of the Delegation of the European Union to the United Nations", "European Union"),
        ("Commissioner for Peace and Security of the African Union", "African Union"),
        (
            "Director of the Stockholm International Peace Research Institute",
            "Stockholm International Peace Research Institute",
        ),
        ("Secretary-General", "United Nations"),
        ("civil society representative", ""),
    ],
)
def test_delegation_from_an_invitation_title(title, delegation):
    assert delegation_from_title(title) == delegation


def test_invitations_by_name_and_title():
    paragraph = (
        "In accordance with rule 39 of the Council’s provisional rules of procedure, I also invite the "
        "following to participate in this meeting: Her Excellency Mrs. Adela Raz, Vice-Chair of the Committee "
        "on the Exercise of the Inalienable Rights of the Palestinian People, and His Excellency Mr. Maged "
        "Abdelfattah Abdelaziz, Permanent Observer of the League of Arab States to the United Nations."
    )
    assert [(i.name, i.delegation) for i in invitations([paragraph])] == [
        ("Mrs. Adela Raz", "United Nations"),
        ("Mr. Maged Abdelfattah Abdelaziz", "League of Arab States"),
    ]
