""" "Tell us what you think": the feedback form, its confirmation, and the programme team's
read-only listing of what people sent in the Wagtail admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import pytest

from core import services
from core.forms import page_path
from core.models import FEEDBACK_MAX_LENGTH, Feedback
from tests.authorities.factories import UserFactory
from tests.pages import assert_no_template_syntax

pytestmark = pytest.mark.django_db

URL = "/feedback/"
SENT_URL = "/feedback/sent/"
ADMIN_LISTING = "/admin/feedback/"
ADMIN_ACCESS = "wagtailadmin.access_admin"


def send(client, **data):
    return client.post(URL, {"text": "The action plan was clear.", "email": "", **data})


# The form ------------------------------------------------------------------------------------


def test_the_phase_banner_links_to_the_form_from_the_page_it_is_on(client, loaded_content):
    html = client.get("/about/").content.decode()
    assert 'href="/feedback/?from=/about/">Tell us what you think</a>' in html


def test_the_form_remembers_the_page_it_was_opened_from(client, loaded_content):
    response = client.get(URL, {"from": "/about/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="hidden" name="page" value="/about/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "You can enter up to 2,000 characters" in html
    assert 'data-maxlength="2000"' in html
    assert "anything that identifies a child or a family" in html
    assert_no_template_syntax(response)


def test_feedback_is_stored_and_the_confirmation_leads_back(client, loaded_content):
    response = send(
        client, text="  The action plan was clear.  ", email="ana@example.org", page="/about/"
    )
    assert response.status_code == 302
    assert response["Location"] == f"{SENT_URL}?from=%2Fabout%2F"
    feedback = Feedback.objects.get()
    assert (feedback.text, feedback.email, feedback.page) == (
        "The action plan was clear.",
        "ana@example.org",
        "/about/",
    )
    assert feedback.sent_at is not None

    confirmation = client.get(response["Location"])
    html = confirmation.content.decode()
    assert '<h1 class="govuk-panel__title">Feedback sent</h1>' in html
    assert '<a class="govuk-link" href="/about/">Go back to the page you were on</a>' in html
    assert_no_template_syntax(confirmation)


def test_the_email_address_and_the_page_are_optional(client, loaded_content):
    response = send(client)
    assert response["Location"] == SENT_URL
    assert Feedback.objects.get().email == "" and Feedback.objects.get().page == ""
    assert 'href="/">Go to the home page</a>' in client.get(SENT_URL).content.decode()


def test_a_signed_in_council_member_sends_feedback_too(client, loaded_content, wb_contributor):
    client.force_login(wb_contributor)
    assert send(client).status_code == 302
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter your feedback"),
        ("   \n  ", "Enter your feedback"),
        ("x" * 10_000, "Your feedback must be 2,000 characters or fewer"),
        ("x" * (FEEDBACK_MAX_LENGTH + 1), "Your feedback must be 2,000 characters or fewer"),
    ],
    ids=["empty", "only-spaces", "10000-characters", "one-too-many"],
)
def test_empty_or_too_long_feedback_is_refused_and_nothing_stored(
    client, loaded_content, text, message
):
    response = send(client, text=text)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(message) == 2  # in the error summary and above the box
    assert f'<li><a href="#id_text">{message}</a></li>' in html
    assert "govuk-textarea--error" in html
    assert "<title>Error: Give feedback" in html
    assert Feedback.objects.count() == 0
    assert_no_template_syntax(response)


def test_feedback_of_exactly_the_maximum_is_accepted(client, loaded_content):
    assert send(client, text="x" * FEEDBACK_MAX_LENGTH).status_code == 302
    assert len(Feedback.objects.get().text) == FEEDBACK_MAX_LENGTH


def test_a_malformed_email_address_is_refused_and_nothing_stored(client, loaded_content):
    response = send(client, email="not an address")
    assert response.status_code == 200
    assert (
        '<a href="#id_email">Enter an email address in the correct format, like '
        "name@example.com</a>" in response.content.decode()
    )
    assert Feedback.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(loaded_content):
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"text": "Sent from another website."})
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("/about/", "/about/"),
        ("/search/?q=a+family+name", "/search/"),
        ("https://elsewhere.example/", ""),
        ("//elsewhere.example/page/", ""),
        ("/\\elsewhere.example/", ""),
        ("javascript:alert(1)", ""),
        ("about/", ""),
        ("/" + "a" * 500, ""),
    ],
)
def test_only_a_path_on_this_site_is_kept_as_the_page(given, kept):
    assert page_path(given) == kept


def test_the_feedback_pages_are_not_kept_as_the_page_feedback_is_about(client, loaded_content):
    send(client, page=URL)
    assert Feedback.objects.get().page == ""


def test_the_service_refuses_empty_and_too_long_feedback():
    for text in ("", " ", "x" * (FEEDBACK_MAX_LENGTH + 1)):
        with pytest.raises(ValidationError):
            services.send_feedback(text=text)
    with pytest.raises(ValidationError):
        services.send_feedback(text="Fine.", email="not an address")
    assert Feedback.objects.count() == 0


# The programme team's listing ----------------------------------------------------------------


@pytest.fixture
def sent():
    return [
        services.send_feedback(
            text="The milestone dates were hard to enter.",
            email="lead@council.example",
            page="/milestones/",
        ),
        services.send_feedback(text="Thank you for the stories."),
    ]


@pytest.fixture
def programme_team_member(db):
    """An editor in Wagtail's Moderators group, as the demo's programme lead is."""
    user = UserFactory(username="programme-lead")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "admin", "admin@example.invalid", "not-a-real-password"
    )


def test_the_programme_team_reads_the_feedback_in_the_admin(client, sent, programme_team_member):
    client.force_login(programme_team_member)
    response = client.get(ADMIN_LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The milestone dates were hard to enter." in html
    assert "Thank you for the stories." in html
    assert "/milestones/" in html and "lead@council.example" in html
    assert "Page they came from" in html and "Sent" in html
    # Newest first.
    assert html.index("Thank you for the stories.") < html.index("The milestone dates")
    found = client.get(ADMIN_LISTING, {"q": "milestone"}).content.decode()
    assert "The milestone dates" in found and "Thank you for the stories." not in found
    inspect = client.get(reverse("feedback:inspect", args=[sent[0].pk]))
    assert inspect.status_code == 200
    assert "The milestone dates were hard to enter." in inspect.content.decode()


def test_the_feedback_menu_item_shows_only_to_those_who_may_read_it(
    client, sent, programme_team_member
):
    client.force_login(programme_team_member)
    assert '"url": "/admin/feedback/"' in client.get("/admin/").content.decode()
    editor = UserFactory(username="editor-only")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert '"url": "/admin/feedback/"' not in client.get("/admin/").content.decode()


def test_a_superuser_reads_the_feedback(client, sent, superuser):
    client.force_login(superuser)
    response = client.get(ADMIN_LISTING)
    assert response.status_code == 200
    assert "Thank you for the stories." in response.content.decode()


def test_a_user_given_only_the_view_permission_reads_the_feedback(client, sent):
    user = UserFactory(username="reader")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_feedback"),
    )
    client.force_login(user)
    assert client.get(ADMIN_LISTING).status_code == 200


def test_an_ordinary_council_user_is_refused(client, sent, wb_lead):
    client.force_login(wb_lead)
    response = client.get(ADMIN_LISTING)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    inspect = client.get(reverse("feedback:inspect", args=[sent[0].pk]))
    assert inspect.status_code == 302 and inspect["Location"].startswith("/admin/login/")


def test_an_admin_user_without_the_permission_is_refused(client, sent):
    editor = UserFactory(username="editor-only")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    for url in (ADMIN_LISTING, reverse("feedback:inspect", args=[sent[0].pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url


def test_nobody_adds_changes_or_deletes_feedback_in_the_admin(client, sent, superuser):
    client.force_login(superuser)
    listing = client.get(ADMIN_LISTING).content.decode()
    assert reverse("feedback:add") not in listing
    assert reverse("feedback:edit", args=[sent[0].pk]) not in listing
    for url in (
        reverse("feedback:add"),
        reverse("feedback:edit", args=[sent[0].pk]),
        reverse("feedback:delete", args=[sent[0].pk]),
    ):
        assert client.get(url).status_code == 302, url
        assert client.post(url, {"text": "Changed."}).status_code == 302, url
    assert Feedback.objects.count() == 2
    assert Feedback.objects.filter(text="Changed.").count() == 0
