"""The API's views: each asks the pages' own search service, FilterSets and selectors."""

from collections.abc import Callable

import django_filters
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from speeches.api import serializers as out
from speeches.models import Debate, Delegation, Resolution, Statement, Veto
from speeches.search.filters import (
    DebateFilter,
    DelegationFilter,
    ResolutionFilter,
    StatementFilter,
    VetoFilter,
)
from speeches.search.service import search_statements
from speeches.selectors import (
    debate_statements,
    filtered_debates,
    filtered_delegations,
    filtered_vetoes,
    resolutions_with_counts,
    with_statement_counts,
)


def _errors(form) -> dict:
    """A form's errors as the API gives them: {"errors": {"parameter": ["why", ...]}}."""
    return {"errors": {name: list(messages) for name, messages in form.errors.items()}}


def _parameters(filterset_class) -> list[OpenApiParameter]:
    """The OpenAPI parameters of one of the pages' FilterSets: the same names, the same labels."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        choices = filter_.extra.get("choices")
        many = name == "delegation" and filterset_class is StatementFilter
        parameters.append(
            OpenApiParameter(
                name,
                OpenApiTypes.STR,
                description=str(filter_.label or name),
                enum=[value for value, _ in choices if value] if isinstance(choices, list) else None,
                many=many,
                explode=True if many else None,
            )
        )
    return parameters


class PageFilter(BaseFilterBackend):
    """Filters a list by the page's own FilterSet, built by the view's `filterset_for(params)`;
    a parameter it cannot read is a 400 that says why."""

    def filter_queryset(self, request, queryset, view):
        filterset = view.filterset_for(request.query_params)
        if not filterset.is_valid():
            raise ValidationError(_errors(filterset.form))
        return filterset.qs

    def get_schema_operation_parameters(self, view):
        return []  # documented by each view's extend_schema, from the same FilterSet


class Pages(PageNumberPagination):
    """`?page=N`, 50 a page, with the exact count; a page past the last is a 404."""

    page_size = 50


# Statements ---------------------------------------------------------------------------------


class StatementSearch(APIView):
    @extend_schema(
        operation_id="statements_search",
        summary="Search statements",
        description=(
            "The search of /statements/ with every one of its parameters: words (`q`: words, "
            '"quoted phrases", OR, -word), delegations, speaker, meeting, cited resolution, dates, '
            "topic, participant, language, the meeting's outcome, and `sort` (relevance, newest, "
            "oldest). 20 results a page (`page`), the exact total, and the facets by delegation and year."
        ),
        parameters=[*_parameters(StatementFilter), OpenApiParameter("page", OpenApiTypes.INT)],
        responses=inline_serializer(
            "StatementSearch",
            {
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "query": serializers.CharField(),
                "sort": serializers.CharField(),
                "facets": serializers.DictField(),
                "results": out.SearchResultSerializer(many=True),
                "as_of": serializers.DateTimeField(
                    allow_null=True,
                    help_text="Null when the count, order and facets are exact. While an import adds "
                    "statements, they may be those kept from before it (until it ends): then the time "
                    "they were computed.",
                ),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        search = search_statements(params=request.query_params)
        if not search.valid:
            return Response(_errors(search.form), status=400)
        page = search.page
        context = {"request": request}
        return Response(
            {
                "count": search.total,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
                "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
                "query": search.query,
                "sort": search.sort,
                "facets": {
                    "delegation": _facet(request, search.delegation_facet),
                    "year": _facet(request, search.year_facet),
                },
                "results": out.SearchResultSerializer(search.results, many=True, context=context).data,
                "as_of": search.answers.as_of,
            }
        )


def _page_url(request: Request, number: int) -> str:
    params = request.query_params.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _facet(request: Request, values) -> list[dict]:
    """A facet's values, each with the same search narrowed to it, in the API.

    A value's link is the page's query string (already encoded, speeches.search.querystring)
    after the API's absolute address, which is built once: a few hundred values made
    build_absolute_uri() a fifth of the request."""
    page = reverse("statement-list")
    api = request.build_absolute_uri(reverse("api:statement-search"))
    return [
        {
            "label": value.label,
            "count": value.count,
            "selected": value.selected,
            "api_url": api + value.url.removeprefix(page) if value.url else None,
        }
        for value in values
    ]


class StatementDetail(APIView):
    @extend_schema(
        operation_id="statements_retrieve",
        summary="A statement, with its whole text and what it cites",
        responses=out.StatementDetailSerializer,
    )
    def get(self, request: Request, slug: str, speech_number: int) -> Response:
        statement = get_object_or_404(
            Statement.objects.select_related("debate", "delegation").prefetch_related(
                "citations__resolution", "documents"
            ),
            debate__slug=slug,
            speech_number=speech_number,
        )
        return Response(out.StatementDetailSerializer(statement, context={"request": request}).data)


# Debates, delegations, resolutions, vetoes -----------------------------------------------------


class _PageList(generics.ListAPIView):
    """A list filtered by a page's FilterSet (`filtered(params)`), whose page of rows may be
    given their counts (`counted(rows)`) after pagination, as the pages do."""

    filter_backends = [PageFilter]
    pagination_class = Pages
    filtered: Callable[[QueryDict], django_filters.FilterSet]
    counted: Callable[[list], list] | None = None

    def filterset_for(self, params: QueryDict):
        return type(self).filtered(params)

    def paginate_queryset(self, queryset):
        rows = super().paginate_queryset(queryset)
        return type(self).counted(rows) if self.counted else rows


@extend_schema(summary="Every meeting, newest first", parameters=_parameters(DebateFilter))
class DebateList(_PageList):
    serializer_class = out.DebateSerializer
    queryset = Debate.objects.all()
    filtered = staticmethod(lambda params: filtered_debates(params=params))
    counted = staticmethod(with_statement_counts)


@extend_schema(summary="A meeting: its outcomes, its record's decisions and its statements")
class DebateDetail(generics.RetrieveAPIView):
    serializer_class = out.DebateDetailSerializer

    def get_object(self):
        debate = get_object_or_404(
            Debate.objects.prefetch_related(
                "register_outcomes", "decisions__resolution", "decisions__votes__delegation"
            ),
            slug=self.kwargs["slug"],
        )
        debate.listed_statements = list(debate_statements(debate=debate))
        for statement in debate.listed_statements:
            statement.debate = debate
        debate.statement_count = len(debate.listed_statements)
        return debate


@extend_schema(summary="Delegations that have spoken, by name", parameters=_parameters(DelegationFilter))
class DelegationList(_PageList):
    serializer_class = out.DelegationSerializer
    queryset = Delegation.objects.all()
    filtered = staticmethod(lambda params: filtered_delegations(params=params))


@extend_schema(summary="A delegation")
class DelegationDetail(generics.RetrieveAPIView):
    serializer_class = out.DelegationSerializer
    queryset = Delegation.objects.all()
    lookup_field = "slug"


@extend_schema(summary="Every resolution, by number", parameters=_parameters(ResolutionFilter))
class ResolutionList(_PageList):
    serializer_class = out.ResolutionSerializer
    queryset = Resolution.objects.all()
    filtered = staticmethod(
        lambda params: ResolutionFilter(
            params, queryset=Resolution.objects.select_related("meeting").order_by("number")
        )
    )
    counted = staticmethod(resolutions_with_counts)


@extend_schema(summary="A resolution: when, where and how it was adopted, and how often it is cited")
class ResolutionDetail(generics.RetrieveAPIView):
    serializer_class = out.ResolutionSerializer

    def get_object(self):
        resolution = get_object_or_404(
            Resolution.objects.select_related("meeting"), number=self.kwargs["number"]
        )
        return resolutions_with_counts([resolution])[0]


@extend_schema(summary="Every veto since 1946, newest first", parameters=_parameters(VetoFilter))
class VetoList(_PageList):
    serializer_class = out.VetoSerializer
    queryset = Veto.objects.all()
    filtered = staticmethod(lambda params: filtered_vetoes(params=params))
