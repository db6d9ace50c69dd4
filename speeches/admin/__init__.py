"""The admin: curators' lists, filters and the merge action (curation), and the imports'
upload form and reports (imports). Importing this package registers both."""

from speeches.admin import curation, imports  # noqa: F401 -- each module registers its ModelAdmins
