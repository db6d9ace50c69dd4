"""The register in a real browser: a researcher goes from a year's resolutions to resolution 1820
and the meeting that adopted it; a journalist from the veto list to what Russia said before its
veto; anyone reads how much of each year the archive holds. Screenshots in test-output/:
resolutions-2008-*.png, resolution-1820.png, debates-coverage-*.png, veto-meeting.png.

Transactional, as the reader's tests are (tests/browser/test_reader.py): the live server reads
the committed sample, which holds the whole register (sample/register/).
"""

import pytest

from .conftest import DESKTOP, OUTPUT, PHONE, TIMEOUT_MS, watch
from .test_reader import horizontal_overflow

pytestmark = pytest.mark.browser


@pytest.fixture
def russia_at_7138(sample_db) -> int:
    """How many statements the Russian Federation made at S/PV.7138 (the 2014 veto on Ukraine)."""
    from speeches.models import Statement

    count = Statement.objects.filter(
        debate__symbol="S/PV.7138", delegation__slug="russian-federation"
    ).count()
    assert count > 0
    return count


@pytest.mark.django_db(transaction=True)
def test_from_a_year_of_resolutions_to_the_meeting_that_adopted_one(
    russia_at_7138, live_server, launch_chromium
):
    OUTPUT.mkdir(exist_ok=True)
    browser = launch_chromium()
    from playwright.sync_api import expect

    errors: list[str] = []
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch(page, errors)

    page.goto("/resolutions/")
    page.get_by_role("navigation", name="Years").get_by_role("link", name="2008", exact=True).click()
    expect(page.locator("h1")).to_have_text("Resolutions of 2008")
    # 2008: resolutions 1795 to 1859, as the library's table lists them.
    expect(page.locator("#result-count")).to_have_attribute("data-total", "65")
    row = page.locator("#resolution-1820")
    expect(row.locator("time")).to_have_text("19 June")
    expect(row.locator(".tally")).to_have_text("15-0-0")
    page.screenshot(path=OUTPUT / "resolutions-2008-desktop.png", full_page=False)
    row.get_by_role("link", name="1820", exact=True).click()
    expect(page.locator("h1")).to_have_text("Resolution 1820 (2008)")
    expect(page.locator("#adopted-on")).to_have_text("19 June 2008")
    expect(page.locator("#tally")).to_have_text("15-0-0")
    expect(page.locator("#resolution-topic")).to_have_text("Women and peace and security")
    page.screenshot(path=OUTPUT / "resolution-1820.png", full_page=True)
    page.locator("a.adopted-at").click()
    expect(page.locator("h1")).to_have_text("S/PV.5916 (Resumption 1)")
    expect(page.locator("#outcome-1")).to_contain_text("S/RES/1820 (2008)")
    expect(page.locator("#no-statements")).to_contain_text("does not hold the statements of this meeting yet")

    # The journalist: Russia's vetoes, then what it said at the meeting of one.
    page.goto("/vetoes/?member=russian-federation&decade=2010")
    veto = page.locator("tr", has=page.locator("a.veto__debate", has_text="S/PV.7138"))
    expect(veto.locator(".veto__said a")).to_have_count(russia_at_7138)
    veto.locator("a.veto__debate").click()
    expect(page.locator("h1")).to_have_text("S/PV.7138")
    expect(page.locator("#outcome-1")).to_contain_text("vetoed by Russian Federation")
    expect(page.locator("article.meeting__statement")).not_to_have_count(0)
    page.screenshot(path=OUTPUT / "veto-meeting.png", full_page=False)
    context.close()

    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        watch(page, errors)
        page.goto("/debates/")
        page.locator("#coverage summary").click()
        expect(page.locator("#coverage-2016 td").nth(0)).to_have_text("258")
        assert horizontal_overflow(page) == 0, name
        page.screenshot(path=OUTPUT / f"debates-coverage-{name}.png", full_page=False)
        # The year's held meetings, from its coverage row.
        page.locator("#coverage-2016").get_by_role("link", name="3", exact=True).click()
        expect(page.locator("#result-count")).to_have_attribute("data-total", "3")
        expect(page.locator("#year-coverage")).to_have_text(
            "· in 2016 the archive holds the statements of 3 of 258 meetings"
        )
        page.goto("/resolutions/?year=2008")
        assert horizontal_overflow(page) == 0, name
        page.screenshot(path=OUTPUT / f"resolutions-2008-{name}.png", full_page=False)
        context.close()
    assert errors == []
