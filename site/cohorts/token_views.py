"""A reviewer's API tokens: list, create (the key is shown once) and revoke.

Only reviewers have tokens: anyone else is shown the reviewer workspace's page saying there is
nothing to show, and no form; nothing they send creates a token. The key is never
stored, put in a URL or kept in the session: it is rendered once, in the response to the POST
that created it, and that response is not cached.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cohorts import services
from cohorts.choices import DEFAULT_TOKEN_LIFETIME, TokenLifetime
from cohorts.models import ReviewerToken
from cohorts.permissions import is_reviewer


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="What the token is for, so you can tell your tokens apart. For example, "
        "'Quarterly report script'.",
        max_length=80,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 80 characters or fewer",
        },
    )

    lifetime_days = forms.TypedChoiceField(
        label="How long should the token work?",
        help_text="After that it is refused, and you create a new one.",
        choices=TokenLifetime.choices,
        coerce=int,
        initial=DEFAULT_TOKEN_LIFETIME,
        # Shown chosen; a form sent without it gets the default too.
        required=False,
        empty_value=DEFAULT_TOKEN_LIFETIME,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose how long the token should work"},
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name


def _nothing_to_show(request):
    """What someone who reviews no cohort gets instead of a token page."""
    return render(request, "cohorts/review/cohort_list.html", {"cohorts": []})


@never_cache
@login_required
@require_GET
def token_list(request):
    if not is_reviewer(user=request.user):
        return _nothing_to_show(request)
    tokens = ReviewerToken.objects.filter(user=request.user)
    return render(request, "cohorts/tokens/token_list.html", {"tokens": tokens})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_create(request):
    if not is_reviewer(user=request.user):
        return _nothing_to_show(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = services.create_reviewer_token(
            user=request.user,
            name=form.cleaned_data["name"],
            lifetime_days=form.cleaned_data["lifetime_days"],
        )
        return render(request, "cohorts/tokens/token_created.html", {"token": token, "key": key})
    return render(request, "cohorts/tokens/token_new.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    if not is_reviewer(user=request.user):
        return _nothing_to_show(request)
    token = get_object_or_404(ReviewerToken, pk=pk, user=request.user)
    if request.method == "POST":
        services.revoke_reviewer_token(user=request.user, token_id=token.pk)
        messages.success(request, f"The token ‘{token.name}’ has been revoked.")
        return redirect("review_exports:token_list")
    return render(request, "cohorts/tokens/token_revoke.html", {"token": token})
