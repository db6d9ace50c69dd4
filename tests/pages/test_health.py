"""/health/: what a load balancer polls to know a web process can serve pages."""

import pytest
from django.db import OperationalError, connections

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_the_database_answers(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain"
    assert "no-cache" in response["Cache-Control"]


def test_health_names_the_database_it_cannot_reach(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", unreachable)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"database default unreachable\n"


def test_health_only_answers_reads(client):
    assert client.post("/health/").status_code == 405
    assert client.head("/health/").status_code == 200
