"""Whole pages are kept per generation too (speeches.page_cache), and a debate's page
shows its members, decisions, votes and documents: writes to those tables move
the generation on as well (see 0006)."""

from django.db import migrations

TABLES = [
    "speeches_debatemember",
    "speeches_decision",
    "speeches_vote",
    "speeches_document",
    "speeches_statement_documents",
    "speeches_resolution",
]


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0006_search_cache"),
    ]

    operations = [
        migrations.RunSQL(
            [
                f"CREATE TRIGGER {table}_search_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION speeches_search_changed()"
                for table in TABLES
            ],
            [f"DROP TRIGGER {table}_search_changed ON {table}" for table in TABLES],
        ),
    ]
