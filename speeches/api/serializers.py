"""The JSON of the API: ISO dates, permanent absolute URLs, and the official documents' links."""

from django.urls import reverse
from rest_framework import serializers

from speeches.models import Decision


class _Absolute(serializers.Serializer):
    def absolute(self, path: str) -> str:
        """The permanent URL of a page: absolute, on the host the API was asked on."""
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DelegationSummary(_Absolute):
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, delegation) -> str:
        return self.absolute(delegation.get_absolute_url())


class DelegationSerializer(DelegationSummary):
    kind = serializers.CharField()
    iso3 = serializers.CharField()
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, delegation) -> str:
        return self.absolute(reverse("api:delegation-detail", args=[delegation.slug]))


class MeetingSummary(_Absolute):
    symbol = serializers.CharField()
    slug = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    topic = serializers.CharField()
    url = serializers.SerializerMethodField()
    official_url = serializers.CharField()

    def get_url(self, debate) -> str:
        return self.absolute(reverse("debate-detail", args=[debate.slug]))


class StatementSerializer(_Absolute):
    url = serializers.SerializerMethodField()
    meeting = MeetingSummary(source="debate")
    speech_number = serializers.IntegerField()
    speaker = serializers.CharField()
    role = serializers.CharField()
    delegation = DelegationSummary(allow_null=True)
    delegation_as_printed = serializers.CharField()
    participant_type = serializers.CharField()
    language = serializers.CharField()

    def get_url(self, statement) -> str:
        return self.absolute(
            reverse("statement-detail", args=[statement.debate.slug, statement.speech_number])
        )


class SearchResultSerializer(StatementSerializer):
    snippet_html = serializers.CharField(
        source="snippet",
        help_text="The opening, or the passage matching the query, with <mark> around matches.",
    )


class CitationSerializer(_Absolute):
    resolution = serializers.CharField(source="resolution.symbol")
    resolution_url = serializers.SerializerMethodField()
    sentence = serializers.CharField()

    def get_resolution_url(self, citation) -> str:
        return self.absolute(citation.resolution.get_absolute_url())


class StatementDetailSerializer(StatementSerializer):
    word_count = serializers.IntegerField()
    text = serializers.CharField(help_text="Paragraphs separated by blank lines.")
    citations = CitationSerializer(many=True)
    documents = serializers.SerializerMethodField()

    def get_documents(self, statement) -> list[str]:
        return [document.symbol for document in statement.documents.all()]


class TallyFields(serializers.Serializer):
    in_favour = serializers.IntegerField(allow_null=True)
    against = serializers.IntegerField(allow_null=True)
    abstaining = serializers.IntegerField(allow_null=True)
    adopted_how = serializers.CharField()


class OutcomeSerializer(TallyFields):
    kind = serializers.CharField()
    document = serializers.CharField()
    document_url = serializers.CharField()
    vetoed_by = serializers.ListField(child=serializers.CharField())
    as_printed = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    draft_symbol = serializers.CharField()
    adopted = serializers.BooleanField(allow_null=True)
    resolution = serializers.CharField(source="resolution.symbol", default=None)
    document_symbol = serializers.CharField()
    result = serializers.CharField()
    votes = serializers.SerializerMethodField()

    def get_votes(self, decision: Decision) -> dict[str, list[str]]:
        return decision.positions()


class DebateSerializer(MeetingSummary):
    meeting_number = serializers.IntegerField(allow_null=True)
    resumption = serializers.IntegerField()
    closed = serializers.BooleanField()
    press_release = serializers.CharField()
    in_register = serializers.BooleanField()
    statement_count = serializers.IntegerField()
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, debate) -> str:
        return self.absolute(reverse("api:debate-detail", args=[debate.slug]))


class DebateDetailSerializer(DebateSerializer):
    outcomes = OutcomeSerializer(many=True, source="register_outcomes.all")
    decisions = DecisionSerializer(many=True, source="decisions.all")
    statements = StatementSerializer(many=True, source="listed_statements")


class ResolutionSerializer(_Absolute, TallyFields):
    number = serializers.IntegerField()
    year = serializers.IntegerField()
    symbol = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    topic = serializers.CharField()
    meeting = MeetingSummary(allow_null=True)
    official_url = serializers.CharField()
    url = serializers.SerializerMethodField()
    statements_citing = serializers.IntegerField(source="statement_count")

    def get_url(self, resolution) -> str:
        return self.absolute(resolution.get_absolute_url())


class VetoSerializer(serializers.Serializer):
    date = serializers.DateField()
    date_as_printed = serializers.CharField()
    drafts = serializers.ListField(child=serializers.CharField())
    draft_url = serializers.CharField()
    meeting = serializers.CharField()
    letters = serializers.ListField(child=serializers.CharField())
    record_url = serializers.CharField()
    agenda_item = serializers.CharField()
    members = DelegationSummary(many=True, source="members.all")
