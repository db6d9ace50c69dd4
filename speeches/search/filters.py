"""The parameters of the archive's lists, as FilterSets: what each URL parameter
means, how a bad value is refused, and the filter it applies.

Every value comes from a URL that anyone can write, so fields refuse what they
cannot read with a form error (the page then answers 400), and text fields drop
control characters before PostgreSQL sees them.
"""

import re
from functools import cached_property
from typing import NamedTuple

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from speeches.models import (
    Citation,
    Debate,
    Decision,
    Delegation,
    Fold,
    RegisterOutcome,
    Resolution,
    Statement,
    Veto,
)
from speeches.parsing.decisions import PERMANENT_MEMBERS
from speeches.parsing.normalize import fold
from speeches.parsing.symbols import NotAMeeting, require_meeting
from speeches.search.directory import spellings
from speeches.search.kept import Kept
from speeches.search.names import Names, Widened, widen
from speeches.search.query import MAX_QUERY_LENGTH, clean_text, web_query

LANGUAGES = ["Arabic", "Chinese", "English", "French", "Russian", "Spanish"]
PARTICIPANTS = [
    ("president", "President"),
    ("member", "Council member"),
    ("invited", "Invited speaker"),
    ("UN", "United Nations"),
]
SORTS = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]
OUTCOMES = [
    (RegisterOutcome.Kind.RESOLUTION, "A resolution adopted"),
    (RegisterOutcome.Kind.VETOED, "A draft vetoed"),
    (RegisterOutcome.Kind.NOT_ADOPTED, "A draft not adopted (no veto)"),
    (RegisterOutcome.Kind.PRESIDENTIAL_STATEMENT, "A presidential statement"),
]
# For a meeting the register does not list (one after 2022): its own record's decisions.
_RECORDED_OUTCOMES = {
    RegisterOutcome.Kind.RESOLUTION: Q(kind=Decision.Kind.RESOLUTION, adopted=True),
    RegisterOutcome.Kind.PRESIDENTIAL_STATEMENT: Q(kind=Decision.Kind.PRESIDENTIAL_STATEMENT),
}


class ArchiveForm(forms.Form):
    """Labels without a trailing colon; a date range that ends before it starts is an error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", f"is before “From” ({start.day} {start:%B %Y}): no date is in that range."
            )
        return data


# Fields -----------------------------------------------------------------------


class TextField(forms.CharField):
    """Free text: control characters (NUL among them) become spaces."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


class QueryField(TextField):
    """The full-text query, cut to MAX_QUERY_LENGTH characters (the page says so)."""

    def to_python(self, value):
        return super().to_python(value)[:MAX_QUERY_LENGTH].strip()


class SlugsField(forms.MultipleChoiceField):
    """A repeatable slug parameter; empty values (a select's "any") are ignored.

    Its choices (every delegation: a few hundred (slug, name) pairs of strings) are
    taken as given, shared by the form's copies of the field and looked up in a set:
    normalising and deep-copying them at each request cost 2-3 ms a search page.
    """

    widget = forms.MultipleHiddenInput

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = self.widget.choices = value if isinstance(value, list) else list(value)
        self._slugs = frozenset(str(slug) for slug, _ in self._choices)

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # the choices are never changed: shared

    def valid_value(self, value):
        return str(value) in self._slugs

    def to_python(self, value):
        return list(dict.fromkeys(v for v in super().to_python(value) if v.strip()))


class CaseInsensitiveChoiceField(forms.ChoiceField):
    """ "un", "UN" and "Un" are one choice."""

    def to_python(self, value):
        value = clean_text(super().to_python(value))
        for choice, _ in self.choices:
            if str(choice).lower() == value.lower():
                return choice
        return value


class ResolutionNumber(NamedTuple):
    number: int
    year: int | None


_RESOLUTION = re.compile(r"^(?:S\s*/\s*RES\s*/\s*)?(\d{1,5})\s*(?:\(\s*((?:19|20)\d\d)\s*\))?$", re.I)


class ResolutionField(TextField):
    """ "1325", "1325 (2000)" or "S/RES/1325 (2000)"."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = _RESOLUTION.match(value)
        if not match:
            raise ValidationError('Enter a resolution number: "1325" or "1325 (2000)".', code="invalid")
        return ResolutionNumber(int(match[1]), int(match[2]) if match[2] else None)


class MeetingField(TextField):
    """A meeting symbol as a reader types it: "S/PV.7704", "7704", "S/2020/397"."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return require_meeting(value).symbol
        except NotAMeeting as exc:
            raise ValidationError(str(exc), code="invalid") from None


class DateInput(forms.DateInput):
    input_type = "date"


def _filter(field_class: type[forms.Field], **kwargs) -> django_filters.Filter:
    """A filter whose form field is `field_class`."""
    return type(f"{field_class.__name__}Filter", (django_filters.Filter,), {"field_class": field_class})(
        **kwargs
    )


def _date_filter(label: str, method: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(label=label, method=method, widget=DateInput, input_formats=["%Y-%m-%d"])


def _yes_or_no(label: str, method: str, every: str, yes: str, no: str) -> django_filters.Filter:
    """A filter of `yes` or `no` (any case), or neither for every row."""
    return _filter(
        CaseInsensitiveChoiceField,
        choices=[("", every), ("yes", yes), ("no", no)],
        label=label,
        method=method,
    )


def _with_or_without(queryset: QuerySet, related: QuerySet, value: str) -> QuerySet:
    """The rows that have a `related` row ("yes"), or that have none ("no")."""
    exists = Exists(related)
    return queryset.filter(exists if value == "yes" else ~exists)


def folded_contains(queryset: QuerySet, field: str, value: str) -> QuerySet:
    """Rows whose `field` contains `value`, ignoring case and accents."""
    alias = f"{field.replace('__', '_')}_folded"
    return queryset.alias(**{alias: Fold(F(field))}).filter(**{f"{alias}__icontains": fold(value)})


# Statements ---------------------------------------------------------------


class StatementFilter(django_filters.FilterSet):
    """The parameters of /statements/ (and of a delegation's page, without `delegation`).

    Ordering is not a filter: `sort` is validated here and applied by
    speeches.search.service, which also ranks by relevance.
    """

    q = _filter(QueryField, label="Search", method="filter_q")
    delegation = _filter(SlugsField, label="Delegation", method="filter_delegation")
    speaker = _filter(TextField, label="Speaker", method="filter_speaker")
    debate = _filter(MeetingField, label="Meeting", method="filter_debate")
    resolution = _filter(ResolutionField, label="Cites resolution", method="filter_resolution")
    date_from = _date_filter("From", "filter_date_from")
    date_to = _date_filter("To", "filter_date_to")
    topic = _filter(TextField, label="Topic", method="filter_topic")
    participant = _filter(
        CaseInsensitiveChoiceField,
        choices=[("", "Anyone"), *PARTICIPANTS],
        label="Speaking as",
        method="filter_participant",
    )
    language = _filter(
        CaseInsensitiveChoiceField,
        choices=[("", "Any language"), *[(lang, lang) for lang in LANGUAGES]],
        label="Spoke in",
        field_name="language",
        lookup_expr="iexact",
    )
    council = _filter(
        CaseInsensitiveChoiceField,
        choices=[("", "Anyone"), *[(v, label) for v, label in Statement.CouncilStatus.choices if v]],
        label="Standing on the Council",
        method="filter_council",
    )
    outcome = _filter(
        CaseInsensitiveChoiceField,
        choices=[("", "Any outcome"), *OUTCOMES],
        label="The meeting decided",
        method="filter_outcome",
    )
    sort = _filter(CaseInsensitiveChoiceField, choices=[("", "Default"), *SORTS], label="Sort", method="keep")

    class Meta:
        model = Statement
        form = ArchiveForm
        fields: list[str] = []

    # Which parameters each facet ignores, so that it shows where else to go.
    FACET_DIMENSIONS = {"delegation": {"delegation"}, "year": {"date_from", "date_to"}}

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        delegations: list[tuple[str, str]] | None = None,
        spellings: Names | None = None,
        **kwargs,
    ):
        super().__init__(data, queryset, **kwargs)
        self._resolution_ids: dict[ResolutionNumber, list[int]] = {}
        self._delegations = delegations
        self._spellings = spellings
        if delegations is None:
            del self.filters["delegation"]
        else:
            self.filters["delegation"].extra["choices"] = delegations

    # Form classes by the delegations list they offer, which is one list object a search
    # generation (speeches.search.service.delegation_list): building the class at each
    # request built its fields again.
    _form_classes = Kept()

    def get_form_class(self):
        delegations = self._delegations
        build = super().get_form_class
        kept = self._form_classes.get(id(delegations), lambda: (delegations, build()))
        if kept[0] is not delegations:  # another list at the same address: an older one was freed
            self._form_classes.forget()
            kept = self._form_classes.get(id(delegations), lambda: (delegations, build()))
        return kept[1]

    def again(self, data) -> "StatementFilter":
        """The same search's FilterSet for other parameters (a chart's other series)."""
        return StatementFilter(
            data, queryset=self.queryset, delegations=self._delegations, spellings=self._spellings
        )

    @cached_property
    def widened(self) -> Widened:
        """The query with the delegations it names and their other names (speeches.search.names),
        which the search runs and the page mentions."""
        query = self.form.cleaned_data.get("q") or ""
        if not query:
            return Widened(query)
        return widen(query, self._spellings or spellings())

    def filter_without(self, names: set[str]) -> QuerySet:
        """The queryset filtered by every valid parameter except `names` (for facets)."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def keep(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        widened = self.widened
        return queryset.filter(search=web_query(widened if widened.text == value else value))

    def filter_delegation(self, queryset, name, value):
        return queryset.filter(delegation__slug__in=value)

    def filter_speaker(self, queryset, name, value):
        return folded_contains(queryset, "speaker", value)

    def filter_debate(self, queryset, name, value):
        return queryset.filter(debate__symbol=value)

    def filter_resolution(self, queryset, name, value: ResolutionNumber):
        # By the resolution's id, looked up first: the planner then estimates the
        # statements citing it from the citations' own statistics (43,000 for a
        # much-cited resolution, not 133), which decide how a search is answered.
        if value not in self._resolution_ids:
            resolutions = Resolution.objects.filter(number=value.number)
            if value.year is not None:
                resolutions = resolutions.filter(year=value.year)
            self._resolution_ids[value] = list(resolutions.values_list("pk", flat=True))
        return queryset.filter(citations__resolution_id__in=self._resolution_ids[value])

    # A debate whose exact date is not known is within a range when its whole year is:
    # in 2002-01-01 to 2002-12-31 (the year facet's links), not in 2002-01-09 to
    # 2002-01-12 (it may have been held in March).
    def filter_date_from(self, queryset, name, value):
        whole_years_from = value.year if (value.month, value.day) == (1, 1) else value.year + 1
        return queryset.filter(
            Q(debate__date__gte=value) | Q(debate__date__isnull=True, debate__year__gte=whole_years_from)
        )

    def filter_date_to(self, queryset, name, value):
        whole_years_to = value.year if (value.month, value.day) == (12, 31) else value.year - 1
        return queryset.filter(
            Q(debate__date__lte=value) | Q(debate__date__isnull=True, debate__year__lte=whole_years_to)
        )

    def filter_topic(self, queryset, name, value):
        return queryset.filter(debate__topic_folded__icontains=fold(value))

    def filter_council(self, queryset, name, value):
        """By the speaker's standing as the source gave it; where it gave none, a permanent
        member's and the United Nations' statements are known by their delegation alone."""
        given = Q(council_status=value)
        unknown = Q(council_status="")
        if value == Statement.CouncilStatus.PERMANENT:
            return queryset.filter(given | (unknown & Q(delegation__iso3__in=PERMANENT_MEMBERS)))
        if value == Statement.CouncilStatus.UNITED_NATIONS:
            return queryset.filter(given | (unknown & Q(delegation__kind=Delegation.Kind.UNITED_NATIONS)))
        return queryset.filter(given)

    def filter_outcome(self, queryset, name, value):
        """Statements of the meetings whose outcomes (the register's, or for a meeting it does
        not list, its record's decisions) include one of this kind."""
        meetings = Q(debate_id__in=RegisterOutcome.objects.filter(kind=value).values("debate_id"))
        if value in _RECORDED_OUTCOMES:
            decided = Decision.objects.filter(_RECORDED_OUTCOMES[value], debate__in_register=False)
            meetings |= Q(debate_id__in=decided.values("debate_id"))
        return queryset.filter(meetings)

    def filter_participant(self, queryset, name, value):
        if value == "UN":
            return queryset.filter(delegation__kind=Delegation.Kind.UNITED_NATIONS)
        return queryset.filter(participant_type=value)


# Debates and delegations ----------------------------------------------------


class DebateFilter(django_filters.FilterSet):
    year = _filter(forms.IntegerField, label="Year", field_name="year", min_value=1945, max_value=2100)
    topic = _filter(TextField, label="Topic", method="filter_topic")
    delegation = django_filters.ChoiceFilter(
        label="A delegation that spoke", empty_label="Any delegation", method="filter_delegation"
    )
    held = _yes_or_no(
        "Statements", "filter_held", "All meetings", "Statements in the archive", "Not yet in the archive"
    )

    class Meta:
        model = Debate
        form = ArchiveForm
        fields: list[str] = []

    def __init__(
        self, data=None, queryset=None, *, years: list[int], delegations: list[tuple[str, str]], **kw
    ):
        super().__init__(data, queryset, **kw)
        self.filters["year"].extra["widget"] = forms.Select(
            choices=[("", "Any year"), *[(y, y) for y in years]]
        )
        self.filters["delegation"].extra["choices"] = delegations

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topic_folded__icontains=fold(value))

    def filter_delegation(self, queryset, name, value):
        return queryset.filter(
            Exists(Statement.objects.filter(debate=OuterRef("pk"), delegation__slug=value))
        )

    def filter_held(self, queryset, name, value):
        return _with_or_without(queryset, Statement.objects.filter(debate=OuterRef("pk")), value)


class DelegationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Delegation.Kind.choices, empty_label="All kinds", field_name="kind"
    )

    class Meta:
        model = Delegation
        form = ArchiveForm
        fields: list[str] = []


class ResolutionFilter(django_filters.FilterSet):
    """The API's resolutions: by the year of adoption, and whether statements cite them."""

    year = _filter(forms.IntegerField, label="Year", field_name="year", min_value=1945, max_value=2100)
    cited = _yes_or_no("Cited", "filter_cited", "All", "Cited by a statement", "Cited by none")

    class Meta:
        model = Resolution
        form = ArchiveForm
        fields: list[str] = []

    def filter_cited(self, queryset, name, value):
        return _with_or_without(queryset, Citation.objects.filter(resolution=OuterRef("pk")), value)


# The decades of the veto list, 1940s to 2020s.
VETO_DECADES = [(str(decade), f"{decade}s") for decade in range(1940, 2030, 10)]


class VetoFilter(django_filters.FilterSet):
    """/vetoes/: by the permanent member who cast it (`member=russian-federation`), by decade."""

    member = django_filters.ChoiceFilter(
        label="Permanent member", empty_label="Any permanent member", field_name="members__slug"
    )
    decade = django_filters.ChoiceFilter(
        label="Decade", choices=VETO_DECADES, empty_label="Every decade", method="filter_decade"
    )

    class Meta:
        model = Veto
        form = ArchiveForm
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: a callable's choices are read again each time the field is validated or drawn.
        members = Delegation.objects.filter(vetoes__isnull=False).distinct().order_by("name")
        self.filters["member"].extra["choices"] = list(members.values_list("slug", "name"))

    def filter_decade(self, queryset, name, value):
        start = int(value)
        return queryset.filter(date__year__gte=start, date__year__lt=start + 10)
