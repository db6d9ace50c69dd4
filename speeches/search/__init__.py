"""Search: a URL's parameters in, a page of statements with its total, facets and marks out.

- filters: what each URL parameter means and how a bad value is refused (FilterSets)
- query: the reader's words as a tsquery; names: a delegation's other names
- service: the statement search (search_statements), the one place that searches
- facets, querystring, directory: what a results page shows beside its results (counts by
  delegation and year, links, every delegation and its spellings)
- highlights: snippets and marks, escaped
- answers: broad searches' kept answers, and the search generation they are kept under
- kept: what a web process keeps between requests, by generation
- index: the GIN index and statistics, kept up by the importer
- export: a search's statements as CSV; reads: the connection searches read from
"""
