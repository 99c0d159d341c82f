"""The reviewers' read-only JSON API: cohorts, councils, submitted assessments, milestones.

A reviewer sends one of their tokens (``Authorization: Bearer <key>``); every answer goes through
``cohorts.permissions.cohorts_for``, the same scope as the reviewer pages, so a cohort not assigned to the
token's owner is a 404. There is no session authentication, hence no CSRF surface, and nothing
here writes council data.
"""

from django.utils import timezone

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from authorities.models import Authority
from cohorts.api_auth import IsReviewer, ReviewerTokenAuthentication
from cohorts.choices import MilestoneStatus
from cohorts.models import Cohort, Milestone, MilestoneEntry
from cohorts.permissions import cohorts_for
from fidelity.choices import REVIEWABLE_STATUSES, AssessmentRound, AssessmentStatus
from fidelity.models import Assessment

# Authentication (cohorts.api_auth) in the schema -------------------------------------------


class ReviewerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "cohorts.api_auth.ReviewerTokenAuthentication"
    name = "reviewerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A reviewer's API token, created on /review/tokens/.",
        }


def reviewer_api_only(endpoints):
    """drf-spectacular preprocessing hook: this API only, not the Wagtail admin's internal one."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


# Serializers ----------------------------------------------------------------------------------


class CouncilSerializer(serializers.ModelSerializer):
    class Meta:
        model = Authority
        fields = ["id", "name", "ons_code", "dfe_number", "region"]


class CohortSerializer(serializers.ModelSerializer):
    councils = CouncilSerializer(many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "name", "programme", "start_date", "councils"]


class DomainScoreSerializer(serializers.Serializer):
    slug = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="0 to 100; null if all 'na'.")
    rag = serializers.CharField(allow_null=True, help_text="green, amber or red.")
    reference_score = serializers.FloatField(
        allow_null=True,
        help_text="The model standard's score (every indicator at its reference level).",
    )
    gap = serializers.FloatField(allow_null=True, help_text="Reference score minus score.")


class ActionSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="The indicator's slug.")
    domain = serializers.CharField(help_text="The domain's slug.")
    level = serializers.IntegerField()
    reference_level = serializers.IntegerField()
    priority = serializers.IntegerField()


class ScoresSerializer(serializers.Serializer):
    """The scores stored at submission, in the fidelity_score command's shape."""

    overall = serializers.FloatField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    capped = serializers.BooleanField(help_text="A critical indicator at 0 capped the band.")
    domains = DomainScoreSerializer(many=True)
    actions = ActionSerializer(many=True)


class AssessmentSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="authority.ons_code", help_text="The ONS code.")
    round = serializers.IntegerField(help_text="Months since the baseline.")
    round_label = serializers.CharField(source="get_round_display")
    status = serializers.ChoiceField(
        choices=[(status.value, status.label) for status in REVIEWABLE_STATUSES]
    )
    scores = serializers.SerializerMethodField(
        help_text="The scores stored at submission; null while a returned assessment is being changed."
    )

    class Meta:
        model = Assessment
        fields = ["id", "council", "round", "round_label", "status", "submitted_at", "scores"]

    @extend_schema_field(ScoresSerializer(allow_null=True))
    def get_scores(self, assessment) -> dict | None:
        if assessment.status == AssessmentStatus.RETURNED:
            return None
        return ScoresSerializer(assessment.scores).data


class MilestoneSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)
    actual_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=MilestoneStatus.choices)
    late = serializers.BooleanField(help_text="Derived: target date passed and not done.")


class CouncilBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Authority
        fields = ["id", "name", "ons_code"]


class CouncilMilestonesSerializer(serializers.Serializer):
    council = CouncilBriefSerializer()
    milestones = MilestoneSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    """Every refusal: DRF's {"detail": "..."}."""

    detail = serializers.CharField(help_text="What is wrong, for a person.")


def documented(ok, *, not_found: bool = True, bad_filter: bool = False) -> dict:
    """An operation's responses: ``ok`` for 200 and every error it can answer."""
    responses = {
        200: ok,
        401: OpenApiResponse(
            ErrorSerializer, description="No token, or one that is unknown or revoked."
        ),
        403: OpenApiResponse(ErrorSerializer, description="The token's owner reviews no cohort."),
    }
    if not_found:
        responses[404] = OpenApiResponse(
            ErrorSerializer, description="No cohort with this id among the cohorts you review."
        )
    if bad_filter:
        responses[400] = OpenApiResponse(
            ErrorSerializer, description="A filter's value is not allowed."
        )
    return dict(sorted(responses.items()))


# Views --------------------------------------------------------------------------------------

ROUND_PARAMETER = OpenApiParameter(
    "round",
    OpenApiTypes.INT,
    description="Only this round (months since the baseline).",
    enum=AssessmentRound.values,
)


@extend_schema_view(
    list=extend_schema(
        summary="The cohorts you review, with their councils",
        responses=documented(CohortSerializer(many=True), not_found=False),
    ),
    retrieve=extend_schema(summary="One cohort you review", responses=documented(CohortSerializer)),
)
class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = [ReviewerTokenAuthentication]
    permission_classes = [IsAuthenticated, IsReviewer]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    serializer_class = CohortSerializer
    queryset = Cohort.objects.none()  # replaced per request by the reviewer's scope
    pagination_class = None

    def get_queryset(self):
        cohorts = cohorts_for(user=self.request.user)
        if self.action in ("list", "retrieve"):
            cohorts = cohorts.prefetch_related("councils")
        return cohorts

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        summary="Submitted, validated and returned assessments of a cohort's councils",
        parameters=[ROUND_PARAMETER],
        responses=documented(AssessmentSerializer(many=True), bad_filter=True),
    )
    @action(detail=True, methods=["get"])
    def assessments(self, request, pk=None):
        cohort = self.get_object()
        assessments = (
            Assessment.objects.filter(authority__cohorts=cohort, status__in=REVIEWABLE_STATUSES)
            .select_related("authority")
            .order_by("authority__name", "round")
        )
        round_value = request.query_params.get("round")
        if round_value is not None:
            if not round_value.isdigit() or int(round_value) not in AssessmentRound.values:
                raise exceptions.ParseError(
                    f"round: give one of {', '.join(map(str, AssessmentRound.values))}."
                )
            assessments = assessments.filter(round=int(round_value))
        return Response(AssessmentSerializer(assessments, many=True).data)

    @extend_schema(
        summary="Each council's milestone plan, with late derived",
        responses=documented(CouncilMilestonesSerializer(many=True)),
    )
    @action(detail=True, methods=["get"])
    def milestones(self, request, pk=None):
        cohort = self.get_object()
        councils = list(cohort.councils.order_by("name"))
        milestones = list(Milestone.objects.all())
        entries = {
            (entry.authority_id, entry.milestone_id): entry
            for entry in MilestoneEntry.objects.filter(authority__in=[c.pk for c in councils])
        }
        today = timezone.localdate()
        plans = []
        for council in councils:
            rows = []
            for milestone in milestones:
                entry = entries.get((council.pk, milestone.pk))
                rows.append(
                    {
                        "slug": milestone.slug,
                        "title": milestone.title,
                        "target_date": entry.target_date if entry else None,
                        "actual_date": entry.actual_date if entry else None,
                        "status": entry.status if entry else MilestoneStatus.NOT_STARTED,
                        "late": entry.is_late(today) if entry else False,
                    }
                )
            plans.append({"council": council, "milestones": rows})
        return Response(CouncilMilestonesSerializer(plans, many=True).data)
