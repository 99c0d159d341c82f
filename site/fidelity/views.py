"""The assessment journey and results. Thin: reads come from selectors, writes from services.

Every view finds its assessment through ``selectors.assessment_for``: another council's
assessment is a 404, whatever the URL; anonymous users are sent to sign in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlWizardView, StepsHelper, WizardView

from authorities.choices import AuditAction
from authorities.permissions import authorities_for, check_lead, is_lead
from authorities.services import audit
from core.charts import cached_svg, svg_chart_policy, svg_response
from core.conflicts import differences, form_differences, rebased
from core.downloads import attachment, csv_bytes
from fidelity import charts, consensus_selectors, consensus_views, selectors, services
from fidelity import context as context_section
from fidelity.context import ContextForm
from fidelity.forms import (
    DomainSectionForm,
    PlannedActionForm,
    StartAssessmentForm,
    SubmitForm,
)
from fidelity.models import Assessment, EvidenceFile, Section
from fidelity.panels import assessment_panels
from fidelity.wizard_storage import AssessmentStorage, form_initial

DONE_STEP = "done"


def _editable(request, pk: int) -> Assessment:
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if not assessment.is_editable:
        raise Http404("This assessment is submitted and can no longer change.")
    return assessment


def _submitted(request, pk: int) -> Assessment:
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment.is_editable:
        raise Http404("Results are shown once the assessment has been submitted.")
    return assessment


@login_required
@require_GET
def assessment_list(request):
    authorities = list(authorities_for(user=request.user))
    assessments = list(
        selectors.assessments_for(user=request.user).order_by("authority__name", "round")
    )
    councils = [
        (authority, [a for a in assessments if a.authority_id == authority.pk])
        for authority in authorities
    ]
    return render(request, "fidelity/assessment_list.html", {"councils": councils})


@login_required
@require_http_methods(["GET", "POST"])
def start_assessment(request):
    authorities = authorities_for(user=request.user)
    if not authorities.exists():
        raise Http404("You are not a member of any council.")
    form = StartAssessmentForm(
        request.POST if request.method == "POST" else None,
        authorities=authorities,
        initial={"authority": authorities.first() if authorities.count() == 1 else None},
    )
    if request.method == "POST" and form.is_valid():
        authority = form.cleaned_data["authority"]
        previous = None
        if form.cleaned_data["prefill"]:
            previous = selectors.latest_submitted(
                authority_id=authority.pk, before_round=form.cleaned_data["round"]
            )
        try:
            assessment = services.start_assessment(
                user=request.user,
                authority=authority,
                round=form.cleaned_data["round"],
                prefill_from=previous,
                mode=form.cleaned_data["mode"],
            )
        except services.AssessmentExists as error:
            form.add_error("round", str(error))
        except services.AssessmentError as error:
            form.add_error(None, str(error))
        else:
            if form.cleaned_data["prefill"] and previous is None:
                messages.info(
                    request, "There was no submitted assessment to copy: answers start empty."
                )
            return redirect("fidelity:task_list", pk=assessment.pk)
    return render(request, "fidelity/start.html", {"form": form})


@login_required
@require_GET
def task_list(request, pk: int):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if not assessment.is_editable:
        return redirect("fidelity:results", pk=assessment.pk)
    if assessment.is_independent:
        return consensus_views.task_list(request, assessment)
    tasks = selectors.task_list_summary(assessment)
    return render(
        request,
        "fidelity/task_list.html",
        {
            "assessment": assessment,
            "tasks": tasks,
            "review": assessment.review_decisions.select_related("reviewer").first(),
            "is_lead": is_lead(user=request.user, authority=assessment.authority),
            "assessment_panels": assessment_panels(request, assessment, page="task_list"),
        },
    )


@method_decorator(login_required, name="dispatch")
class SectionWizard(NamedUrlWizardView):
    """One page per section: the context first, then one per domain of the framework.

    The answers live in the database (``AssessmentStorage``), so Back and Change links, another
    browser or another member of the council all see what was last saved.
    """

    form_list = [(context_section.KEY, ContextForm)]  # the domains' steps come from the framework
    url_name = "fidelity:section"
    done_step_name = DONE_STEP

    def dispatch(self, request, *args, **kwargs):
        self.assessment = _editable(request, kwargs["pk"])
        self.domains = list(self.assessment.framework.domains.prefetch_related("indicators"))
        # One step per domain of the assessment's own framework version.
        self.form_list = {context_section.KEY: ContextForm} | {
            d.slug: DomainSectionForm for d in self.domains
        }
        step = kwargs.get("step")
        if step is not None and step != DONE_STEP and step not in self.get_form_list():
            raise Http404("There is no such section.")
        if self.assessment.is_independent and step not in (None, DONE_STEP, context_section.KEY):
            # Members rate a domain on their own; its answers are agreed in the consensus step.
            where = "fidelity:consensus" if self.assessment.consensus_open else "fidelity:rate"
            return redirect(where, pk=self.assessment.pk, domain_slug=step)
        # formtools builds its storage from a dotted path; ours needs the assessment.
        self.prefix = self.get_prefix(request, *args, **kwargs)
        self.storage = AssessmentStorage(self.prefix, request, assessment=self.assessment)
        self.steps = StepsHelper(self)
        return super(WizardView, self).dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return f"assessment_{self.assessment.pk}"

    def get_step_url(self, step):
        return reverse(self.url_name, kwargs={"pk": self.assessment.pk, "step": step})

    def _domain(self, step):
        return next(d for d in self.domains if d.slug == step)

    def get_form_kwargs(self, step=None):
        kwargs = {"partial": self._partial}
        if step != context_section.KEY:
            domain = self._domain(step)
            files = {}
            for evidence in EvidenceFile.objects.filter(
                assessment=self.assessment, indicator__domain=domain
            ):
                files.setdefault(evidence.indicator_id, []).append(evidence)
            kwargs |= {"indicators": list(domain.indicators.all()), "evidence_files": files}
        return kwargs

    def get_form_initial(self, step):
        section = Section.objects.filter(assessment=self.assessment, key=step).first()
        initial = form_initial(step, selectors.section_values(self.assessment, step))
        return initial | {"revision": section.revision if section else 0}

    def get_template_names(self):
        if self.steps.current == context_section.KEY:
            return ["fidelity/section_context.html"]
        return ["fidelity/section_domain.html"]

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        sections = selectors.task_list(self.assessment)
        current = next(s for s in sections if s.key == self.steps.current)
        context |= {
            "assessment": self.assessment,
            "section": current,
            "section_number": sections.index(current) + 1,
            "section_count": len(sections),
            "domain": None
            if self.steps.current == context_section.KEY
            else self._domain(self.steps.current),
            "return_to_check": self.request.GET.get("return") == "check"
            or self.request.POST.get("return") == "check",
            "previous_url": self.get_step_url(self.steps.prev) if self.steps.prev else None,
            "assessment_panels": assessment_panels(
                self.request, self.assessment, page="section", section=self.steps.current
            ),
        }
        return context

    _partial = False

    def get(self, *args, **kwargs):
        if kwargs.get("step") is None:  # "continue": the section the council was working on
            resume = selectors.task_list_summary(self.assessment).resume
            if resume is None:
                return redirect("fidelity:check_answers", pk=self.assessment.pk)
            return redirect(self.get_step_url(resume.key))
        return super().get(*args, **kwargs)

    def post(self, *args, **kwargs):
        if kwargs.get("step") not in self.form_list:
            raise Http404("There is no such section.")
        # The URL names the section; a posted step that disagrees has been tampered with.
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if not management.is_valid() or management.cleaned_data["current_step"] != kwargs.get(
            "step"
        ):
            raise SuspiciousOperation("The section posted does not match the page.")
        self.storage.current_step = kwargs["step"]
        self._partial = "save_for_later" in self.request.POST
        try:
            if self._partial:
                return self._save_for_later()
            return super().post(*args, **kwargs)
        except services.SectionConflict as conflict:
            return self._render_conflict(conflict)
        except services.AssessmentLocked as error:
            messages.error(self.request, str(error))
            return redirect("fidelity:results", pk=self.assessment.pk)

    def _save_for_later(self):
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        if not form.is_valid():
            return self.render(form)
        self._save(form)
        messages.success(
            self.request,
            f"Your answers to ‘{selectors.task_list(self.assessment)[self.steps.index].title}’ have been saved.",
        )
        return redirect("fidelity:task_list", pk=self.assessment.pk)

    def process_step(self, form):
        self._save(form)
        return {}

    def _save(self, form):
        uploads = []
        if isinstance(form, DomainSectionForm):
            uploads = [
                services.EvidenceUpload(
                    slug, upload, upload.evidence_content_type, upload.evidence_name
                )
                for slug, upload in form.uploads()
            ]
        services.save_section(
            assessment=self.assessment,
            key=self.steps.current,
            values=form.section_values(),
            base_revision=form.cleaned_data["revision"],
            user=self.request.user,
            evidence=uploads,
        )

    def render_next_step(self, form, **kwargs):
        if self.request.POST.get("return") == "check":
            return redirect("fidelity:check_answers", pk=self.assessment.pk)
        return super().render_next_step(form, **kwargs)

    def _render_conflict(self, conflict: services.SectionConflict):
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        form.is_valid()
        mine = form.section_values()
        theirs = conflict.theirs
        if self.steps.current == context_section.KEY:
            changes = differences(
                (form.fields[name].label, theirs.get(name), mine.get(name)) for name in mine
            )
        else:
            changes = differences(
                (
                    (
                        indicator.title,
                        theirs.get(indicator.slug) or (None, ""),
                        mine[indicator.slug],
                    )
                    for indicator in form.indicators
                ),
                show=_display_answer,
            )
        posted = [
            (name, value)
            for name, values in self.request.POST.lists()
            if name not in ("csrfmiddlewaretoken", f"{self.steps.current}-revision")
            for value in values
        ]
        return render(
            self.request,
            "fidelity/section_conflict.html",
            {
                "assessment": self.assessment,
                "section_title": selectors.task_list(self.assessment)[self.steps.index].title,
                "changes": changes,
                "saved_by": selectors.person(conflict.section.updated_by),
                "saved_at": conflict.section.updated_at,
                "posted": posted,
                "revision_field": f"{self.steps.current}-revision",
                "revision": conflict.section.revision,
                "step_url": self.get_step_url(self.steps.current),
                "had_files": bool(self.request.FILES),
            },
            status=409,
        )

    def done(self, form_list, **kwargs):
        return redirect("fidelity:check_answers", pk=self.assessment.pk)


def _display_answer(value) -> str:
    if not value or not value[0]:
        return "Not answered"
    level, note = value
    label = {"0": "0: not in place", "1": "1: partially in place", "2": "2: fully in place"}.get(
        level, "Not applicable"
    )
    return f"{label}. Evidence: {note}" if note else label


@login_required
@require_http_methods(["GET", "POST"])
def check_answers(request, pk: int):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if not assessment.is_editable:
        if request.method == "POST":  # a second tab submitting again
            messages.info(request, "This assessment has already been submitted.")
            return redirect("fidelity:results", pk=assessment.pk)
        return render(
            request,
            "fidelity/check_answers.html",
            {
                "assessment": assessment,
                "summary": selectors.check_answers_summary(assessment),
                "read_only": True,
            },
        )
    lead = is_lead(user=request.user, authority=assessment.authority)
    if request.method == "POST":
        check_lead(
            user=request.user,
            authority=assessment.authority_id,
            message="Only a council lead can submit the assessment.",
        )
    warnings = selectors.context_warnings(assessment)
    form = SubmitForm(request.POST if request.method == "POST" else None, warnings=warnings)
    incomplete = selectors.sections_incomplete(assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_assessment(
                assessment=assessment,
                user=request.user,
                declaration=True,
                confirmed_warnings=form.confirmed_warnings(),
            )
        except services.AssessmentLocked as error:
            messages.error(request, str(error))
            return redirect("fidelity:results", pk=assessment.pk)
        except services.UnconfirmedWarnings:
            # The answers changed since the page was drawn: the lead confirms what stands now.
            assessment.refresh_from_db()
            warnings = selectors.context_warnings(assessment)
            data = request.POST.copy()
            data.pop("warnings_checked", None)
            data.setlist("warning_keys", [warning.key for warning in warnings])
            form = SubmitForm(data, warnings=warnings)
            form.is_valid()
        except services.IncompleteSections as error:
            form.add_error(None, str(error))
        else:
            return redirect("fidelity:submitted", pk=assessment.pk)
    return render(
        request,
        "fidelity/check_answers.html",
        {
            "assessment": assessment,
            "summary": selectors.check_answers_summary(assessment),
            "incomplete": incomplete,
            "warnings": warnings,
            "is_lead": lead,
            "form": form,
        },
    )


@login_required
@require_POST
def ready_for_sign_off(request, pk: int):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    try:
        services.mark_ready_for_sign_off(assessment=assessment, user=request.user)
    except services.AssessmentLocked as error:
        messages.info(request, str(error))
        return redirect("fidelity:results", pk=assessment.pk)
    except services.IncompleteSections as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your council's leads have been told it is ready for sign-off.")
    return redirect("fidelity:check_answers", pk=assessment.pk)


@login_required
@require_GET
def submitted(request, pk: int):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment.is_editable:
        return redirect("fidelity:task_list", pk=assessment.pk)
    return render(
        request,
        "fidelity/submitted.html",
        {
            "assessment": assessment,
            "assessment_panels": assessment_panels(request, assessment, page="submitted"),
        },
    )


def _results_context(assessment: Assessment) -> dict:
    rounds = selectors.council_rounds(assessment)
    results = selectors.assessment_results(assessment, rounds=rounds)
    history = selectors.round_history(assessment, rounds=rounds)
    return {
        "assessment": assessment,
        "results": results,
        "second": selectors.reference_comparison(results),
        "history": history if len(history) > 1 else [],
        "reviews": list(assessment.review_decisions.select_related("reviewer")),
        "agreement": consensus_selectors.assessment_agreement(assessment),
    }


@login_required
@require_GET
def results(request, pk: int):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment.is_editable:
        messages.info(request, "Results are shown once the assessment has been submitted.")
        return redirect("fidelity:task_list", pk=assessment.pk)
    return render(
        request,
        "fidelity/results.html",
        {
            **_results_context(assessment),
            "answer_columns": selectors.ANSWERS_CSV_COLUMNS,
            "assessment_panels": assessment_panels(request, assessment, page="results"),
        },
    )


@login_required
@require_GET
def results_print(request, pk: int):
    assessment = _submitted(request, pk)
    context = _results_context(assessment)
    context["report_rows"] = selectors.report_rows(context["results"])
    return render(request, "fidelity/results_print.html", context)


def radar_response(assessment: Assessment) -> HttpResponse:
    """The radar chart of a submitted assessment: this page's, and the reviewer's."""
    data = selectors.assessment_results(assessment).radar_data()
    return svg_response(
        cached_svg(kind="radar", data=data, render=lambda: charts.radar_chart_svg(**data))
    )


@svg_chart_policy
@login_required
@require_GET
def radar_chart(request, pk: int):
    return radar_response(_submitted(request, pk))


@svg_chart_policy
@login_required
@require_GET
def progress_chart(request, pk: int):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    history = selectors.round_history(assessment)
    if len(history) < 2:
        raise Http404("Progress is charted from two submitted rounds.")
    data = {
        "rounds": [h.assessment.get_round_display() for h in history],
        "overall": [None if h.overall is None else float(h.overall) for h in history],
        "reference": None
        if history[-1].reference_overall is None
        else float(history[-1].reference_overall),
        "council_name": assessment.authority.name,
    }
    return svg_response(
        cached_svg(kind="progress", data=data, render=lambda: charts.progress_chart_svg(**data))
    )


@login_required
@require_GET
def answers_csv(request, pk: int):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment.is_editable:
        raise Http404("Answers are downloaded once the assessment has been submitted.")
    results = selectors.assessment_results(assessment)
    audit(
        authority=assessment.authority_id,
        subject=assessment,
        user=request.user,
        action=AuditAction.CSV_DOWNLOADED,
    )
    content = csv_bytes(
        [column.heading for column in selectors.ANSWERS_CSV_COLUMNS],
        selectors.answers_table(results),
    )
    filename = f"fidelity-{assessment.authority.ons_code}-{assessment.get_round_display()}".replace(
        " ", "-"
    ).lower()
    return attachment(content, content_type="text/csv; charset=utf-8", filename=f"{filename}.csv")


@login_required
@require_http_methods(["GET", "POST"])
def edit_action(request, pk: int, indicator_slug: str):
    """One action of the plan: its form while the plan is this round's to work on; once a later
    round has taken it over, the action and its history without a form."""
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    if assessment.is_editable:
        raise Http404("The action plan follows submission.")
    results = selectors.assessment_results(assessment)
    row = next((a for a in results.actions if a.indicator.slug == indicator_slug), None)
    if row is None:
        raise Http404("There is no such action in this plan.")
    plan = results.plan
    if not plan.editable and request.method == "POST":
        messages.error(request, str(services.PlanReadOnly(plan.superseded_by)))
        return redirect(reverse("fidelity:results", kwargs={"pk": assessment.pk}) + "#action-plan")
    planned = row.planned
    form = None
    if plan.editable:
        form = PlannedActionForm(
            request.POST if request.method == "POST" else None,
            initial={
                "revision": planned.revision if planned else 0,
                "owner": planned.owner if planned else "",
                "due_date": planned.due_date if planned else None,
                "status": row.status,
                "notes": planned.notes if planned else "",
            },
        )
    conflict, changes = None, []
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.update_planned_action(
                assessment=assessment,
                indicator=row.indicator,
                base_revision=form.cleaned_data["revision"],
                owner=form.cleaned_data["owner"].strip(),
                due_date=form.cleaned_data["due_date"],
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"].strip(),
                user=request.user,
            )
        except services.PlannedActionConflict as refused:
            # The person's answers stay, now on the revision saved, to save again if they wish.
            conflict = refused
            form = PlannedActionForm(rebased(request.POST, revision=refused.revision))
            form.is_valid()
            changes = form_differences(form, refused.theirs)
            form.add_error(None, refused.message)
        except services.PlanReadOnly as error:  # a later round was submitted a moment ago
            messages.error(request, str(error))
            return redirect(
                reverse("fidelity:results", kwargs={"pk": assessment.pk}) + "#action-plan"
            )
        else:
            messages.success(request, f"The action for ‘{row.indicator.title}’ has been updated.")
            return redirect(
                reverse("fidelity:results", kwargs={"pk": assessment.pk}) + "#action-plan"
            )
    return render(
        request,
        "fidelity/edit_action.html",
        {
            "assessment": assessment,
            "row": row,
            "plan": plan,
            "form": form,
            "conflict": conflict,
            "changes": changes,
            "history": selectors.action_history(planned),
        },
        status=409 if conflict else 200,
    )


def evidence_response(
    request, assessment: Assessment, file_pk: int, *, by: str = ""
) -> FileResponse:
    """One of the assessment's evidence files, as a download; the audit trail says who took it
    (``by`` names a role other than the council's own, such as "reviewer")."""
    evidence = get_object_or_404(EvidenceFile, assessment=assessment, pk=file_pk)
    audit(
        authority=assessment.authority_id,
        subject=assessment,
        user=request.user,
        action=AuditAction.EVIDENCE_DOWNLOADED,
        detail=f"{evidence.original_name} ({by})" if by else evidence.original_name,
    )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.download_name,
        content_type=evidence.content_type,
    )


@login_required
@require_GET
def evidence_file(request, pk: int, file_pk: int):
    return evidence_response(request, selectors.assessment_for(user=request.user, pk=pk), file_pk)


@login_required
@require_http_methods(["GET", "POST"])
def remove_evidence(request, pk: int, file_pk: int):
    """Asks before removing an evidence file from a draft, then removes it (a page of its own,
    as a form cannot sit inside the section's form)."""
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("indicator__domain"), assessment=assessment, pk=file_pk
    )
    return_to_check = request.GET.get("return") == "check" or request.POST.get("return") == "check"
    section_url = reverse(
        "fidelity:section", kwargs={"pk": assessment.pk, "step": evidence.indicator.domain.slug}
    )
    back_url = (
        reverse("fidelity:check_answers", kwargs={"pk": assessment.pk})
        if return_to_check
        else f"{section_url}#indicator-{evidence.indicator.slug}"
    )
    if not assessment.is_editable:
        messages.error(
            request,
            "This assessment has been submitted, so its evidence files can no longer be removed.",
        )
        return redirect("fidelity:results", pk=assessment.pk)
    if request.method == "POST":
        try:
            services.remove_evidence(
                assessment=assessment, evidence_pk=evidence.pk, user=request.user
            )
        except services.AssessmentLocked as error:
            messages.error(request, str(error))
            return redirect("fidelity:results", pk=assessment.pk)
        except EvidenceFile.DoesNotExist:  # removed by someone else a moment ago
            pass
        messages.success(request, f"‘{evidence.original_name}’ has been removed.")
        return redirect(back_url)
    return render(
        request,
        "fidelity/remove_evidence.html",
        {
            "assessment": assessment,
            "evidence": evidence,
            "back_url": back_url,
            "return_to_check": return_to_check,
        },
    )


@login_required
@require_GET
def history(request, pk: int):
    assessment = selectors.assessment_for(user=request.user, pk=pk)
    events = assessment.audit_events.select_related("user")
    return render(
        request,
        "fidelity/history.html",
        {
            "assessment": assessment,
            "events": events,
            "assessment_panels": assessment_panels(request, assessment, page="history"),
        },
    )
