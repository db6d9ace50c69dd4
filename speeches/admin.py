from django.contrib import admin

from speeches.models import (
    Citation,
    Debate,
    DebateMember,
    Decision,
    Delegation,
    DelegationAlias,
    Document,
    Resolution,
    Statement,
    Vote,
)


class DelegationAliasInline(admin.TabularInline):
    model = DelegationAlias
    fields = ["name", "key"]
    readonly_fields = ["key"]
    extra = 0


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "iso3", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "iso3", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DelegationAliasInline]


class StatementInline(admin.TabularInline):
    model = Statement
    fields = ["speech_number", "speaker", "delegation", "participant_type", "word_count"]
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


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    list_display = ["symbol", "date", "topic", "outcome", "record_file"]
    list_filter = ["year", "agenda_region"]
    search_fields = ["symbol", "topic"]
    date_hierarchy = "date"
    autocomplete_fields = ["president_delegation"]
    inlines = [DebateMemberInline, DecisionInline, StatementInline]


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


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["resolution", "sentence"]
    readonly_fields = fields
    extra = 0


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = [
        "debate",
        "speech_number",
        "speaker",
        "delegation",
        "participant_type",
        "word_count",
        "attribution_note",
    ]
    list_filter = ["participant_type", "debate__year"]
    search_fields = ["speaker", "debate__symbol", "delegation__name", "source_file"]
    list_select_related = ["debate", "delegation"]
    autocomplete_fields = ["debate", "delegation"]
    readonly_fields = ["checksum", "word_count", "source_file"]
    exclude = ["documents"]
    inlines = [CitationInline]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["number", "year"]
    search_fields = ["number"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    search_fields = ["symbol"]
