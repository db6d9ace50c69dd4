"""The resolutions and documents a statement cites, kept in step with its text.

The importer writes them for thousands of statements at a time; an edit in the
admin reads them again for one. Both go through write_citations, so an edited
statement cites exactly what the same text would cite if it were imported.
"""

from django.db import connection

from speeches.models import Citation, Document, Resolution, Statement
from speeches.parsing.citations import ResolutionCitation, cited_documents, cited_resolutions


def write_citations(
    cited: list[tuple[int, list[ResolutionCitation], list[str]]], *, replace: set[int] = frozenset()
) -> None:
    """Link statements to what they cite: (statement id, resolutions, document symbols).

    The statements in `replace` lose their old links first.
    """
    if replace:
        Citation.objects.filter(statement_id__in=replace).delete()
        Statement.documents.through.objects.filter(statement_id__in=replace).delete()
    numbers = {c.number: c.year for _, resolutions, _ in cited for c in resolutions}
    symbols = {d for _, _, documents in cited for d in documents}
    # Sorted, so that two workers inserting the same rows cannot deadlock.
    if numbers:
        Resolution.objects.bulk_create(
            [Resolution(number=n, year=y) for n, y in sorted(numbers.items())], ignore_conflicts=True
        )
    if symbols:
        Document.objects.bulk_create([Document(symbol=s) for s in sorted(symbols)], ignore_conflicts=True)
    citations = [(pk, c.number, c.sentence) for pk, resolutions, _ in cited for c in resolutions]
    links = [(pk, d) for pk, _, documents in cited for d in documents]
    # Plain INSERT ... SELECT over arrays: model instances for thousands of
    # link rows would cost more than the rest of the import.
    with connection.cursor() as cursor:
        if citations:
            statement_ids, resolution_numbers, sentences = zip(*citations, strict=True)
            cursor.execute(
                f"INSERT INTO {Citation._meta.db_table} (statement_id, resolution_id, sentence) "  # noqa: S608 (table names from the models; the values are parameters)
                f"SELECT c.statement_id, r.id, c.sentence FROM unnest(%s::bigint[], %s::int[], %s::text[]) "
                f"AS c(statement_id, number, sentence) JOIN {Resolution._meta.db_table} r ON r.number = c.number",
                [list(statement_ids), list(resolution_numbers), list(sentences)],
            )
        if links:
            statement_ids, document_symbols = zip(*links, strict=True)
            through = Statement.documents.through._meta.db_table
            cursor.execute(
                f"INSERT INTO {through} (statement_id, document_id) "  # noqa: S608 (table names from the models; the values are parameters)
                f"SELECT l.statement_id, d.id FROM unnest(%s::bigint[], %s::text[]) AS l(statement_id, symbol) "
                f"JOIN {Document._meta.db_table} d ON d.symbol = l.symbol",
                [list(statement_ids), list(document_symbols)],
            )


def cite_again(statement: Statement) -> None:
    """Read what a statement cites from its (edited) text, replacing what it cited before."""
    text = statement.text
    write_citations([(statement.pk, cited_resolutions(text), cited_documents(text))], replace={statement.pk})
