"""The archive's benchmark: how fast it imports and searches at the size of the published record.

Not part of the archive: a Django app of its own, so that the domain app
(speeches) holds nothing that only measures it. `manage.py benchmark` writes a
synthetic corpus from the sample's real text (corpus), imports it through
import_statements into a database of its own (databases, imports), stores the
same statements with PostgreSQL alone (floor), times the search pages for a mix
of readers' queries (mix, pages), serves them through gunicorn under load
(load), imports again with every answer kept (freshness), and prints the figures
(report). docs/PERFORMANCE.md records its runs.
"""
