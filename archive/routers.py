"""Reads from a streaming replica, when DATABASE_REPLICA_URL names one.

The archive's pages only read statements, debates, delegations and
resolutions, and whatever the primary commits reaches a streaming replica
within moments: web processes can read them there and leave the primary to
imports. What must see its own writes stays on the primary: imports and the
queues (the worker claims imports and concordance sorts with SELECT ... FOR UPDATE, and a
page that asks for a sort may write it and read it again at once), the admin,
sessions and users, and any read made inside a transaction. Every write goes
to the primary, and only the primary is migrated.
"""

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# Models of the speeches app that are read where they are written.
PRIMARY_ONLY = {"importjob", "concordancesort"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            model._meta.app_label == "speeches"
            and model._meta.model_name not in PRIMARY_ONLY
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is the primary's copy

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
