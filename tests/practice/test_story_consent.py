"""A family story cannot be published until it says what it rests on: a published account or a
consent record the programme team holds."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from practice.models import StoryPage
from tests.practice.factories import StoryIndexPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_index(empty_site):
    return StoryIndexPageFactory(parent=empty_site)


def story_form(*, basis: str = "", detail: str = "", action: str | None = None) -> dict:
    data = nested_form_data(
        {
            "title": "Anna's story",
            "slug": "annas-story",
            "summary": "How the team helped Anna's family.",
            "body": streamfield([("text", rich_text("<p>What happened.</p>"))]),
            "publication_basis": basis,
            "basis_detail": detail,
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
        }
    )
    if action:  # without one, the admin saves a draft
        data[action] = "action"
    return data


def create_url(parent):
    return reverse("wagtailadmin_pages:add", args=("practice", "storypage", parent.pk))


REFUSAL = "cannot be published until an editor records what it rests on"
DETAIL = "The programme team keeps Anna's signed consent form, dated 3 March 2027."


@pytest.mark.parametrize(("basis", "detail"), [("", ""), ("consent-record", "   "), ("", DETAIL)])
def test_admin_refuses_to_publish_a_story_that_does_not_say_what_it_rests_on(
    admin_client, story_index, basis, detail
):
    response = admin_client.post(
        create_url(story_index), story_form(basis=basis, detail=detail, action="action-publish")
    )

    assert response.status_code == 200  # the form comes back with the errors, nothing lost
    html = response.content.decode()
    assert REFUSAL in html
    assert "Anna&#x27;s story" in html or "Anna's story" in html
    assert not StoryPage.objects.filter(live=True).exists()


def test_admin_saves_a_draft_without_a_basis(admin_client, story_index):
    response = admin_client.post(create_url(story_index), story_form())
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="annas-story")
    assert not story.live


def test_admin_publishes_once_the_basis_is_given_and_the_page_shows_it(
    admin_client, client, story_index
):
    response = admin_client.post(
        create_url(story_index),
        story_form(basis="consent-record", detail=DETAIL, action="action-publish"),
    )
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="annas-story")
    assert story.live
    html = client.get(story.url).content.decode()
    assert "Where this story comes from:</strong> The programme team keeps Anna" in html
    assert "Names and details have been changed" not in html


def test_a_live_story_cannot_lose_its_basis(admin_client, story_index):
    story = StoryPageFactory(parent=story_index, slug="annas-story")
    url = reverse("wagtailadmin_pages:edit", args=(story.pk,))

    response = admin_client.post(url, story_form(basis="published-account", detail=""))

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    story.refresh_from_db()
    assert story.basis_detail


def test_the_model_itself_refuses_other_ways_of_publishing(story_index):
    story = StoryPageFactory(parent=story_index, publication_basis="", live=False)
    revision = story.save_revision()

    with pytest.raises(ValidationError, match="cannot be published"):
        revision.publish()

    story.refresh_from_db()
    assert not story.live


def test_submitting_for_moderation_needs_the_basis_too(admin_client, story_index):
    response = admin_client.post(
        create_url(story_index), story_form(basis="consent-record", action="action-submit")
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not StoryPage.objects.exists()


def test_bulk_publish_refuses_stories_without_a_basis_with_a_message(admin_client, story_index):
    story = StoryPageFactory(parent=story_index, publication_basis="", live=False)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))

    response = admin_client.post(f"{url}?id={story.pk}", {"include_descendants": ""}, follow=True)

    assert response.status_code == 200
    assert "Nothing was published" in response.content.decode()
    story.refresh_from_db()
    assert not story.live


def test_the_published_stories_name_their_publisher_and_make_no_consent_claim(
    client, loaded_content
):
    stories = StoryPage.objects.live()
    assert stories.count() == 3
    for story in stories:
        assert story.publication_basis == "published-account"
        html = client.get(story.url).content.decode()
        assert "West Berkshire Council published" in html
        for claim in ("not his real name", "not her real name", "Names are changed", "consent"):
            assert claim not in html, (story.slug, claim)
