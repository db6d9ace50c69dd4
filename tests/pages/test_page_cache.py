"""Whole pages are kept while the archive is unchanged, and never served after it changed."""

import pytest
from django.core.cache import cache

from speeches.models import Debate, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize(
    "url", ["/statements/?q=trafficking", "/debates/s-pv-7704/", "/delegations/kazakhstan/"]
)
def test_a_page_is_built_once_then_served_while_nothing_changes(client, url):
    built = client.get(url)
    assert built.status_code == 200 and built.context is not None
    served = client.get(url)
    assert served.context is None  # no template rendered
    assert served.content == built.content
    assert served["Content-Type"] == built["Content-Type"]


@pytest.mark.usefixtures("page_cache")
def test_a_page_is_built_again_once_the_archive_changes(client):
    before = client.get("/statements/?q=trafficking")
    Statement.objects.create(
        debate=Debate.objects.get(symbol="S/PV.7704"),
        speech_number=950,
        speaker="Mr. Doe",
        text="On trafficking.",
    )
    after = client.get("/statements/?q=trafficking")
    assert after.context is not None
    assert after.context["search"].total == before.context["search"].total + 1


@pytest.mark.usefixtures("page_cache")
def test_only_successful_pages_are_kept(client):
    assert client.get("/statements/?date_from=yesterday").status_code == 400
    assert client.get("/statements/?date_from=yesterday").context is not None


def test_the_tests_build_every_page(client):
    client.get("/statements/?q=trafficking")
    assert client.get("/statements/?q=trafficking").context is not None
