"""Full verbatim records: the cover page, the body's layout, paragraphs and speaker turns,
on the four records in sample/unsc_2020/full_records_S_PV_txt/ (text as pypdf extracts it)."""

import datetime as dt
import re

import pytest

from speeches.parsing.records import (
    Member,
    NotARecord,
    looks_like_record,
    parse_record,
    rebuild_paragraphs,
    sniff_meeting,
    speaker_turn,
)
from speeches.parsing.speech import record_statements
from speeches.parsing.symbols import Meeting
from speeches.parsing.text import decode
from tests.conftest import SAMPLE

RECORDS = SAMPLE / "unsc_2020" / "full_records_S_PV_txt"


def read(number: int) -> str:
    return decode((RECORDS / f"S_PV.{number}_E.txt").read_bytes())


@pytest.fixture(scope="module")
def records():
    return {n: parse_record(read(n)) for n in (8698, 8701, 8706, 8770)}


def test_cover_page(records):
    cover = records[8698].cover
    assert (cover.meeting, cover.date, cover.time, cover.document_number) == (
        Meeting("S/PV.8698", 8698, 0),
        dt.date(2020, 1, 8),
        dt.time(10, 0),
        "20-00526",
    )
    assert (cover.president, cover.president_delegation) == ("Mr. Dang", "Viet Nam")
    assert cover.members == [
        Member("Viet Nam", "Mr. Dang"),
        Member("Belgium", "Mr. Pecsteen de Buytswerve"),
        Member("China", "Mr. Wu Haitao"),
        Member("Dominican Republic", "Mr. Singer Weisinger"),
        Member("Estonia", "Mr. Auväärt"),
        Member("France", "Mrs. Gueguen"),
        Member("Germany", "Mr. Heusgen"),
        Member("Indonesia", "Mr. Syihab"),
        Member("Niger", "Mr. Abarry"),
        Member("Russian Federation", "Mr. Polyanskiy"),
        Member("Saint Vincent and the Grenadines", "Ms. DeShong"),
        Member("South Africa", "Mr. Mabhongo"),
        Member("Tunisia", "Mr. Baati"),
        Member("United Kingdom of Great Britain and Northern Ireland", "Mr. Roscoe"),
        Member("United States of America", "Ms. Norman-Chalet"),
    ]
    assert cover.agenda == [
        "Peace consolidation in West Africa",
        "Report of the Secretary-General on the activities of the United Nations Office for West Africa "
        "and the Sahel (S/2019/1005)",
    ]
    other = records[8770].cover
    assert (other.president, other.president_delegation, other.time, other.agenda) == (
        "Mr. Nebenzia/Ms. Evstigneeva",
        "Russian Federation",
        dt.time(10, 25),
        ["The situation in the Middle East"],
    )


def test_meeting_times(records):
    times = {n: r.times for n, r in records.items()}
    assert (times[8698].called_to_order, times[8698].rose, times[8698].suspended) == (
        dt.time(10, 0),
        dt.time(11, 40),
        None,
    )
    assert (times[8701].called_to_order, times[8701].rose) == (dt.time(10, 20), dt.time(10, 25))
    # S/PV.8706 was suspended until the next day (S/PV.8706 (Resumption 1), a record of its own).
    assert (times[8706].called_to_order, times[8706].rose, times[8706].suspended) == (
        dt.time(10, 5),
        None,
        dt.time(13, 10),
    )


def who(record):
    return [
        (
            t.number,
            t.attribution.speaker,
            t.attribution.delegation,
            t.attribution.participant_type,
            t.attribution.language,
        )
        for t in record.turns
    ]


def test_turns_and_attribution_8770(records):
    president = ("Mr. Nebenzia/Ms. Evstigneeva", "Russian Federation", "president", "Russian")
    assert who(records[8770]) == [
        (1, *president),
        (2, "Mr. Griffiths", "United Nations", "invited", ""),
        (3, *president),
        (4, "Mr. Lowcock", "United Nations", "invited", ""),
        (5, *president),
        (6, "Mr. Allen", "United Kingdom", "member", ""),
        (7, "Mr. Djani", "Indonesia", "member", ""),
        (8, "Mr. Zhang Jun", "China", "member", "Chinese"),
        (9, "Ms. King", "Saint Vincent and the Grenadines", "member", ""),
        (10, "Mr. De Rivière", "France", "member", "French"),
        (11, "Mr. Singer Weisinger", "Dominican Republic", "member", "Spanish"),
        (12, "Mrs. Craft", "United States of America", "member", ""),
        (13, "Mrs. Nguyen", "Viet Nam", "member", ""),
        (14, "Mr. Heusgen", "Germany", "member", ""),
        (15, "Mr. Aougi", "Niger", "member", "French"),
        (16, "Mr. Ben Lagha", "Tunisia", "member", "Arabic"),
        (17, "Mr. Auväärt", "Estonia", "member", ""),
        (18, "Mr. Kridelka", "Belgium", "member", "French"),
        (19, "Mr. Mabhongo", "South Africa", "member", ""),
        (20, *president),
        (21, "Mr. Al-Saadi", "Yemen", "invited", "Arabic"),
        (22, *president),
    ]
    assert [(i.name, i.title, i.delegation) for i in records[8770].invitations] == [
        ("Mr. Martin Griffiths", "Special Envoy of the Secretary-General for Yemen", "United Nations"),
        (
            "Mr. Mark Lowcock",
            "Under-Secretary-General for Humanitarian Affairs and Emergency Relief Coordinator",
            "United Nations",
        ),
    ]


def test_turns_8706_briefers_observers_and_guests(records):
    turns = who(records[8706])
    assert len(turns) == 32
    assert turns[:10] == [
        (1, "Mr. Dang", "Viet Nam", "president", ""),
        (2, "Ms. DiCarlo", "United Nations", "invited", ""),
        (3, "Mr. Dang", "Viet Nam", "president", ""),
        (4, "Ms. Mueller", "United Nations", "invited", ""),
        (5, "Mr. Dang", "Viet Nam", "president", ""),
        (6, "Mr. Mansour", "Palestine", "invited", ""),
        (7, "Mr. Dang", "Viet Nam", "president", ""),
        (8, "Mr. Danon", "Israel", "invited", ""),
        (9, "Mr. Dang", "Viet Nam", "president", ""),
        (10, "Mrs. Craft", "United States of America", "member", ""),
    ]
    # "( spoke in Chinese )" and "(spoke in Arabic )", spaced as the record prints them.
    assert turns[12] == (13, "Mr. Abarry", "Niger", "member", "French")
    assert turns[20] == (21, "Mr. Zhang Jun", "China", "member", "Chinese")
    assert turns[26] == (27, "Mr. Ja’afari", "Syrian Arab Republic", "invited", "Arabic")
    assert all(t.attribution.note == "" for r in records.values() for t in r.turns)


def test_paragraphs_follow_the_trailing_space(records):
    """A continued line ends with a space; a paragraph's last line does not."""
    first = records[8698].turns[0]
    assert first.paragraphs == [
        "As this is the first formal meeting of the Security Council this year, I should like to extend my "
        "warm wishes on the occasion of the New Year to all members of the Security Council, the United "
        "Nations and the Secretariat.",
        "In presiding over this first formal meeting of the Council in 2020, I am happy to welcome the new "
        "members: Estonia, the Niger, Saint Vincent and the Grenadines, Tunisia and Viet Nam. We look forward "
        "to their participation in the work of the Council. Their experience and wisdom will be of invaluable "
        "assistance in the discharge of the Council’s responsibilities.",
        "I shall also take this opportunity to express the Council’s gratitude to the outgoing members — Côte "
        "d’Ivoire, Equatorial Guinea, Kuwait, Peru and Poland — for their important contributions to the work "
        "of the Council during their terms.",
        # The next item's heading: the corpus keeps it with the statement it follows.
        "Expression of thanks to the outgoing President",
    ]
    assert [len(t.paragraphs) for t in records[8698].turns] == [
        4, 5, 4, 15, 2, 9, 11, 8, 8, 7, 7, 7, 10, 7, 8, 11, 11, 14, 10, 11,
    ]  # fmt: skip


def test_procedural_lines_stay_with_the_turn_they_follow(records):
    adoption = records[8701]
    assert adoption.turns[0].paragraphs[-4:] == [
        "The Council is ready to proceed to the vote on the draft resolution before it. I shall put the "
        "draft resolution to the vote now.",
        "A vote was taken by show of hands.",
        "In favour:",
        "Belgium, China, Dominican Republic, Estonia, France, Germany, Indonesia, Niger, Russian Federation, "
        "Saint Vincent and the Grenadines, South Africa, Tunisia, United Kingdom of Great Britain and Northern "
        "Ireland, United States of America, Viet Nam",
    ]
    assert adoption.turns[1].paragraphs == [
        "The draft resolution received 15 votes in favour. The draft resolution has been adopted unanimously "
        "as resolution 2505 (2020).",
        "The meeting rose at 10.25 a.m.",
    ]
    # What comes before the first turn belongs to no statement.
    assert not any("called to order" in p for r in records.values() for t in r.turns for p in t.paragraphs)


def test_page_furniture_is_removed_and_words_rejoined_across_pages(records):
    texts = "\n".join(p for r in records.values() for t in r.turns for p in t.paragraphs)
    for furniture in ("20-00526", "20-01495", "20-26989", "S/ PV", "/18", "/30", "*20", "\f"):
        assert furniture not in texts
    assert not re.search(r"\d\d/\d\d/2020", texts)
    # "long-" ends page 5 of S/PV.8706 and "term" opens page 6.
    assert "all of whom need long-term rehabilitation. The World Health Organization" in texts
    # Words broken across lines: hyphens that are the word's own are kept.
    assert "Under-Secretary-General" in texts and "post-conflict reconstruction" in texts
    assert "Al-Aqsa Mosque/Al-Haram Al-Sharif" in texts


def test_text_without_the_trailing_space_signal_still_splits(records):
    """Trailing spaces stripped (another extractor, an editor): turns, words and
    decisions come out the same; paragraphs fall back to the lines' shape."""
    for number, record in records.items():
        stripped = parse_record(re.sub(r"[ \t]+\n", "\n", read(number)))
        assert [t.attribution for t in stripped.turns] == [t.attribution for t in record.turns]
        assert [" ".join(t.paragraphs).split() for t in stripped.turns] == [
            " ".join(t.paragraphs).split() for t in record.turns
        ]
        assert stripped.decisions == record.decisions
        assert stripped.cover.agenda == record.cover.agenda


def test_rebuild_paragraphs_with_and_without_the_signal():
    signalled = ["The President: I thank ", "Mr. Chambas for his briefing.", "I now give the floor."]
    assert rebuild_paragraphs(signalled) == [
        "The President: I thank Mr. Chambas for his briefing.",
        "I now give the floor.",
    ]
    plain = [
        "The Council is ready to proceed to the vote on the draft",
        "resolution before it. I shall put the draft resolution",
        "to the vote now.",
        "A vote was taken by show of hands.",
        "In favour:",
        "Belgium, China, Dominican Republic, Estonia, France,",
        "Germany",
    ]
    assert rebuild_paragraphs(plain) == [
        "The Council is ready to proceed to the vote on the draft resolution before it. I shall put the draft "
        "resolution to the vote now.",
        "A vote was taken by show of hands.",
        "In favour:",
        "Belgium, China, Dominican Republic, Estonia, France, Germany",
    ]


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("The President: As this is", "The President"),
        ("The President (spoke in Chinese): I thank", "The President"),
        ("Mr. Wu Haitao (China) (spoke in Chinese): China", "Mr. Wu Haitao"),
        ("Ms. DeShong (Saint Vincent and the Grenadines): First,", "Ms. DeShong"),
        ("The Secretary-General: I thank", "The Secretary-General"),
        ("Mr. Chambas: I am honoured", "Mr. Chambas"),
        ("Mr. Abarry (Niger) ( spoke in French): Allow me", "Mr. Abarry"),
        ("Archbishop Auza: My delegation", "Archbishop Auza"),
        ("Hadiza (spoke in French): Allow me", "Hadiza"),
        # Labels of the record that look like turns, and sentences that end in a name.
        ("Against: Russian Federation", None),
        ("In favour: Belgium, China", None),
        ("Abstaining: China", None),
        ("Abstention: China", None),
        ("the State of Palestine. Mr. Mansour (Palestine): We", None),
        ("Members of the Council have before them document S/2020/27", None),
    ],
)
def test_speaker_turns_in_a_record(paragraph, speaker):
    turn, _ = speaker_turn(paragraph)
    assert (turn.speaker if turn else None) == speaker


def test_recognising_a_record_and_its_meeting():
    assert looks_like_record(read(8698))
    assert sniff_meeting(read(8706)) == Meeting("S/PV.8706", 8706, 0)
    resumed = (
        "United Nations S/ PV.8699 (Resumption 1)\nSecurity Council\nSeventy-fifth year\n8699th meeting\n"
    )
    assert sniff_meeting(resumed) == Meeting("S/PV.8699 (Resumption 1)", 8699, 1)
    wrapped = (
        "United Nations S/PV.8699\n(Resumption 1)\nSecurity Council\nSeventy-fifth year\n8699th meeting\n"
    )
    assert sniff_meeting(wrapped) == Meeting("S/PV.8699 (Resumption 1)", 8699, 1)
    speech = (SAMPLE / "unsc_2020/speeches_txt_2020/UNSC_2020_SPV.8698_spch001.txt").read_bytes()
    assert not looks_like_record(decode(speech))


def test_a_resumed_meeting(records):
    """A resumption's cover carries "(Resumption 1)" after the symbol, and its
    body opens "The meeting was resumed at ..."."""
    text = read(8706).replace("S/ PV.8706", "S/ PV.8706 (Resumption 1)", 1)
    text = text.replace("S/ PV. 8706 ", "S/ PV. 8706 (Resumption 1) ").replace(
        "S/PV.8706\n", "S/PV.8706 (Resumption 1)\n"
    )
    text = text.replace(
        "The meeting was called to order at 10.05 a.m.", "The meeting was resumed at 10.05 a.m."
    )
    record = parse_record(text)
    assert record.meeting == Meeting("S/PV.8706 (Resumption 1)", 8706, 1)
    assert (record.times.called_to_order, record.times.resumed) == (None, dt.time(10, 5))
    assert [t.paragraphs for t in record.turns] == [t.paragraphs for t in records[8706].turns]


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "Mr. Abdrakhmanov (Kazakhstan): Kazakhstan commends the French presidency.",
            "is not a verbatim record: no cover page",
        ),
        # A record's body without its cover page.
        (read(8701).split("\f", 1)[1], "no cover page: it does not give the President"),
        # A cover page and nothing said.
        (read(8701).split("The meeting was called to order")[0], "has a cover page but no speaker turn"),
    ],
)
def test_what_is_not_a_record_is_refused_saying_what_is_missing(text, message):
    with pytest.raises(NotARecord, match=re.escape(message)):
        parse_record(text)


def test_record_statements(records):
    parsed = record_statements(records[8698], source="S_PV.8698_E.txt")
    assert (parsed.meeting.meeting.symbol, parsed.meeting.date, parsed.meeting.topic) == (
        "S/PV.8698",
        dt.date(2020, 1, 8),
        "Peace consolidation in West Africa",
    )
    assert len(parsed.statements) == 20
    china = parsed.statements[11]
    assert (china.speech_number, china.speaker, china.delegation, china.language, china.text[:40]) == (
        12,
        "Mr. Wu Haitao",
        "China",
        "Chinese",
        "China welcomes Estonia, the Niger, Saint",
    )
    assert [c.symbol for c in parsed.statements[3].resolutions] == ["S/RES/1325 (2000)"]
