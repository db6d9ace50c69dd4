import pytest

from speeches.parsing.turns import JoinedTurn, Turn, joined_turn, split_turn


@pytest.mark.parametrize(
    "text, turn, body",
    [
        (
            "Mr. Churkin (Russian Federation) (spoke in Russian): Today we",
            Turn("Mr. Churkin", "", "Russian Federation", "Russian"),
            "Today we",
        ),
        (
            "The President (spoke in French): I thank",
            Turn("The President", "The President", "", "French"),
            "I thank",
        ),
        (
            "The Secretary-General: It is",
            Turn("The Secretary-General", "The Secretary-General", "", ""),
            "It is",
        ),
        ("Ms. Bangura: Thank you", Turn("Ms. Bangura", "", "", ""), "Thank you"),
        (
            "Ms. DeShong (Saint Vincent and the Grenadines): First,",
            Turn("Ms. DeShong", "", "Saint Vincent and the Grenadines", ""),
            "First,",
        ),
        (
            "Mr. Moncada (Venezuela (Bolivarian Republic of)) (interpretation from Spanish): We",
            Turn("Mr. Moncada", "", "Venezuela (Bolivarian Republic of)", "Spanish"),
            "We",
        ),
        ("Mr. Abarry (Niger) ( spoke in French): Allow", Turn("Mr. Abarry", "", "Niger", "French"), "Allow"),
        ("The President : In accordance", Turn("The President", "The President", "", ""), "In accordance"),
        (
            "Mr. Wu Haitao (China) (spoke in Chinese): China",
            Turn("Mr. Wu Haitao", "", "China", "Chinese"),
            "China",
        ),
        ("Archbishop Auza: My delegation", Turn("Archbishop Auza", "", "", ""), "My delegation"),
        ("Dato Lim Jock Hoi: At the outset", Turn("Dato Lim Jock Hoi", "", "", ""), "At the outset"),
        ("Hadiza (spoke in French): Allow me", Turn("Hadiza", "", "", "French"), "Allow me"),
        (
            "Mr. Pecsteen de Buytswerve (Belgium) (spoke in French): At",
            Turn("Mr. Pecsteen de Buytswerve", "", "Belgium", "French"),
            "At",
        ),
        # OCR damage seen in the corpus.
        ("Mrs. ngu (Nigeria): Nigeria voted", Turn("Mrs. ngu", "", "Nigeria", ""), "Nigeria voted"),
        (
            "Mrs. Perceval (Argentina) (Spoke in Spanish): I",
            Turn("Mrs. Perceval", "", "Argentina", "Spanish"),
            "I",
        ),
        # PDF extraction pushed the first sentence inside the language note.
        (
            "The President (spoke I thank Mr. Griffiths for his briefing. in Russian): I now give the floor",
            Turn("The President", "The President", "", "Russian"),
            "I thank Mr. Griffiths for his briefing. I now give the floor",
        ),
        (
            "Mr. Abdrakhmanov (Kazakhstan): Kazakhstan\ncommends",
            Turn("Mr. Abdrakhmanov", "", "Kazakhstan", ""),
            "Kazakhstan\ncommends",
        ),
    ],
)
def test_split_turn(text, turn, body):
    assert split_turn(text) == (turn, body)


@pytest.mark.parametrize(
    "text",
    [
        "At the outset, I would like to thank: the Secretary-General",
        "I have the honour to enclose herewith a copy of the briefing: as follows",
        "The Niger is horrified by the senseless attacks: such attacks",
        "We thank Ms. Jeanine Hennis-Plasschaert, Special Representative",
        "",
    ],
)
def test_text_without_a_turn_is_left_whole(text):
    assert split_turn(text) == (None, text)


@pytest.mark.parametrize(
    ("paragraphs", "found"),
    [
        # S/PV.7658, speech 29 of the corpus: the President's call, then Brazil's speech.
        (
            [
                "I now give the floor to the representative of Brazil.",
                "Mr. De Aguiar Patriota (Brazil) Let me congratulate Angola.",
            ],
            JoinedTurn(2, "Mr. De Aguiar Patriota (Brazil)"),
        ),
        (
            [
                "I thank him.",
                "We agree.",
                "Mr. Churkin (Russian Federation) (spoke in Russian): We voted against.",
            ],
            JoinedTurn(3, "Mr. Churkin (Russian Federation) (spoke in Russian):"),
        ),
        (
            ["Thank you.", "Ms. Power (United States of America) “We have heard”, she said."],
            JoinedTurn(2, "Ms. Power (United States of America)"),
        ),
        # Not turns: the opening paragraph (the statement's own), a bracket that is no
        # delegation, a name followed by its sentence, a delegation in the middle of a sentence.
        (["Mr. De Aguiar Patriota (Brazil) Let me congratulate Angola."], None),
        (["We thank him.", "Mr. Mladenov (Special Coordinator) Briefed us today."], None),
        (["We thank him.", "Mr. Guterres (Portugal) said that the Council must act."], None),
        (["We thank him.", "As Mr. Churkin (Russian Federation) Said, we agree."], None),
    ],
)
def test_joined_turn_finds_another_speakers_turn_without_its_colon(paragraphs, found):
    assert joined_turn(paragraphs) == found


def test_a_turn_of_the_statements_own_delegation_is_not_another_speakers():
    paragraphs = ["We thank the briefers.", "Mr. Churkin (Russian Federation) We continue."]
    assert joined_turn(paragraphs, delegation="Russian Federation") is None
    assert joined_turn(paragraphs, delegation="Russia") is None  # the same delegation, spelt otherwise
    assert joined_turn(paragraphs, delegation="France") == JoinedTurn(2, "Mr. Churkin (Russian Federation)")
