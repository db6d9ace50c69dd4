"""The concordances the worker sorts (speeches.search.sorts): what waits, what ran, what failed
and why. Read-only; deleting one has it sorted again when a reader next asks for it."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from speeches.models import ConcordanceSort


@admin.register(ConcordanceSort)
class ConcordanceSortAdmin(admin.ModelAdmin):
    list_display = ["search", "status", "line_count", "generation", "requested_at", "seconds"]
    list_filter = ["status"]
    ordering = ["-requested_at"]
    fields = [
        "search",
        "status",
        "line_count",
        "generation",
        "requested_at",
        "started_at",
        "finished_at",
        "worker",
        "error",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("lines")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="search")
    def search(self, obj):
        url = reverse("statement-concordance") + "?" + urlencode([tuple(pair) for pair in obj.params])
        return format_html(
            '<a href="{}">{}</a>', url, ", ".join(f"{name}={value}" for name, value in obj.params)
        )

    @admin.display(description="seconds")
    def seconds(self, obj):
        if obj.started_at and obj.finished_at:
            return round((obj.finished_at - obj.started_at).total_seconds(), 1)
        return None
