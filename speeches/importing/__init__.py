"""Importing: files in, rows of speeches.models out, through one path (speeches.importing.run)
that the import_statements command and the admin's uploads share.

- run: import_paths() and the Importer that plans, parses and writes
- planning, plan: which files and table rows an import holds, and where each goes
- workers: large imports in one process per core
- writing, copy: statements in batches (COPY for new ones), records whole
- debates, delegations: the meetings and delegations statements belong to
- records: a full record's meeting-level facts (members, decisions, votes)
- citations: the resolutions and documents a statement cites
- report: what an import did
- queue: the imports waiting to run, and the worker's side of them
- uploads: the admin's uploads, checked before anything is kept
"""
