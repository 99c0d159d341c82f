"""Getting around the kit with only a keyboard."""

import re

import pytest

from practice.models import ElementPage, RolePage, StoryPage
from tests.browser.helpers import (
    assert_focus_is_visible,
    focused_name,
    h1_text,
    tab_to,
    tab_to_and_follow,
)

# site_content brings the transactional database, the loaded content and the live server.
pytestmark = pytest.mark.browser


def test_keyboard_journey_from_home_to_element_role_and_story(page, site_content):
    element = ElementPage.objects.live().get(slug="motivational-interviewing")
    role = element.roles.live().get(slug="consultant-social-worker")
    story = element.stories.live().get(slug="marys-story")
    assert isinstance(role, RolePage) and isinstance(story, StoryPage)

    # Home page: Tab forwards to the featured "Motivational interviewing" link.
    page.goto(site_content + "/")
    assert h1_text(page) == "Family Safeguarding adoption kit"
    tab_to(page, element.title)
    assert_focus_is_visible(page)
    assert focused_name(page) == element.title
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site_content + element.url
    assert h1_text(page) == element.title

    # Element page: on to a role listed under "Roles".
    tab_to_and_follow(page, role.title, max_presses=120)
    assert page.url == site_content + role.url
    assert h1_text(page) == role.title
    assert "Role" in page.locator("main .govuk-caption-l").inner_text()

    # Role page: back to the element through the role's "Elements of the model" list.
    tab_to_and_follow(page, element.title)
    assert page.url == site_content + element.url
    assert h1_text(page) == element.title

    # Element page: the family stories come last in main, so go backwards from the
    # footer with Shift+Tab.
    tab_to_and_follow(page, story.title, backwards=True)
    assert page.url == site_content + story.url
    assert h1_text(page) == story.title
    assert "Family story" in page.locator("main .govuk-caption-l").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_skip_link_moves_to_main_content(new_context, site_content, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(site_content + "/about/")
    skip_link = page.get_by_role("link", name="Skip to main content")

    # Hidden until focused: GOV.UK shrinks it to a 1px clipped box.
    box = skip_link.bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1), box

    page.keyboard.press("Tab")
    assert focused_name(page) == "Skip to main content"
    assert skip_link.evaluate("(el) => el === document.activeElement")
    box = skip_link.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, f"skip link not shown: {box}"
    assert box["y"] >= 0 and box["y"] < page.viewport_size["height"], box
    assert_focus_is_visible(page)

    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main-content'")
    assert page.evaluate("document.querySelector(':target')?.id") == "main-content"
    if javascript:
        # GOV.UK Frontend's skip link module focuses <main> itself.
        assert page.evaluate("document.activeElement.id") == "main-content"

    page.keyboard.press("Tab")
    in_main = page.evaluate("!!document.activeElement.closest('main#main-content')")
    assert in_main, f"Tab after the skip link focused {focused_name(page)!r}, outside <main>"
    # And not something before main, such as the header or breadcrumbs.
    assert focused_name(page) not in {"Skip to main content", "Family Safeguarding", "Home"}


def test_tab_to_fails_rather_than_looping(page):
    """The helper itself: a name that is not on the page fails after max_presses."""
    page.set_content('<a href="#one">One</a> <a href="#two">Two</a>')
    with pytest.raises(pytest.fail.Exception, match=re.escape("pressed 5 times")):
        tab_to(page, "No such link anywhere", max_presses=5)


def test_focus_check_fails_without_a_focus_style(page):
    """The helper itself: a link whose focus style was removed fails the check."""
    page.set_content(
        '<style>a:focus { outline: none }</style><a href="#one">One</a> <a href="#two">Two</a>'
    )
    tab_to(page, "Two")
    with pytest.raises(AssertionError, match="looks the same focused and unfocused"):
        assert_focus_is_visible(page)

    page.set_content(
        '<style>a:focus { outline: 3px solid #fd0 }</style><a href="#one">One</a> <a href="#two">Two</a>'
    )
    tab_to(page, "Two")
    assert_focus_is_visible(page)
