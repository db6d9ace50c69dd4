"""How often, by year, in a real browser: from a search to its chart, which is SVG drawn by the
server (no script), with its numbers in a table. Screenshots: trends-desktop.png, trends-phone.png."""

import io
import re

import pytest

from .conftest import DESKTOP, OUTPUT, PHONE, TIMEOUT_MS, watch
from .test_reader import horizontal_overflow

pytestmark = pytest.mark.browser


@pytest.fixture
def years(sample_db) -> int:
    from speeches.models import Statement

    return Statement.objects.exclude(debate__year=None).values("debate__year").distinct().count()


@pytest.mark.django_db(transaction=True)
def test_from_a_search_to_how_often_its_words_are_used(years, live_server, launch_chromium):
    OUTPUT.mkdir(exist_ok=True)
    browser = launch_chromium()
    from playwright.sync_api import expect

    errors: list[str] = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        # Without JavaScript: the chart is the server's SVG.
        context = browser.new_context(viewport=viewport, base_url=live_server.url, java_script_enabled=False)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        watch(page, errors)
        page.goto("/statements/?q=sanctions")
        page.locator("#trend").click()
        expect(page.locator("h1")).to_contain_text("How often, by year")
        page.locator("input[name=compare]").fill("women")
        page.get_by_role("button", name="Chart").click()
        expect(page.locator("figure.chart")).to_have_count(2)
        expect(page.locator("figure.chart").first.locator("g.chart__series")).to_have_count(2)
        expect(page.locator("figure.chart").first.locator(".chart__legend li")).to_have_text(
            ["“sanctions”", "“women”"]
        )
        expect(page.locator("#trend-table tbody tr")).to_have_count(years)
        box = page.locator("figure.chart svg").first.bounding_box()
        assert box["width"] > 300 and box["height"] > 100, box
        assert horizontal_overflow(page) == 0, name
        page.screenshot(path=OUTPUT / f"trends-{name}.png", full_page=True)
        context.close()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_from_a_search_to_its_words_in_context(sample_db, live_server, launch_chromium):
    OUTPUT.mkdir(exist_ok=True)
    browser = launch_chromium()
    from playwright.sync_api import expect

    errors: list[str] = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        watch(page, errors)
        page.goto("/statements/?q=sanctions")
        page.locator("#concordance-link").click()
        expect(page.locator("h1")).to_have_text("Concordance")
        keywords = page.locator("#concordance td.concordance__keyword")
        expect(keywords).to_have_count(50)
        # Aligned: every keyword starts at the same distance from the left, give or take centring.
        lefts = [box["x"] + box["width"] / 2 for box in (k.bounding_box() for k in keywords.all()[:10])]
        assert max(lefts) - min(lefts) < 2, lefts
        page.locator("#id_order").select_option("right")
        page.get_by_role("button", name="Show lines").click()
        expect(page.locator("#id_order")).to_have_value("right")
        assert horizontal_overflow(page) == 0, name
        page.screenshot(path=OUTPUT / f"concordance-{name}.png", full_page=False)
        # A line opens its statement at the paragraph, the word marked.
        keywords.first.locator("a").click()
        expect(page.locator("p:target mark").first).to_be_visible()
        context.close()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_long_concordance_reloads_itself_until_the_worker_has_sorted_it(
    sample_db, live_server, launch_chromium, monkeypatch
):
    from django.core.management import call_command

    from speeches.search import concordance
    from speeches.views import concordance as views

    monkeypatch.setattr(concordance, "MAX_SORTED", 10)  # "sanctions" has 57 lines in the sample
    monkeypatch.setattr(views, "RETRY_SECONDS", 1)
    OUTPUT.mkdir(exist_ok=True)
    browser = launch_chromium()
    from playwright.sync_api import expect

    errors: list[str] = []
    # Without JavaScript: the page reloads itself by its <meta> refresh.
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch(page, errors)
    page.goto("/statements/concordance/?q=sanctions&order=right")
    expect(page.locator("#concordance-sorting")).to_contain_text("Sorting these 57 lines by the words after")
    expect(page.locator("#id_order")).to_have_value("right")
    page.screenshot(path=OUTPUT / "concordance-sorting.png", full_page=False)

    call_command("run_import_worker", "--once", stdout=io.StringIO())
    expect(page.locator("#concordance-sorting")).to_have_count(0)  # reloaded by itself
    rights = page.locator("#concordance td.concordance__right").all_inner_texts()
    assert len(rights) == 50
    # By their words, punctuation passed over: ", and the" sorts as "and the".
    keys = [re.findall(r"\w+(?:['’]\w+)*", text.lower()) for text in rights]
    assert keys == sorted(keys) and any(text.startswith(",") for text in rights)
    context.close()
    assert errors == []
