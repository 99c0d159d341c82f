"""Demo self-assessments from fixtures/demo.yaml, made through the same services as the site."""

from django.contrib.auth import get_user_model

from authorities.models import Authority
from fidelity import consensus_services, context, services
from fidelity.choices import AssessmentMode
from fidelity.models import Assessment, FrameworkVersion, Indicator, PlannedAction
from fidelity.selectors import context_warnings, section_keys, section_values

DEMO_NOTE = "Illustrative demo evidence, not a real council's."
DEMO_RATING_NOTE = "Illustrative demo rating, not a real member's view."


def load_demo_assessments(data: dict) -> None:
    framework = FrameworkVersion.objects.filter(is_current=True).first()
    if framework is None:
        return
    users = get_user_model().objects
    for entry in data.get("assessments", []):
        authority = Authority.objects.get(ons_code=entry["council"])
        if Assessment.objects.filter(authority=authority, round=entry["round"]).exists():
            continue  # keep what people changed since the last load
        starter = users.get(username=entry["started_by"])
        previous = None
        if "prefill_from_round" in entry:
            previous = Assessment.objects.get(
                authority=authority, round=entry["prefill_from_round"]
            )
        assessment = services.start_assessment(
            user=starter,
            authority=authority,
            round=entry["round"],
            prefill_from=previous,
            mode=entry.get("mode", AssessmentMode.SHARED),
        )
        if "context" in entry:
            services.save_section(
                assessment=assessment,
                key=context.KEY,
                values=entry["context"],
                base_revision=0,
                user=starter,
            )
        if "ratings" in entry:
            _rate_on_their_own(assessment, entry)
            continue
        listed = entry.get("levels", {})
        domains = listed.keys() if "default_level" not in entry else section_keys(framework)[1:]
        for domain_slug in domains:
            indicators = list(
                Indicator.objects.filter(framework=framework, domain__slug=domain_slug)
            )
            levels = listed.get(domain_slug) or [entry["default_level"]] * len(indicators)
            services.save_section(
                assessment=assessment,
                key=domain_slug,
                values={
                    i.slug: (str(level), DEMO_NOTE)
                    for i, level in zip(indicators, levels, strict=True)
                },
                base_revision=0,
                user=starter,
            )
        for key in entry.get("completed_sections", []):
            # Confirm a pre-filled section as it stands, as a member pressing Continue would.
            section = assessment.sections.get(key=key)
            services.save_section(
                assessment=assessment,
                key=key,
                values=section_values(assessment, key),
                base_revision=section.revision,
                user=starter,
            )
        if entry["status"] == "submitted":
            assessment.refresh_from_db()  # the context as saved
            # The demo's leads confirm the answers the context contradicts, as a lead does on
            # check your answers: the submission records them.
            services.submit_assessment(
                assessment=assessment,
                user=users.get(username=entry["submitted_by"]),
                declaration=True,
                confirmed_warnings=[w.key for w in context_warnings(assessment)],
            )
            for action in entry.get("planned_actions", []):
                indicator = Indicator.objects.get(framework=framework, slug=action["indicator"])
                # An action carried over from the round before has a revision already.
                carried = PlannedAction.objects.filter(
                    assessment=assessment, indicator=indicator
                ).first()
                services.update_planned_action(
                    assessment=assessment,
                    indicator=indicator,
                    base_revision=carried.revision if carried else 0,
                    owner=action["owner"],
                    due_date=action["due_date"],
                    status=action["status"],
                    notes=action.get("notes", ""),
                    user=starter,
                )


def _rate_on_their_own(assessment: Assessment, entry: dict) -> None:
    """Each member's own ratings of a round rated independently, made through the services,
    then the consensus step opened (if the entry says by whom)."""
    users = get_user_model().objects
    for username, rated in entry["ratings"].items():
        rater = users.get(username=username)
        for domain in assessment.framework.domains.prefetch_related("indicators"):
            indicators = list(domain.indicators.all())
            levels = rated.get("levels", {}).get(domain.slug) or [rated["default_level"]] * len(
                indicators
            )
            consensus_services.save_own_ratings(
                assessment=assessment,
                user=rater,
                domain_slug=domain.slug,
                values={
                    i.slug: (str(level), DEMO_RATING_NOTE)
                    for i, level in zip(indicators, levels, strict=True)
                },
            )
    if "consensus_opened_by" in entry:
        consensus_services.open_consensus(
            assessment=assessment, user=users.get(username=entry["consensus_opened_by"])
        )
