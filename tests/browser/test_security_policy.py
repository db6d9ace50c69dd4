"""Every kind of page satisfies the Content Security Policy (archive/settings.py) in a real browser:
no inline script or style, nothing from another origin. Chromium reports each violation as a
`securitypolicyviolation` event and on the console; both are collected, on every page a reader,
a script's author and a curator open, with and without JavaScript's own changes to the page."""

import pytest

from .conftest import DESKTOP, TIMEOUT_MS, watch

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/statements/?q=sanctions",
    "/statements/?q=women&delegation=france&sort=newest",
    "/statements/concordance/?q=sanctions",
    "/statements/trends/?q=sanctions&compare=women",
    "/debates/",
    "/debates/s-pv-7138/",
    "/debates/s-pv-7138/1/?q=sanctions",
    "/delegations/",
    "/delegations/france/",
    "/resolutions/",
    "/resolutions/1325/",
    "/vetoes/",
    "/api/",
    "/api/statements/?q=sanctions",
    "/no-such-page/",
    "/admin/login/",
]
# Collected from the first moment of each document, before any of its scripts run.
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ""}`.trim());
});
"""


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(
    sample_db, live_server, launch_chromium, django_user_model
):
    from django.utils import timezone

    from speeches.models import ImportJob

    django_user_model.objects.create_superuser("curator", password="a long pass phrase")
    # An import's report page (finished: a running import's page reloads itself every two seconds).
    job = ImportJob.objects.create(
        status=ImportJob.Status.DONE, started_at=timezone.now(), finished_at=timezone.now()
    )
    browser = launch_chromium()
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(COLLECT)
    page = context.new_page()
    errors: list[str] = []
    watch(page, errors)
    violations: dict[str, list[str]] = {}
    policies = set()

    def visit(path: str) -> None:
        response = page.goto(path)
        policies.add(response.headers.get("content-security-policy"))
        page.wait_for_load_state("networkidle")
        violations[path] = page.evaluate("window.__violations")

    for path in PAGES:
        visit(path)
    # The Swagger UI drew the API's operations (its script is a file of its own).
    assert page.goto("/api/").ok
    page.wait_for_selector(".opblock", timeout=TIMEOUT_MS)
    violations["/api/ drawn"] = page.evaluate("window.__violations")
    # A curator's pages: the admin, its lists and the import form.
    page.goto("/admin/login/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a long pass phrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    for path in (
        "/admin/",
        "/admin/speeches/statement/",
        "/admin/speeches/importjob/add/",
        job.get_absolute_url(),
        "/admin/speeches/debate/register-check/",
        "/admin/axes/accessattempt/",
    ):
        visit(path)
    page.goto("about:blank")
    context.close()

    assert {path: found for path, found in violations.items() if found} == {}
    assert [e for e in errors if "Content Security Policy" in e] == []
    # /no-such-page/ is the one 404 (Chromium reports it on the console too, without its URL).
    assert [e for e in errors if "404" not in e] == []
    assert [e for e in errors if e.startswith("404: ")] == [f"404: {live_server.url}/no-such-page/"]
    # One policy on every page, from the settings (its directives in any order).
    assert {frozenset(d.strip() for d in policy.split(";")) for policy in policies} == {
        frozenset(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )
    }
