from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from speeches.page_cache import cached_page
from speeches.search.directory import spellings
from speeches.search.export import csv_lines, json_lines, not_a_search
from speeches.search.filters import QueryField
from speeches.search.highlights import highlighted_paragraphs
from speeches.search.names import widen
from speeches.search.query import MAX_MARKED_WORDS, markable
from speeches.search.service import search_statements, statements_to_export
from speeches.selectors import citations_of, neighbours, statement_by_number


@cached_page
def statement_list(request: HttpRequest) -> HttpResponse:
    search = search_statements(params=request.GET)
    return render(
        request,
        "speeches/statement_list.html",
        {"search": search, "section": "statements"},
        status=200 if search.valid else 400,
    )


def statement_export(request: HttpRequest, fmt: str = "csv") -> HttpResponse:
    """The search's statements as CSV or JSON (speeches.search.export), streamed as they are read."""
    filterset, statements = statements_to_export(request.GET)
    if statements is None:
        return not_a_search(filterset.form.errors)
    site = f"{request.scheme}://{request.get_host()}"
    lines, content_type = (
        (json_lines, "application/json; charset=utf-8")
        if fmt == "json"
        else (csv_lines, "text/csv; charset=utf-8")
    )
    response = StreamingHttpResponse(lines(statements, site=site), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="unsc-statements.{fmt}"'
    return response


def statement_detail(request: HttpRequest, slug: str, speech_number: int) -> HttpResponse:
    statement = statement_by_number(slug=slug, speech_number=speech_number)
    query = QueryField(required=False).clean(request.GET.get("q", ""))
    paragraphs = highlighted_paragraphs(text=statement.text, query=widen(query, spellings()) if query else "")
    return render(
        request,
        "speeches/statement_detail.html",
        {
            "statement": statement,
            "debate": statement.debate,
            "query": query,
            "marked": markable(query),
            "max_marked_words": MAX_MARKED_WORDS,
            "paragraphs": paragraphs,
            "first_match": next((p for p in paragraphs if p.marked), None),
            "citations": citations_of(statement=statement),
            "documents": list(statement.documents.all()),
            "neighbours": neighbours(statement=statement),
            "section": "debates",
        },
    )
