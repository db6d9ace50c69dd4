"""Keep statements' search vectors in the table's own pages, and give the planner
the statistics to estimate a query's matches (docs/PERFORMANCE.md).

Ranking reads the vector of every match. Stored out of line (TOAST, the default
for values over 2 kB) each read is an index lookup and several chunk reads:
measured at 170,000 statements, ranking the 153,000 matches of "security" took
2.5 s out of line and 0.86 s inline. STORAGE MAIN keeps a vector inline
(compressed if need be) unless the row cannot fit a page at all; the text,
which only the 20 rows of a page read, still goes out of line.

The search routes a query by the planner's estimate of its matches; at the
default statistics target the estimate of a tsvector match comes from the 1,000
most common lexemes only, and a rare word could be taken for 0.5% of the
table. With 10,000 the common lexemes of the whole record are counted.

Both apply to rows written from now on; an existing archive takes them with
VACUUM FULL speeches_statement; ANALYZE speeches_statement.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0004_leaner_statement_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE speeches_statement ALTER COLUMN search SET STORAGE MAIN, "
            "ALTER COLUMN search SET STATISTICS 10000",
            "ALTER TABLE speeches_statement ALTER COLUMN search SET STORAGE EXTENDED, "
            "ALTER COLUMN search SET STATISTICS -1",
        ),
    ]
