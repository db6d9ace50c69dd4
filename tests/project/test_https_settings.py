"""HTTPS=true, the one switch for a deployment behind HTTPS: `check --deploy` gives no warning with
it (and the four it is for without it), HTTP is redirected, HSTS sent, cookies secure, and the
health check answered over plain HTTP. Each in a process of its own: settings are read at start."""

import json
import os
import re
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "archive.example.org,testserver",
    "DJANGO_SETTINGS_MODULE": "archive.settings",
}
# What a request over each scheme gets, through the middleware (Django's test client).
REQUESTS = """
import json, django
django.setup()
from django.test import Client
from django.conf import settings
client = Client()
out = {}
plain = client.get("/statements/?q=sanctions", HTTP_HOST="archive.example.org")
out["plain"] = [plain.status_code, plain.get("Location")]
health = client.get("/health/", HTTP_HOST="archive.example.org")
out["health"] = [health.status_code, health.get("Location")]
secure = client.get("/health/", HTTP_HOST="archive.example.org", HTTP_X_FORWARDED_PROTO="https")
out["hsts"] = secure.get("Strict-Transport-Security")
out["cookies"] = [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE]
print(json.dumps(out))
"""


def _run(arguments: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env={**os.environ, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_gives_no_warning_with_https_on():
    checked = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], HTTPS="true")
    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues (0 silenced)." in checked.stdout


def test_without_it_check_deploy_names_the_four_settings_it_sets():
    checked = _run(["manage.py", "check", "--deploy"], HTTPS="false")
    warnings = sorted(re.findall(r"^\?: \((security\.W\d+)\)", checked.stderr, re.MULTILINE))
    assert warnings == ["security.W004", "security.W008", "security.W012", "security.W016"]


def test_http_is_redirected_hsts_sent_and_the_health_check_answered():
    answered = _run(["-c", REQUESTS], HTTPS="true")
    assert answered.returncode == 0, answered.stderr
    out = json.loads(answered.stdout)
    assert out["plain"] == [301, "https://archive.example.org/statements/?q=sanctions"]
    assert out["health"][1] is None and out["health"][0] in (200, 503)  # answered, not redirected
    assert out["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert out["cookies"] == [True, True]
