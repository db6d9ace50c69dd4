"""Snippets and marks as HTML: escaped text, <mark> the only markup (no database)."""

from speeches.search.highlights import BETWEEN, START, STOP, render_marked, render_snippet
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
