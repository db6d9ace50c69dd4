"""Speakers' and delegations' names are searched word by word, whatever joins them.

PostgreSQL's parser read "Mr. Nebenzia/Ms. Evstigneeva" as one file path
("nebenzia/ms") and "Mr.Nebenzia" as one host name, so a search for Nebenzia
missed those statements. The vector now folds names with FoldName, which also
makes slashes and full stops spaces.

PostgreSQL 15 cannot change a generated column's expression, so the column is
dropped and added again, in one ALTER TABLE with the settings that migrations
0004 and 0005 gave it (lz4 where the server has it, kept in the row, statistics
target 10,000): the table is rewritten once, every vector computed with them.
Then the GIN index is built again and the table analysed, for the planner's
estimates (a dropped column's statistics go with it). At 170,000 statements
this takes a few minutes, during which the statements' table is locked.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models
from django.db.models.sql.query import Query

import speeches.models

TABLE = "speeches_statement"


def vector(fold) -> models.GeneratedField:
    def name(column, weight):
        return django.contrib.postgres.search.SearchVector(fold(models.F(column)), config="english", weight=weight)

    def words(column):
        return django.contrib.postgres.search.SearchVector(column, config="english", weight="C")

    return models.GeneratedField(
        db_persist=True,
        expression=(
            name("speaker", "A") + name("delegation_as_printed", "A") + name("role", "B") + words("text")
            + words("folded_terms")
        ),
        output_field=django.contrib.postgres.search.SearchVectorField(),
    )


def replace_vector(fold):
    def replace(apps, schema_editor):
        statement = apps.get_model("speeches", "Statement")
        field = vector(fold)
        field.set_attributes_from_name("search")
        # What contribute_to_class() would set, without adding a second "search" to the model.
        field.model = statement
        field._query = Query(model=statement, alias_cols=False)
        definition, params = schema_editor.column_sql(statement, field)
        settings = ["ALTER COLUMN search SET STORAGE MAIN", "ALTER COLUMN search SET STATISTICS 10000"]
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
            row = cursor.fetchone()
        if row and row[0]:
            settings.append("ALTER COLUMN search SET COMPRESSION lz4")
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN search")  # and its GIN index
        schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN search {definition}, {', '.join(settings)}", params)
        schema_editor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        schema_editor.execute(f"CREATE INDEX statement_search ON {TABLE} USING gin (search)")
        schema_editor.execute(f"ANALYZE {TABLE}")

    return replace


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0009_alias_changes_move_search_generation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(replace_vector(speeches.models.FoldName), replace_vector(speeches.models.Fold)),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="statement", name="statement_search"),
                migrations.RemoveField(model_name="statement", name="search"),
                migrations.AddField(model_name="statement", name="search", field=vector(speeches.models.FoldName)),
                migrations.AddIndex(
                    model_name="statement",
                    index=django.contrib.postgres.indexes.GinIndex(fields=["search"], name="statement_search"),
                ),
            ],
        ),
    ]
