"""The archive's read-only JSON API (/api/), in Django REST Framework's conventions.

The API asks the same code as the pages: the statement search is
speeches.search.service.search_statements with the same StatementFilter (the
same parameters, the same validation, the same exact totals and facets); the
lists of debates, delegations, resolutions and vetoes use the pages' own
FilterSets and selectors. Parameters that cannot be read get a 400 with the
reason, as on the pages. The schema (OpenAPI 3, drf-spectacular) is at
/api/schema/ and browsable at /api/docs/.
"""
