"""Relevance a reader would accept: length alone does not win (ts_rank's normalisation 1)."""

from urllib.parse import urlencode

import pytest

from speeches.models import Debate, Statement
from speeches.search import answers as search_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]

FILLER = (
    "The delegation recalls the work of the mission in the region, the reports of the Secretary-General "
    "and the commitments made by the parties to the agreement, and it thanks the briefers. "
)


def add(number: int, text: str) -> Statement:
    return Statement.objects.create(
        debate=Debate.objects.get(symbol="S/PV.7704"), speech_number=number, speaker="Mr. Test", text=text
    )


def ranked(client, query: str) -> list[int]:
    response = client.get("/statements/?" + urlencode({"q": query}))
    return [s.speech_number for s in response.context["search"].results]


@pytest.fixture(params=["narrow", "broad"])
def route(request, monkeypatch):
    """Both ways a search is answered: computed at the request, or kept."""
    if request.param == "broad":
        monkeypatch.setattr(search_cache, "SMALL", -1)


@pytest.mark.usefixtures("route")
def test_a_long_speech_mentioning_a_word_once_comes_after_a_short_one_about_it(client):
    add(901, FILLER * 60 + "We note the desalination plant. " + FILLER * 60)  # about 3,500 words
    add(902, "Desalination is our concern. Desalination plants need power, and desalination needs funds.")
    assert ranked(client, "desalination") == [902, 901]


@pytest.mark.usefixtures("route")
def test_more_mentions_spread_through_a_long_speech_do_not_beat_a_short_speech_by_length(client):
    # Unnormalised, three mentions score more than two whatever the length (0.169 against 0.152).
    add(903, FILLER * 40 + "Desalination. " + FILLER * 40 + "Desalination. " + FILLER * 40 + "Desalination.")
    add(904, "We speak of desalination, and of desalination alone.")
    assert ranked(client, "desalination") == [904, 903]
