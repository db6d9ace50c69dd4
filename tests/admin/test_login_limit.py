"""The admin's login is limited against password guessing (django-axes, archive/settings.py): five
failures from one address, or for one username, lock both out for the cool-off; a success clears
the count; the lock ends with the cool-off or when an administrator lifts it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from archive.clients import client_address

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a long pass phrase"  # noqa: S105 (a test user's)


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user("curator", password=PASSWORD, is_staff=True)


def log_in(username: str, password: str, *, address: str = "203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password})


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_five_wrong_passwords_lock_the_address_and_the_user_out(curator):
    for _ in range(4):
        refused = log_in("curator", "guess")
        assert refused.status_code == 200 and "Please enter the correct username and password" in (
            refused.content.decode()
        )
    locked = log_in("curator", "guess")  # the fifth
    assert locked.status_code == 429
    html = locked.content.decode()
    assert (
        "Too many failed logins" in html and "After 5 failed logins from this address or for curator" in html
    )
    # Locked: the right password from the same address, and from another, is refused too.
    assert log_in("curator", PASSWORD).status_code == 429
    assert log_in("curator", PASSWORD, address="198.51.100.2").status_code == 429
    attempt = AccessAttempt.objects.get(username="curator", ip_address="203.0.113.7")
    assert attempt.failures_since_start == 6  # five guesses and the right password while locked


def test_the_lock_ends_with_the_cool_off(curator):
    for _ in range(5):
        log_in("curator", "guess")
    assert log_in("curator", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert logged_in(log_in("curator", PASSWORD))


def test_an_administrator_lifts_the_lock(curator):
    for _ in range(5):
        log_in("curator", "guess")
    call_command("axes_reset")
    assert logged_in(log_in("curator", PASSWORD))


def test_a_success_clears_the_count(curator):
    for _ in range(4):
        log_in("curator", "guess")
    assert logged_in(log_in("curator", PASSWORD))
    for _ in range(4):  # four more: not five in a row
        log_in("curator", "guess")
    assert logged_in(log_in("curator", PASSWORD))


def test_other_users_and_addresses_are_not_locked_by_one_guesser(curator, django_user_model):
    django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    for _ in range(5):
        log_in("curator", "guess")
    assert logged_in(log_in("editor", PASSWORD, address="198.51.100.2"))


def test_behind_proxies_the_client_is_the_address_the_outermost_one_saw(settings, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.1")
    assert client_address(request) == "10.0.0.2"  # no proxy declared: what the connection says
    settings.PROXY_COUNT = 2
    # The client wrote 6.6.6.6 itself; the outer proxy appended the address it saw.
    assert client_address(request) == "203.0.113.7"
    settings.PROXY_COUNT = 1
    assert client_address(request) == "10.0.0.1"
    settings.PROXY_COUNT = 4
    assert client_address(request) == "10.0.0.2"  # fewer entries than proxies: not through them
