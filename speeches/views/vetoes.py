from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from speeches.models import Veto
from speeches.search.answers import generation
from speeches.search.kept import Kept
from speeches.selectors import filtered_vetoes, veto_rows

# The table of each filter's vetoes, rendered once while the archive is unchanged: it is two
# hundred rows of links that only an import changes (half of the page's time to build).
_TABLES = Kept(size=64)


def veto_list(request: HttpRequest) -> HttpResponse:
    """Every veto since 1946, newest first: by permanent member, by decade."""
    filterset = filtered_vetoes(params=request.GET)
    valid = filterset.is_valid()
    table = ""
    if valid:
        asked = tuple(sorted((name, str(value)) for name, value in filterset.form.cleaned_data.items()))
        table = _TABLES.get((generation(), asked), lambda: _table(filterset))
    return render(
        request,
        "speeches/veto_list.html",
        {"filterset": filterset, "form": filterset.form, "table": table, "valid": valid, "section": "vetoes"},
        status=200 if valid else 400,
    )


def _table(filterset) -> str:
    rows = veto_rows(list(filterset.qs))
    imported = bool(rows) or Veto.objects.exists()
    return render_to_string("speeches/includes/veto_table.html", {"rows": rows, "imported": imported})
