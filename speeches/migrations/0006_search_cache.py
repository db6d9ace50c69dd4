"""Broad searches' kept answers, and the generation that tells when they are outdated.

Every statement-level write to statements, debates, delegations or citations
adds a row to speeches_searchchange (one per INSERT, COPY, UPDATE, DELETE or
TRUNCATE, not per row: an import of 170,000 statements adds about a thousand).
speeches.search_cache reads the generation as speeches_searchgeneration.base
plus those rows, in one snapshot, and folds them into the base after imports.
"""

from django.db import migrations, models

TABLES = ["speeches_statement", "speeches_debate", "speeches_delegation", "speeches_citation"]

FORWARD = [
    "CREATE TABLE speeches_searchgeneration (base bigint NOT NULL)",
    "INSERT INTO speeches_searchgeneration (base) VALUES (0)",
    "CREATE TABLE speeches_searchchange (changed_at timestamptz NOT NULL DEFAULT now())",
    """
    CREATE FUNCTION speeches_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO speeches_searchchange DEFAULT VALUES;
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_search_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION speeches_search_changed()"
        for table in TABLES
    ),
]
BACKWARD = [
    *(f"DROP TRIGGER {table}_search_changed ON {table}" for table in TABLES),
    "DROP FUNCTION speeches_search_changed()",
    "DROP TABLE speeches_searchchange",
    "DROP TABLE speeches_searchgeneration",
]


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0005_search_vector_inline'),
    ]

    operations = [
        migrations.CreateModel(
            name='CachedSearch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(help_text='SHA-256 of what was asked.', max_length=64, unique=True)),
                ('generation', models.BigIntegerField(help_text='speeches.search_cache.generation() when computed.')),
                ('value', models.JSONField()),
                ('milliseconds', models.PositiveIntegerField(default=0, help_text='What computing it cost.')),
                ('computed_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'indexes': [models.Index(fields=['computed_at'], name='cached_search_computed_at')],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
