import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from speeches.importing.citations import cite_again
from speeches.models import (
    SEARCH_CONFIG,
    Citation,
    Debate,
    DebateMember,
    Decision,
    Delegation,
    DelegationAlias,
    Document,
    ImportJob,
    RegisterOutcome,
    Resolution,
    Statement,
    Veto,
    Vote,
)
from speeches.parsing.normalize import fold
from speeches.register_check import disagreements

admin.site.site_header = "UNSC Archive administration"
admin.site.site_title = "UNSC Archive admin"


def changelist_link(model, query: str, text: str) -> str:
    url = reverse(f"admin:speeches_{model._meta.model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, query, text)


def change_link(obj) -> str:
    if obj is None:
        return "-"
    url = reverse(f"admin:speeches_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


# Filters ------------------------------------------------------------------


class ChosenOrRecentFilter(admin.SimpleListFilter):
    """A filter over more rows than a sidebar can list (debates, imports): the most
    recent few, and the one chosen, whether here or by a link from another page."""

    recent = 10

    def recent_objects(self):
        raise NotImplementedError

    def label(self, obj) -> str:
        return str(obj)

    def lookups(self, request, model_admin):
        objects = list(self.recent_objects()[: self.recent])
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(obj.pk) != chosen for obj in objects):
            objects = [*self.recent_objects().model.objects.filter(pk=chosen), *objects]
        return [(str(obj.pk), self.label(obj)) for obj in objects]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return self.chosen(queryset, int(value)) if value.isdigit() else queryset.none()

    def chosen(self, queryset, pk: int):
        raise NotImplementedError


class DebateFilter(ChosenOrRecentFilter):
    title = "debate"
    parameter_name = "debate"

    def recent_objects(self):
        return Debate.objects.order_by("-date", "-meeting_number", "-resumption")

    def chosen(self, queryset, pk):
        return queryset.filter(debate_id=pk)


class ImportFilter(ChosenOrRecentFilter):
    """Statements an import created or changed (Statement.last_import)."""

    title = "import"
    parameter_name = "last_import"

    def recent_objects(self):
        return ImportJob.objects.filter(status=ImportJob.Status.DONE, dry_run=False)

    def label(self, job):
        return f"#{job.pk}, {job.created_at:%d %b %Y %H:%M}"

    def chosen(self, queryset, pk):
        return queryset.filter(last_import_id=pk)


class DebateImportFilter(ImportFilter):
    """Debates with statements an import created or changed."""

    def chosen(self, queryset, pk):
        return queryset.filter(pk__in=Statement.objects.filter(last_import_id=pk).values("debate_id"))


class ReviewFilter(admin.SimpleListFilter):
    title = "attribution"
    parameter_name = "attribution"

    def lookups(self, request, model_admin):
        return [("review", "Needs review"), ("attributed", "Attributed")]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.exclude(attribution_note="")
        if self.value() == "attributed":
            return queryset.filter(attribution_note="")
        return queryset


class RecordFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "record"

    def lookups(self, request, model_admin):
        return [("yes", "Full verbatim record"), ("no", "Speech files only")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(record_file="")
        if self.value() == "no":
            return queryset.filter(record_file="")
        return queryset


# Delegations ----------------------------------------------------------------


class DelegationAliasInline(admin.TabularInline):
    model = DelegationAlias
    fields = ["name", "key"]
    readonly_fields = ["key"]
    extra = 0


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Delegation.objects.none(),
        label="Merge into",
        empty_label="Choose the delegation to keep",
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Delegation.objects.exclude(pk__in=[s.pk for s in sources])


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "iso3", "statements", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "iso3", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DelegationAliasInline]
    actions = ["merge"]

    def get_queryset(self, request):
        # distinct: a search by spelling joins the aliases, which would multiply the count.
        return super().get_queryset(request).annotate(statement_count=Count("statements", distinct=True))

    @admin.display(description="statements", ordering="statement_count")
    def statements(self, delegation):
        return changelist_link(
            Statement, f"delegation__id__exact={delegation.pk}", delegation.statement_count
        )

    def has_merge_permission(self, request) -> bool:
        # A merge changes the target and deletes the source: it takes both rights.
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge the selected delegations into another", permissions=["merge"])
    def merge(self, request, queryset):
        """An unrecognised spelling into the right delegation: its statements, spellings,
        memberships and votes follow, and its name becomes one of the target's spellings."""
        sources = list(queryset.order_by("name"))
        form = MergeForm(request.POST if request.POST.get("merge") else None, sources=sources)
        if form.is_valid():
            target = form.cleaned_data["target"]
            with transaction.atomic():
                moved = sum(source.merge_into(target) for source in sources)
            names = ", ".join(source.name for source in sources)
            spelling = "their names are now spellings" if len(sources) > 1 else "its name is now a spelling"
            self.message_user(
                request,
                f"Merged {names} into {target}: {moved} statements moved; {spelling} of {target}.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Merge delegations",
            "form": form,
            "sources": Delegation.objects.filter(pk__in=[s.pk for s in sources])
            .annotate(statement_count=Count("statements"))
            .prefetch_related("aliases")
            .order_by("name"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/speeches/delegation/merge.html", context)


# Debates ------------------------------------------------------------------


class StatementInline(admin.TabularInline):
    model = Statement
    fields = ["speech_number", "speaker", "delegation", "participant_type", "word_count", "last_import"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class DebateMemberInline(admin.TabularInline):
    model = DebateMember
    fields = ["delegation", "representative", "order"]
    autocomplete_fields = ["delegation"]
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["number", "kind", "draft_symbol", "adopted", "resolution", "document_symbol"]
    readonly_fields = fields
    show_change_link = True
    extra = 0


class RegisterOutcomeInline(admin.TabularInline):
    """The register's outcomes: corrected by importing a corrected page of the library."""

    model = RegisterOutcome
    fields = ["number", "kind", "document", "resolution", "tally", "vetoed_by", "as_printed"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    list_display = ["symbol", "date", "short_topic", "statements", "from_record", "in_register", "outcome"]
    list_filter = ["year", RecordFilter, "in_register", DebateImportFilter, "agenda_region"]
    search_fields = ["symbol", "topic"]
    search_help_text = "Meeting symbol (S/PV.7704) or words of the agenda item."
    date_hierarchy = "date"
    autocomplete_fields = ["president_delegation"]
    readonly_fields = ["statements", "imports", "register_row"]
    inlines = [DebateMemberInline, DecisionInline, RegisterOutcomeInline, StatementInline]

    def get_urls(self):
        check = path(
            "register-check/",
            self.admin_site.admin_view(self.register_check_view),
            name="speeches_debate_register_check",
        )
        return [check, *super().get_urls()]

    def register_check_view(self, request):
        """The meetings whose record's decisions and the register's outcomes disagree."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Where the records and the register disagree",
            "opts": self.model._meta,
            "disagreements": disagreements(),
        }
        return TemplateResponse(request, "admin/speeches/debate/register_check.html", context)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_count=Count("statements"))

    @admin.display(description="agenda item", ordering="topic")
    def short_topic(self, debate):
        return debate.topic if len(debate.topic) <= 80 else debate.topic[:79] + "…"

    @admin.display(description="statements", ordering="statement_count")
    def statements(self, debate):
        return changelist_link(Statement, f"debate={debate.pk}", debate.statement_count)

    @admin.display(description="from its record", boolean=True, ordering="record_file")
    def from_record(self, debate):
        return bool(debate.record_file)

    @admin.display(description="imports that wrote its statements")
    def imports(self, debate):
        jobs = ImportJob.objects.filter(statements__debate=debate).distinct().order_by("-created_at")
        return format_html_join(", ", "{}", ((change_link(job),) for job in jobs)) or "-"


class VoteInline(admin.TabularInline):
    model = Vote
    fields = ["delegation", "position"]
    autocomplete_fields = ["delegation"]
    extra = 0


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["debate", "number", "kind", "draft_symbol", "adopted", "resolution", "document_symbol"]
    list_filter = ["kind", "adopted"]
    search_fields = ["debate__symbol", "draft_symbol", "document_symbol"]
    list_select_related = ["debate", "resolution"]
    autocomplete_fields = ["debate", "resolution"]
    inlines = [VoteInline]


# Statements -----------------------------------------------------------------


class CitationInline(admin.TabularInline):
    """Read from the text each time it is saved: edit the text to change them."""

    model = Citation
    fields = ["resolution", "sentence"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class StatementForm(forms.ModelForm):
    def clean_text(self) -> str:
        """Paragraphs as the importer writes them: one line each, a blank line between."""
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
        text = "\n\n".join(p for p in paragraphs if p)
        if not text:
            raise forms.ValidationError("A statement needs a text.")
        return text


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    form = StatementForm
    list_display = [
        "__str__",
        "speaker",
        "delegation",
        "participant_type",
        "word_count",
        "needs_review",
        "import_link",
    ]
    list_filter = [
        DebateFilter,
        ImportFilter,
        "participant_type",
        ReviewFilter,
        ("delegation", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["speaker", "debate__symbol", "delegation__name", "delegation_as_printed", "source_file"]
    search_help_text = "Speaker, delegation, meeting symbol (S/PV.7704), source file, or words of the text."
    date_hierarchy = "debate__date"
    list_select_related = ["debate", "delegation", "last_import"]
    autocomplete_fields = ["debate", "delegation"]
    readonly_fields = ["checksum", "word_count", "source_file", "import_link"]
    exclude = ["documents"]
    inlines = [CitationInline]

    def get_search_results(self, request, queryset, search_term):
        """The fields above, or the statement's words through its search vector."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            query = SearchQuery(fold(search_term), search_type="websearch", config=SEARCH_CONFIG)
            results = results | queryset.filter(search=query)
        return results, may_have_duplicates

    @admin.display(description="needs review", boolean=True)
    def needs_review(self, statement):
        return bool(statement.attribution_note)

    @admin.display(description="last import", ordering="last_import")
    def import_link(self, statement):
        return change_link(statement.last_import)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or "text" in form.changed_data:
            cite_again(form.instance)  # the search vector is a generated column: PostgreSQL keeps it


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["number", "year"]
    search_fields = ["number"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    search_fields = ["symbol"]


@admin.register(Veto)
class VetoAdmin(admin.ModelAdmin):
    """The library's veto list as imported; corrected by importing a corrected page."""

    list_display = ["date", "draft_as_printed", "meeting", "cast_by", "agenda_item"]
    list_filter = ["members"]
    search_fields = ["draft_as_printed", "meeting", "agenda_item"]
    date_hierarchy = "date"
    filter_horizontal = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description="cast by")
    def cast_by(self, veto: Veto) -> str:
        return ", ".join(member.name for member in veto.members.all())
