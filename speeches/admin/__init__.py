"""The admin: curators' lists, filters and the merge action (curation), and the imports'
upload form and reports (imports), and the concordances the worker sorts (sorts). Importing this
package registers them."""

from speeches.admin import curation, imports, sorts  # noqa: F401 -- each module registers its ModelAdmins
