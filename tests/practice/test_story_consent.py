"""A family story cannot be published until an editor confirms consent and anonymisation."""

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


def story_form(*, consent: bool, anonymised: bool, action: str | None = None) -> dict:
    data = nested_form_data(
        {
            "title": "Anna's story",
            "slug": "annas-story",
            "summary": "How the team helped Anna's family.",
            "body": streamfield([("text", rich_text("<p>What happened.</p>"))]),
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
        }
    )
    if consent:
        data["consent_confirmed"] = "on"
    if anonymised:
        data["anonymised"] = "on"
    if action:  # without one, the admin saves a draft
        data[action] = "action"
    return data


def create_url(parent):
    return reverse("wagtailadmin_pages:add", args=("practice", "storypage", parent.pk))


@pytest.mark.parametrize(("consent", "anonymised"), [(False, False), (True, False), (False, True)])
def test_admin_refuses_to_publish_without_both_confirmations(
    admin_client, story_index, consent, anonymised
):
    response = admin_client.post(
        create_url(story_index),
        story_form(consent=consent, anonymised=anonymised, action="action-publish"),
    )

    assert response.status_code == 200  # the form comes back with the errors, nothing lost
    html = response.content.decode()
    assert "cannot be published until an editor confirms" in html
    assert "Anna&#x27;s story" in html or "Anna's story" in html
    assert not StoryPage.objects.filter(live=True).exists()


def test_admin_saves_a_draft_without_confirmations(admin_client, story_index):
    response = admin_client.post(
        create_url(story_index), story_form(consent=False, anonymised=False)
    )
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="annas-story")
    assert not story.live


def test_admin_publishes_once_both_are_confirmed(admin_client, story_index):
    response = admin_client.post(
        create_url(story_index), story_form(consent=True, anonymised=True, action="action-publish")
    )
    assert response.status_code == 302
    assert StoryPage.objects.get(slug="annas-story").live


def test_a_live_story_cannot_lose_its_confirmations(admin_client, story_index):
    story = StoryPageFactory(parent=story_index, slug="annas-story")
    url = reverse("wagtailadmin_pages:edit", args=(story.pk,))

    response = admin_client.post(url, story_form(consent=True, anonymised=False))

    assert response.status_code == 200
    assert "cannot be published until an editor confirms" in response.content.decode()
    story.refresh_from_db()
    assert story.anonymised


def test_the_model_itself_refuses_other_ways_of_publishing(story_index):
    story = StoryPageFactory(parent=story_index, consent_confirmed=False, live=False)
    revision = story.save_revision()

    with pytest.raises(ValidationError, match="cannot be published"):
        revision.publish()

    story.refresh_from_db()
    assert not story.live


def test_submitting_for_moderation_needs_the_confirmations_too(admin_client, story_index):
    response = admin_client.post(
        create_url(story_index), story_form(consent=True, anonymised=False, action="action-submit")
    )
    assert response.status_code == 200
    assert "cannot be published until an editor confirms" in response.content.decode()
    assert not StoryPage.objects.exists()


def test_bulk_publish_refuses_unconfirmed_stories_with_a_message(admin_client, story_index):
    story = StoryPageFactory(parent=story_index, consent_confirmed=False, live=False)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))

    response = admin_client.post(f"{url}?id={story.pk}", {"include_descendants": ""}, follow=True)

    assert response.status_code == 200
    assert "Nothing was published" in response.content.decode()
    story.refresh_from_db()
    assert not story.live
