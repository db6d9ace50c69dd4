"""No planner statistics for the statement columns no query filters, joins or sorts on.

The search vector's statistics target (10,000, see 0005) makes every ANALYZE of
speeches_statement read all its rows, and then every column's statistics were
computed from all of them too: sorting 170,000 texts, checksums and file names
that no query ever compares. Measured at 170,000 statements, ANALYZE took 10 to
18 s with them and 6.5 s without (docs/PERFORMANCE.md); an import that builds
the search index again runs one.
"""

from django.db import migrations

# checksum is compared only within one debate, which its index finds first.
COLUMNS = ["text", "folded_terms", "checksum", "source_file"]


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0007_page_generation"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE speeches_statement "
            + ", ".join(f"ALTER COLUMN {column} SET STATISTICS 0" for column in COLUMNS),
            "ALTER TABLE speeches_statement "
            + ", ".join(f"ALTER COLUMN {column} SET STATISTICS -1" for column in COLUMNS),
        ),
    ]
