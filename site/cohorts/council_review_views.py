"""The council's side of a round's review, under /assessments/<pk>/review/: every thread of the
reviewer's comments with a reply form under each. Thin views.

The round is found through ``fidelity.selectors.assessment_for``: only members of its council
get anything; another council's user, a reviewer (who comments on the review pages) and staff
get a 404; anonymous users are sent to sign in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cohorts import selectors, services
from cohorts.review_forms import ReplyForm
from fidelity.models import Assessment, Indicator
from fidelity.selectors import assessment_for


def _reply_form(key: str, indicator: Indicator | None, data=None) -> ReplyForm:
    # One form per thread on the page: ids are the thread's own, and its label names the thread.
    form = ReplyForm(data, initial={"thread": key}, auto_id=f"reply-{key}-%s")
    where = "the whole submission" if indicator is None else f"‘{indicator.title}’"
    form.fields["body"].label = f"Your reply about {where}"
    return form


def _threads_context(assessment: Assessment, failed: ReplyForm | None = None) -> dict:
    """Each thread with its reply form: the one that failed, as posted, under its thread."""
    failed_key = failed.data.get("thread") if failed is not None else None
    threads = [
        (thread, failed if thread.key == failed_key else _reply_form(thread.key, thread.indicator))
        for thread in selectors.review_threads(assessment)
    ]
    return {"assessment": assessment, "threads": threads, "failed": failed}


@login_required
@require_GET
def threads(request, pk: int):
    assessment = assessment_for(user=request.user, pk=pk)
    return render(request, "cohorts/council_review/threads.html", _threads_context(assessment))


@login_required
@require_POST
def reply(request, pk: int):
    """A member's reply in one thread; on a problem the page again, with the reply kept."""
    assessment = assessment_for(user=request.user, pk=pk)
    key = request.POST.get("thread", "")
    indicator = selectors.thread_indicator(assessment, key)  # no such indicator: 404
    form = _reply_form(key, indicator, request.POST)
    if form.is_valid():
        try:
            services.reply_to_thread(
                user=request.user,
                assessment=assessment,
                indicator=indicator,
                body=form.cleaned_data["body"],
            )
        except services.NoSuchThread as error:
            raise Http404(str(error)) from error
        except services.ReviewTextError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, "Your reply has been sent to your reviewer.")
            url = reverse("council_review:threads", kwargs={"pk": assessment.pk})
            return redirect(f"{url}#thread-{key}")
    return render(
        request, "cohorts/council_review/threads.html", _threads_context(assessment, form)
    )


def assessment_panel(request, assessment: Assessment, page: str, section: str = "") -> str:
    """The reviewer's comments on a council's own assessment pages (fidelity.panels): empty
    until the round has a review. On a returned round's task list, each indicator's thread
    links to the section where the council changes that answer; a section's page shows the
    threads on its own indicators."""
    threads = selectors.review_threads(assessment)
    if page == "section":
        threads = [t for t in threads if t.domain is not None and t.domain.slug == section]
    if not threads:
        return ""
    return render_to_string(
        "cohorts/council_review/panel.html",
        {
            "assessment": assessment,
            "threads": threads,
            "awaiting": sum(thread.awaits_reply for thread in threads),
            "on_task_list": page == "task_list",
            "on_section": page == "section",
        },
        request=request,
    )
