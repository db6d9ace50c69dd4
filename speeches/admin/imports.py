"""The curators' imports in the admin: the upload form, the list of imports, each import's report.

A curator is a staff user with the "Can import records" permission. The upload
form is the admin's "add import" page; the report is the import's own page,
which follows a queued or running import until the worker is done.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from speeches.importing import uploads
from speeches.models import Debate, ImportJob
from speeches.models.imports import MAX_SPEECH_NUMBER
from speeches.search.filters import MeetingField

IMPORT_PERMISSION = "speeches.import_records"
# A queued import that no worker has started after this long is probably waiting for a worker that is not running.
WORKER_HINT_AFTER_SECONDS = 15


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        accept = ",".join(uploads.FOLDERS)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        # An empty file is refused by uploads.accept, with its name, and recorded.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(file, initial) for file in data]
        return [single(data or None, initial)]  # "This field is required." when none was chosen


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="Speech files or full meeting records (.txt), meeting records as the UN publishes "
        "them (.pdf), the corpus's tables (.tsv), the UN library's register pages as saved from its "
        "site (.html: a year's table of meetings, the veto list), or .zip / .tar.gz archives of them "
        "with their tables inside. Select several at once.",
    )
    meeting = MeetingField(
        label="Meeting",
        required=False,
        max_length=ImportJob._meta.get_field("meeting").max_length,
        help_text='The meeting they belong to, e.g. "S/PV.7704".',
    )
    date = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The meeting's date, when nothing else gives it.",
    )
    topic = forms.CharField(
        label="Agenda item",
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="As printed, when nothing else gives it.",
    )
    speech_number = forms.IntegerField(
        label="Speech number",
        required=False,
        min_value=0,
        max_value=MAX_SPEECH_NUMBER,
        help_text="For a single file that carries none; without it, a new statement goes last.",
    )
    mode = forms.ChoiceField(
        label="Mode",
        choices=[
            ("dry-run", "Dry run: report what the import would do, and write nothing"),
            ("import", "Import"),
        ],
        initial="dry-run",
        widget=forms.RadioSelect(attrs={"class": "radiolist"}),
    )


def limit_upload(view):
    """Read the request through LimitedUploadHandler. The handler must be in place before
    anything reads the request's body, the CSRF check included, hence csrf_exempt here and
    the CSRF check inside (admin_view applies it)."""

    @csrf_exempt
    @wraps(view)
    def limited(request, *args, **kwargs):
        request.upload_handlers.insert(
            0, uploads.LimitedUploadHandler(request, settings.IMPORT_UPLOAD_MAX_BYTES)
        )
        return view(request, *args, **kwargs)

    return limited


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "by", "given", "mode", "outcome", "statements"]
    list_display_links = ["__str__"]
    list_filter = ["status", "dry_run", "origin", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["uploads", "meeting", "user__username"]
    search_help_text = "File name, meeting symbol or user name."
    date_hierarchy = "created_at"
    list_select_related = ["user"]

    # Permissions: curators upload; every import's record stays as it was written.

    def has_add_permission(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(IMPORT_PERMISSION) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # Columns.

    @admin.display(description="by", ordering="user__username")
    def by(self, job: ImportJob) -> str:
        return job.user.get_username() if job.user else job.get_origin_display()

    @admin.display(description="given")
    def given(self, job: ImportJob) -> str:
        names = [upload["name"] for upload in job.uploads]
        if len(names) > 2:
            return f"{', '.join(names[:2])} and {len(names) - 2} more"
        return ", ".join(names)

    @admin.display(description="mode", ordering="dry_run")
    def mode(self, job: ImportJob) -> str:
        return "Dry run" if job.dry_run else "Import"

    @admin.display(description="outcome", ordering="status")
    def outcome(self, job: ImportJob) -> str:
        return job.outcome

    @admin.display(description="statements")
    def statements(self, job: ImportJob) -> str:
        if job.status != ImportJob.Status.DONE:
            return "-"
        return f"{job.created:,} created, {job.updated:,} updated, {job.unchanged:,} unchanged"

    # Pages: the upload form is the "add" page, the report the import's own page.

    def get_urls(self):
        add = f"{self.opts.app_label}_{self.opts.model_name}_add"
        upload = limit_upload(self.admin_site.admin_view(self.upload_view))
        return [path("add/", upload, name=add), *(url for url in super().get_urls() if url.name != add)]

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        refused = None
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if request.upload_too_large:
                message = uploads.too_large(settings.IMPORT_UPLOAD_MAX_BYTES)
                refused = uploads.refuse(
                    message,
                    uploads=[{"name": name} for name in request.upload_names],
                    user=request.user,
                    origin=ImportJob.Origin.ADMIN,
                    dry_run=request.POST.get("mode") != "import",
                )
                form = UploadForm(initial=request.POST.dict())
            elif form.is_valid():
                data = form.cleaned_data
                try:
                    job = uploads.accept(
                        data["files"],
                        user=request.user,
                        dry_run=data["mode"] == "dry-run",
                        meeting=data["meeting"] or "",
                        date=data["date"],
                        topic=data["topic"],
                        speech_number=data["speech_number"],
                    )
                except uploads.Refused as refusal:
                    refused = refusal.job
                else:
                    return redirect(job.get_absolute_url())
        else:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import records",
            "form": form,
            "refused": refused,
            "limits": uploads.Limits.from_settings(),
        }
        return TemplateResponse(request, "admin/speeches/importjob/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, unquote(object_id))
        if job is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        debates = []
        if job.status == ImportJob.Status.DONE and not job.dry_run:
            debates = (
                Debate.objects.filter(statements__last_import=job)
                .annotate(written=Count("statements"))
                .order_by("symbol")
            )
        waiting = (timezone.now() - job.created_at).total_seconds()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(job),
            "job": job,
            "debates": debates,
            "statements_url": reverse("admin:speeches_statement_changelist") + f"?last_import={job.pk}",
            "no_worker": job.status == ImportJob.Status.QUEUED and waiting > WORKER_HINT_AFTER_SECONDS,
            "can_import": self.has_add_permission(request),
            "can_view_statements": request.user.has_perm("speeches.view_statement")
            or request.user.has_perm("speeches.change_statement"),
            "can_view_debates": request.user.has_perm("speeches.view_debate")
            or request.user.has_perm("speeches.change_debate"),
        }
        return TemplateResponse(request, "admin/speeches/importjob/report.html", context)
