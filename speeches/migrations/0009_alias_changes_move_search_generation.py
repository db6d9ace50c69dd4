"""A change to a delegation's aliases is a change to what searches answer.

A query that names a delegation is searched by all its names
(speeches.query_names), so adding or removing an alias changes its answers:
writes to speeches_delegationalias now move the search generation on, like
writes to statements, debates, delegations and citations (migration 0006).
"""

from django.db import migrations

TABLE = "speeches_delegationalias"


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0008_no_statistics_for_unqueried_columns"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE TRIGGER {TABLE}_search_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION speeches_search_changed()",
            f"DROP TRIGGER {TABLE}_search_changed ON {TABLE}",
        ),
    ]
