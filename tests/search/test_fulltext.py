"""Snippets and marks as HTML: escaped text, <mark> the only markup (no database but for
ts_headline itself)."""

import pytest
from django.db import connection

from speeches.models import SEARCH_CONFIG
from speeches.search.highlights import (
    _FOLD_TABLE,
    BETWEEN,
    PASSAGE_BEFORE,
    SNIPPET_OPTIONS,
    SNIPPET_SOURCE_LENGTH,
    START,
    STOP,
    WINDOW_WORDS,
    _fold,
    _passage,
    _query_marked,
    _query_stems,
    _window,
    _words_finder,
    render_marked,
    render_snippet,
)
from speeches.search.query import clean_text


def marked(text: str) -> str:
    """Write marks as [ and ] in tests, as ts_headline's private-use characters."""
    return text.replace("[", START).replace("]", STOP)


def test_render_marked_escapes_around_marks():
    assert render_marked("a <b> & c", [(0, 1), (8, 9)]) == "<mark>a</mark> &lt;b&gt; &amp; <mark>c</mark>"


def test_snippet_keeps_the_source_spelling_and_cuts_with_ellipses():
    source = "Peace returned to Côte d’Ivoire after the elections, said the Minister."
    headline = marked("returned to [Cote] d’Ivoire after")
    assert (
        render_snippet(source=source, headline=headline) == "… returned to <mark>Côte</mark> d’Ivoire after …"
    )


def test_snippet_passages_are_joined_by_an_ellipsis():
    source = "One trafficking two. Three four five. Six trafficking seven."
    headline = marked(f"One [trafficking] two{BETWEEN}Six [trafficking] seven.")
    assert render_snippet(source=source, headline=headline) == (
        "<mark>trafficking</mark>".join(["One ", " two … Six ", " seven."])
    )


def test_a_passage_not_found_verbatim_is_shown_escaped():
    headline = marked("<i>odd</i> [text]")
    assert render_snippet(source="something else", headline=headline) == (
        "… &lt;i&gt;odd&lt;/i&gt; <mark>text</mark> …"
    )


def test_marks_in_the_text_itself_are_not_trusted():
    # The corpus's own private-use characters never become <mark>.
    source = f"a {START}b{STOP} trafficking"
    headline = marked("a \ufffdb\ufffd [trafficking]")
    html = render_snippet(source=source, headline=headline)
    assert html.count("<mark>") == 1 and html.endswith("<mark>trafficking</mark>")


def test_clean_text_removes_control_characters():
    assert clean_text(" a\x00b\x01c\td\ne\x7f\x9f ") == "a b c d e"


def test_folding_keeps_each_character_in_its_place():
    text = "Côte d’Ivoire, Ðurić <b> şi Łódź \ue000x\ue001 — São Tomé"
    assert (
        _fold(text)
        == text.translate(_FOLD_TABLE)
        == "Cote d’Ivoire, Ðuric ‹b› si Lodz \ufffdx\ufffd — Sao Tome"
    )
    assert _fold("plain ASCII text") == "plain ASCII text"


def test_the_query_words_are_found_by_their_stems():
    words = _words_finder("'countri' & 'o''brien':* & !'attack'")
    found = [m.group() for m in words.finditer("Countries, a country, O'Brien's attacks; encountering")]
    assert found == ["Countri", "country", "O'Brien", "attack"]
    assert _words_finder("") is None


def test_a_passage_is_where_the_query_words_come_together():
    words = _words_finder("'terrorist' <-> 'attack'")
    # "attacks" alone near the start; the phrase 3,000 characters in.
    text = (
        "Attacks were reported. "
        + "The Council met. " * 200
        + "It condemns terrorist attacks here. "
        + ("The Council met. " * 200)
    )
    phrase = text.index("terrorist attacks")
    passage = _passage(text, words)
    start = text.index(passage)
    # From a word's start about PASSAGE_BEFORE characters before the phrase, an opening's length.
    assert phrase - PASSAGE_BEFORE <= start < phrase - PASSAGE_BEFORE + len("The Council met. ")
    assert text[start - 1] == " "  # at a word's start
    assert len(passage) <= SNIPPET_SOURCE_LENGTH and "terrorist attacks" in passage
    # No word of the query: the whole text; a short text is whole anyway.
    assert _passage("The Council met. " * 200, words) == "The Council met. " * 200
    assert _passage("terrorist attacks", words) == "terrorist attacks"


def test_an_opening_marks_a_phrase_only_where_its_words_are_close():
    phrase = "'terrorist' <-> 'attack'"
    assert _query_marked(marked("the [terrorist] [attacks] on"), phrase)
    assert not _query_marked(marked("[Attacks] were reported by [terrorist] groups"), phrase)
    assert not _query_marked(marked(f"[terrorist]{BETWEEN}[attacks] went on"), phrase)
    # "rule of law": the stop word between counts as the word the phrase skips.
    assert _query_marked(marked("the [rule] of [law] holds"), "'rule' <2> 'law'")
    assert not _query_marked(marked("the [rule] of the [law]"), "'rule' <2> 'law'")
    # In the phrase's order: "attacks terrorist" is not the phrase.
    assert not _query_marked(marked("the [attacks] [terrorist] groups"), phrase)


def test_an_opening_marks_every_word_an_and_query_needs():
    both = "'secur' & 'council'"
    assert not _query_marked(marked("[security] is everyone's concern"), both)
    assert _query_marked(marked(f"[security] first{BETWEEN}the [Council] met"), both)
    assert _query_marked(marked("[Countries] and [councils]"), "'countri' & 'council'")
    # One name of a delegation's group is enough; an excluded word needs no mark.
    widened = "( 'russia' | 'russian' <-> 'feder' ) & 'veto' & !'iraq'"
    assert _query_marked(marked("[Russia] cast a [veto]"), widened)
    assert _query_marked(marked("the [Russian] [Federation] used its [veto]"), widened)
    assert not _query_marked(marked("the [Federation] used its [veto]"), widened)
    assert not _query_marked(marked("[Russia] spoke"), widened)
    assert _query_marked(marked("[sanctions] or [embargo]"), "'sanction' | 'embargo' | 'arm'")
    assert _query_marked(marked("nothing marked"), "")


def test_the_query_s_stems_are_what_its_words_start_with():
    assert _query_stems("'countri' & 'place' & !'o''brien':* | 'secur'") == (
        "countr",
        "o'brien",
        "plac",
        "secur",
    )
    assert _query_stems("") == ()


def test_an_opening_is_parsed_from_a_little_before_the_query_s_words_to_a_little_after():
    filler = [f"word{i}" for i in range(100)]
    text = " ".join([*filler, "placing", *filler, "Place", *filler])
    window = _window(text, ("plac",))
    # Thirty words before the first word of the query and thirty after the last, at spaces.
    assert (
        window
        == " ".join([*filler[-WINDOW_WORDS:], "placing", *filler, "Place", *filler[: WINDOW_WORDS - 1]]) + " "
    )
    # No word of the query, or near the opening's ends: the whole opening.
    assert _window(text, ("zanzibar",)) == text
    assert _window("Place " + " ".join(filler), ("plac",)).startswith("Place word0")
    assert _window(" ".join(filler) + " Place", ("plac",)).endswith("word99 Place")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["places", "security council", '"terrorist attacks"', "council -zanzibar", "attack OR placed"]
)
def test_a_window_s_headline_is_the_opening_s(query):
    filler = "The members met again today to discuss the item on its agenda. " * 12
    opening = (
        f"{filler}Placing security first. {filler}Terrorist attacks were placed before the Council. "
        f"{filler}Attacks on security, a place of the Council. {filler}"
    )[:SNIPPET_SOURCE_LENGTH]
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [SEARCH_CONFIG, query])
        window = _window(opening, _query_stems(cursor.fetchone()[0]))
        assert len(window) < len(opening) - 500
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, t, websearch_to_tsquery(%s::regconfig, %s), %s) FROM unnest(%s) AS t",
            [SEARCH_CONFIG, SEARCH_CONFIG, query, SNIPPET_OPTIONS, [opening, window]],
        )
        whole, windowed = (headline for (headline,) in cursor.fetchall())
    assert START in whole and windowed == whole
