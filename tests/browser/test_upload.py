"""A curator's upload in a real browser (Debian's Chromium driven by Playwright): log in, fill the
upload form with a real speech file, submit it, let the worker run it, and read the report, which
the page follows by itself. Screenshots: test-output/import-upload.png and import-report.png.

As in test_reader.py, the live server runs in another thread, so the test is transactional.
Once Playwright has started, its sync API runs this thread's code in a context of its own, where
Django would open (and leave open) a second connection: database work from then on (the worker,
the checks) runs in a thread of its own that closes its connections (in_thread).
"""

import io
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connections

from speeches.models import ImportJob, Statement
from tests.conftest import REFERENCE, assert_test_database

from .conftest import DESKTOP, OUTPUT, TIMEOUT_MS, watch

pytestmark = pytest.mark.browser


def in_thread(function):
    """Call function in a thread of its own, with its own database connection, closed after."""
    result = {}

    def run():
        try:
            result["value"] = function()
        except BaseException as exc:  # raised again in the test's thread
            result["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


@pytest.mark.django_db(transaction=True)
def test_upload_a_speech_and_read_the_report(
    live_server,
    launch_chromium,
    settings,
    tmp_path,
    django_user_model,
):
    assert_test_database()
    settings.MEDIA_ROOT = tmp_path / "media"
    curator = django_user_model.objects.create_user("curator", password="a long pass phrase", is_staff=True)
    curator.user_permissions.add(
        *Permission.objects.filter(codename__in=["import_records", "view_statement", "view_debate"])
    )
    OUTPUT.mkdir(exist_ok=True)
    browser = launch_chromium()
    from playwright.sync_api import expect

    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    watch(page, errors)

    # The form asks a curator to log in first.
    page.goto("/admin/speeches/importjob/add/")
    page.wait_for_url("**/admin/login/?next=/admin/speeches/importjob/add/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a long pass phrase")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/speeches/importjob/add/")
    expect(page.locator("h1")).to_have_text("Import records")

    # A speech file whose name carries nothing: the curator says which meeting it belongs to.
    page.set_input_files("#id_files", str(REFERENCE))
    page.fill("#id_meeting", "S/PV.7704")
    page.fill("#id_date", "2016-06-02")
    page.fill("#id_topic", "Women and peace and security")
    page.fill("#id_speech_number", "12")
    page.locator("input[name=mode][value=import]").check()
    page.screenshot(path=OUTPUT / "import-upload.png", full_page=True)
    page.locator("#upload-submit").click()

    page.wait_for_url("**/admin/speeches/importjob/*/change/")
    report = page.locator("#import-report")
    expect(report).to_have_attribute("data-status", "queued")
    expect(page.locator("#import-status")).to_contain_text("Queued: waiting for the import worker")
    job = in_thread(ImportJob.objects.get)
    assert page.url == f"{live_server.url}/admin/speeches/importjob/{job.pk}/change/"

    # The worker runs it; the page reloads itself until the report is there.
    out = io.StringIO()
    in_thread(lambda: call_command("run_import_worker", "--once", stdout=out))
    assert out.getvalue().splitlines()[0] == (
        f"Import #{job.pk}: 1 files read; statements: 1 created, 0 updated, 0 unchanged; 0 refused"
    )
    expect(report).to_have_attribute("data-status", "done")
    expect(page.locator("#import-status")).to_have_text("Imported.")
    for name, count in [
        ("files_read", "1"),
        ("created", "1"),
        ("updated", "0"),
        ("unchanged", "0"),
        ("refused", "0"),
    ]:
        expect(page.locator(f'[data-count="{name}"]')).to_have_text(count)
    expect(page.locator("#import-debates li")).to_have_text("S/PV.7704, 2 June 2016: 1 statement")
    expect(page.locator("#import-uploads li")).to_have_text(f"{REFERENCE.name} (5.6 KB)")
    page.screenshot(path=OUTPUT / "import-report.png", full_page=True)

    # The link to what it wrote.
    page.locator("#import-statements-link").click()
    page.wait_for_url(f"**/admin/speeches/statement/?last_import={job.pk}")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_contain_text("Mr. Abdrakhmanov")

    context.close()
    statement = in_thread(Statement.objects.select_related("debate").get)
    assert (statement.debate.symbol, statement.speech_number, statement.last_import_id) == (
        "S/PV.7704",
        12,
        job.pk,
    )
    assert errors == []
