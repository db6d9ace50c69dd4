"""A reader's journey through the archive in a real browser: Debian's Chromium driven by Playwright.

Search from the home page, narrow by a delegation facet, open a result, read the statement with
the terms marked, go to the meeting at the statement's anchor and come back. Screenshots go to
test-output/ for a person to look at: results.png, statement.png, debate.png, results-phone.png,
and the open filters and the 404 page at three widths (filters-open-*.png, not-found-*.png).

The live server runs in another thread with its own database connections, so the tests are
transactional: the sample is committed (tests/conftest.py imports it again if an earlier
transactional test's teardown flushed it), and flushed after each test. All database
work happens before Playwright starts: its sync API runs an event loop in this thread, which
Django's async-unsafe checks would refuse.
"""

import csv
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import DESKTOP, OUTPUT, PHONE, TIMEOUT_MS, watch

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Expected:
    """What the database says, computed before the browser starts."""

    trafficking: int  # statements matching "trafficking"
    trafficking_kazakhstan: int  # of those, by Kazakhstan
    speech_number: int  # Mr. Abdrakhmanov's statement in S/PV.7704
    debate_path: str  # /debates/s-pv-7704/
    turkiye: int  # statements naming Türkiye by either of its names


@pytest.fixture
def imported(sample_db) -> Expected:
    from django.contrib.postgres.search import SearchQuery

    from speeches.models import Statement
    from speeches.parsing.normalize import fold

    def matching(query: str):
        # The count PostgreSQL itself gives for the web-search query, as the views' tests check it.
        return Statement.objects.filter(
            search=SearchQuery(fold(query), search_type="websearch", config="english")
        )

    trafficking = matching("trafficking")
    kazakh = Statement.objects.get(
        debate__symbol="S/PV.7704", delegation__slug="kazakhstan", speaker="Mr. Abdrakhmanov"
    )
    return Expected(
        trafficking=trafficking.count(),
        trafficking_kazakhstan=trafficking.filter(delegation__slug="kazakhstan").count(),
        speech_number=kazakh.speech_number,
        debate_path=kazakh.debate.get_absolute_url(),
        turkiye=matching("Türkiye OR Turkey").count(),
    )


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when nothing sticks out)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.django_db(transaction=True)
def test_search_narrow_open_read_and_return(imported, live_server, launch_chromium):
    expected = imported
    # Narrowing to Kazakhstan leaves its one statement on trafficking; the page must say what the
    # database says.
    assert expected.trafficking > expected.trafficking_kazakhstan == 1
    assert (expected.debate_path, expected.speech_number) == ("/debates/s-pv-7704/", 1)
    OUTPUT.mkdir(exist_ok=True)
    browser = launch_chromium()
    from playwright.sync_api import expect

    base = live_server.url
    context = browser.new_context(viewport=DESKTOP, base_url=base)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    watch(page, errors)

    # Search from the home page, as a reader types it.
    page.goto("/")
    box = page.locator("form#search input[name=q]")
    box.click()
    box.press_sequentially("trafficking")
    page.locator("form#search button[type=submit]").click()
    page.wait_for_url("**/statements/?q=trafficking")
    count = page.locator("#result-count")
    expect(count).to_have_attribute("data-total", str(expected.trafficking))
    expect(count).to_contain_text(f"{expected.trafficking} statements match")
    expect(page.locator("ol#results li.result")).to_have_count(expected.trafficking)
    expect(page.locator("form#search input[name=q]")).to_have_value("trafficking")

    # Narrow by the Kazakhstan delegation facet.
    page.locator("#facet-delegation a", has_text="Kazakhstan").click()
    page.wait_for_url("**/statements/?*delegation=kazakhstan*")
    params = parse_qs(urlsplit(page.url).query)
    assert params["q"] == ["trafficking"] and params["delegation"] == ["kazakhstan"], page.url
    expect(count).to_have_attribute("data-total", str(expected.trafficking_kazakhstan))
    selected = page.locator("#facet-delegation a[aria-current]")
    expect(selected).to_have_count(1)
    expect(selected).to_contain_text("Kazakhstan")
    first = page.locator("ol#results li.result").first
    expect(page.locator("ol#results li.result")).to_have_count(expected.trafficking_kazakhstan)
    expect(first.locator(".result__title a")).to_have_text("Mr. Abdrakhmanov")
    expect(first.locator(".result__delegation")).to_have_text("Kazakhstan")
    expect(first.locator(".result__meta .symbol")).to_have_text("S/PV.7704")
    expect(first.locator(".snippet mark").first).to_have_text("trafficking")
    assert horizontal_overflow(page) == 0
    page.screenshot(path=OUTPUT / "results.png", full_page=True)

    # The narrowed results as a CSV file, downloaded as a reader would.
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    assert download.value.suggested_filename == "unsc-statements.csv"
    with open(download.value.path(), newline="", encoding="utf-8") as saved:
        rows = list(csv.DictReader(saved))
    assert [(row["meeting"], row["speaker"], row["delegation"]) for row in rows] == [
        ("S/PV.7704", "Mr. Abdrakhmanov", "Kazakhstan")
    ]
    assert (
        "trafficking" in rows[0]["text"]
        and rows[0]["url"] == f"{base}{expected.debate_path}{expected.speech_number}/"
    )

    # Open the result: the statement, its query terms marked.
    statement_path = f"{expected.debate_path}{expected.speech_number}/"
    first.locator(".result__title a").click()
    page.wait_for_url(f"{base}{statement_path}?q=trafficking")
    expect(page.locator("h1")).to_contain_text("Mr. Abdrakhmanov")
    expect(page.locator("#highlight-note")).to_contain_text("trafficking")
    marks = page.locator("#speech mark")
    expect(marks.first).to_be_visible()
    words = [text.lower() for text in marks.all_inner_texts()]
    assert len(words) >= 2 and all(word.startswith("traffick") for word in words), words
    page.screenshot(path=OUTPUT / "statement.png")

    # To the meeting, at this statement's anchor.
    anchor = f"s{expected.speech_number}"
    page.locator("#back-to-meeting").click()
    page.wait_for_url(f"{base}{expected.debate_path}#{anchor}")
    article = page.locator(f"article#{anchor}")
    expect(article).to_be_in_viewport()
    expect(article.locator("h2")).to_contain_text("Mr. Abdrakhmanov")
    # Scrolled so that the article starts at the top of the window (its scroll margin aside).
    top = f"document.getElementById('{anchor}').getBoundingClientRect().top"
    page.wait_for_function(f"Math.abs({top}) < 40")
    assert 0 <= page.evaluate(top) < 40 and page.evaluate("window.scrollY") > 0, page.evaluate(top)
    assert horizontal_overflow(page) == 0
    page.screenshot(path=OUTPUT / "debate.png")

    # And back, with the browser's back button.
    page.go_back()
    page.wait_for_url(f"{base}{statement_path}?q=trafficking")
    expect(page.locator("#statement")).to_have_attribute(
        "data-statement", f"s-pv-7704/{expected.speech_number}"
    )
    expect(page.locator("#speech mark").first).to_be_visible()

    # The unnarrowed results on a phone: nothing wider than the screen.
    phone = browser.new_context(viewport=PHONE, base_url=base, is_mobile=True, has_touch=True)
    phone.set_default_timeout(TIMEOUT_MS)
    small = phone.new_page()
    watch(small, errors)
    small.goto("/statements/?q=trafficking")
    expect(small.locator("#result-count")).to_have_attribute("data-total", str(expected.trafficking))
    assert horizontal_overflow(small) == 0
    small.screenshot(path=OUTPUT / "results-phone.png", full_page=True)

    phone.close()
    context.close()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_narrow_screens_long_queries_and_the_404_page_fit_the_window(imported, live_server, launch_chromium):
    OUTPUT.mkdir(exist_ok=True)
    browser = launch_chromium()
    from playwright.sync_api import expect

    errors: list[str] = []
    for name, viewport in (
        ("phone", PHONE),
        ("phone-320", {"width": 320, "height": 640}),
        ("desktop", DESKTOP),
    ):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        watch(page, errors)
        # A query of one very long word is cut to 500 characters and quoted back: it wraps.
        page.goto("/statements/?q=" + "a" * 3000)
        expect(page.locator("#result-count")).to_have_attribute("data-total", "0")
        assert horizontal_overflow(page) == 0, name
        # Filters in the panel open it; its wide fields take the whole row where one column fits.
        page.goto("/statements/?q=women&resolution=1325&delegation=france&date_from=2016-01-01")
        expect(page.locator("#result-count")).not_to_have_attribute("data-total", "0")
        expect(page.locator("details.filters")).to_have_attribute("open", "")
        assert horizontal_overflow(page) == 0, name
        page.screenshot(path=OUTPUT / f"filters-open-{name}.png", full_page=True)
        # A delegation's new name finds it under its old one, and the page says so.
        page.goto("/statements/?q=Türkiye")
        expect(page.locator("#result-count")).to_have_attribute("data-total", str(imported.turkiye))
        expect(page.locator("p.notice")).to_have_text(
            "Also searched as “Turkey”: other names of the same delegation."
        )
        expect(page.locator("ol#results li.result .snippet mark").first).to_have_text("Turkey")
        assert horizontal_overflow(page) == 0, name
        page.screenshot(path=OUTPUT / f"other-names-{name}.png", full_page=True)
        # A statement whose source joined two speeches says so above its text.
        page.goto("/debates/s-pv-7658/29/")
        expect(page.locator("#attribution-note")).to_contain_text("Mr. De Aguiar Patriota (Brazil)")
        assert horizontal_overflow(page) == 0, name
        page.screenshot(path=OUTPUT / f"review-note-{name}.png")
        # An address the archive does not hold: its own page, with the ways back in.
        response = page.goto("/delegations/atlantis/")
        assert response.status == 404
        expect(page.locator("h1")).to_have_text("There is no page at this address")
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        assert horizontal_overflow(page) == 0, name
        page.screenshot(path=OUTPUT / f"not-found-{name}.png", full_page=True)
        context.close()
    # The only failed request is the 404 itself (which Chromium also logs, without its URL).
    expected_404 = (
        "404: " + live_server.url + "/delegations/atlantis/",
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
    )
    assert [e for e in errors if e not in expected_404] == []
    assert len(errors) == 6  # each of the three pages' 404, twice
