"""With DATABASE_REPLICA_URL, pages read from the replica; writes, imports and the admin use the primary."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction

from archive.database import SESSION_OPTIONS, replica_config
from archive.routers import ReplicaRouter
from speeches.models import CachedSearch, ConcordanceSort, Debate, Delegation, ImportJob, Statement
from tests.conftest import ROOT

router = ReplicaRouter()


def test_the_archives_records_are_read_from_the_replica():
    for model in (Statement, Debate, Delegation, CachedSearch):
        assert router.db_for_read(model) == "replica", model


def test_the_queues_the_admin_and_sessions_are_read_from_the_primary():
    for model in (ImportJob, ConcordanceSort, User, Session):
        assert router.db_for_read(model) == "default", model


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_see_its_writes_on_the_primary():
    with transaction.atomic():
        assert router.db_for_read(Statement) == "default"
    assert router.db_for_read(Statement) == "replica"


def test_everything_is_written_to_and_migrated_on_the_primary():
    for model in (Statement, ImportJob, CachedSearch, User):
        assert router.db_for_write(model) == "default"
    assert router.allow_migrate("default", "speeches")
    assert not router.allow_migrate("replica", "speeches")


def test_a_replica_url_gives_a_database_that_tests_read_through_the_primary():
    config = replica_config("postgres://reader:secret@replica.internal:5433/archive")
    assert (config["HOST"], config["PORT"], config["USER"], config["NAME"]) == (
        "replica.internal",
        "5433",
        "reader",
        "archive",
    )
    assert config["OPTIONS"] == {"options": SESSION_OPTIONS}
    assert config["TEST"] == {"MIRROR": "default"}


def test_the_setting_adds_the_replica_and_its_router():
    code = (
        "from archive import settings as s; "
        "print(sorted(s.DATABASES), s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS)"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://writer@primary.internal/archive",
        "DATABASE_REPLICA_URL": "postgres://reader@replica.internal/archive",
    }
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "['default', 'replica'] replica.internal ['archive.routers.ReplicaRouter']"
