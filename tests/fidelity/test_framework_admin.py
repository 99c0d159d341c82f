"""The framework in the Wagtail admin: frozen versions, copies, the current version, reloads."""

import html
import json
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from fidelity.choices import AssessmentStatus, Level
from fidelity.framework_file import stored_framework
from fidelity.framework_services import copy_framework, is_frozen, make_current
from fidelity.models import Answer, Assessment, Domain, FrameworkVersion, Indicator
from tests.fidelity.factories import (
    AssessmentFactory,
    DomainFactory,
    FrameworkVersionFactory,
    IndicatorFactory,
)

pytestmark = pytest.mark.django_db


def url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def framework(db):
    """A small framework of this module's own, in place of the real one (the pages stay)."""
    FrameworkVersion.objects.all().delete()
    version = FrameworkVersionFactory(version="2025-1", title="Fidelity framework")
    for domain_order, domain_slug in enumerate(("teams", "practice")):
        domain = DomainFactory(
            framework=version,
            slug=domain_slug,
            weight=domain_order + 1,
            sort_order=domain_order,
            description=f"About {domain_slug}.",
        )
        for order in range(2):
            IndicatorFactory(
                domain=domain,
                slug=f"{domain_slug}-{order}",
                weight=order + 1,
                critical=order == 0,
                reference_level=order + 1,
                allows_na=order == 1,
                descriptor_1=f"Partly, {domain_slug} {order}.",
                sort_order=order,
            )
    return version


def assess(framework, status=AssessmentStatus.DRAFT):
    return AssessmentFactory(framework=framework, status=status)


@pytest.fixture
def frozen(framework):
    assess(framework, AssessmentStatus.SUBMITTED)
    return framework


# Services -------------------------------------------------------------------------------


def test_a_version_without_assessments_or_with_drafts_only_is_not_frozen(framework):
    assert not is_frozen(framework)
    assess(framework)
    assert not is_frozen(framework)


@pytest.mark.parametrize(
    "status", [AssessmentStatus.SUBMITTED, AssessmentStatus.VALIDATED, AssessmentStatus.RETURNED]
)
def test_a_version_used_beyond_a_draft_is_frozen(framework, status):
    assess(framework)
    assess(framework, status)
    assert is_frozen(framework)
    assert not is_frozen(FrameworkVersionFactory())


def test_copy_framework_copies_every_domain_and_indicator(frozen):
    copy = copy_framework(framework=frozen, version="2026-1", title="Fidelity framework 2026")

    assert (copy.version, copy.title, copy.is_current) == (
        "2026-1",
        "Fidelity framework 2026",
        False,
    )
    original, copied = stored_framework(frozen), stored_framework(copy)
    assert copied.spec.domains == original.spec.domains
    assert copied.spec.thresholds == original.spec.thresholds
    assert copied.domain_descriptions == original.domain_descriptions
    assert copied.indicator_text == original.indicator_text
    assert set(copy.indicators.values_list("domain__framework", flat=True)) == {copy.pk}
    assert Indicator.objects.filter(framework=frozen).count() == 4  # the original is untouched
    assert not is_frozen(copy)


def test_copy_framework_keeps_the_title_when_none_is_given(framework):
    assert copy_framework(framework=framework, version="2026-1").title == framework.title


def test_copy_framework_refuses_a_version_already_used(framework):
    with pytest.raises(ValueError, match="Version 2025-1 already exists"):
        copy_framework(framework=framework, version="2025-1")
    assert FrameworkVersion.objects.count() == 1
    assert Domain.objects.count() == 2


def test_make_current_leaves_one_current_version(framework):
    make_current(framework=framework)
    other = FrameworkVersionFactory()
    make_current(framework=other)
    assert list(FrameworkVersion.objects.filter(is_current=True)) == [other]
    make_current(framework=other)  # again: no change, no error
    assert FrameworkVersion.objects.filter(is_current=True).count() == 1


# The admin -------------------------------------------------------------------------------


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(username="admin", password="x")


@pytest.fixture
def moderator():
    """A programme lead: a member of Wagtail's Moderators group, as the migration grants."""
    user = get_user_model().objects.create_user(username="lead", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user(username="editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture(params=["superuser", "moderator", "editor"])
def lead_client(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_group_lists_the_framework_for_programme_leads(lead_client, framework):
    domain = framework.domains.first()
    indicator = framework.indicators.first()
    pages = [
        url(FrameworkVersion, "list"),
        url(FrameworkVersion, "edit", framework.pk),
        url(FrameworkVersion, "inspect", framework.pk),
        url(FrameworkVersion, "copy_version", framework.pk),
        url(FrameworkVersion, "make_current", framework.pk),
        url(FrameworkVersion, "add"),
        url(Domain, "list"),
        url(Domain, "list") + f"?framework={framework.pk}",
        url(Domain, "list") + "?q=teams",
        url(Domain, "edit", domain.pk),
        url(Domain, "add"),
        url(Indicator, "list"),
        url(Indicator, "list") + "?q=practice",
        url(Indicator, "edit", indicator.pk),
        url(Indicator, "add"),
    ]
    for page in pages:
        response = lead_client.get(page)
        assert response.status_code == 200, page
    listing = page_text(lead_client.get(url(FrameworkVersion, "list")))
    assert "2025-1" in listing and "Copy as new version" in listing and "Make current" in listing
    assert "Fidelity framework" in page_text(lead_client.get(reverse("wagtailadmin_home")))


def test_council_users_get_no_admin_access(client, framework):
    client.force_login(get_user_model().objects.create_user(username="council", password="x"))
    for page in (url(Indicator, "list"), url(FrameworkVersion, "copy_version", framework.pk)):
        response = client.get(page)
        assert response.status_code == 302 and "login" in response["Location"]


def indicator_form(indicator, **changes):
    data = {
        "domain": indicator.domain_id,
        "title": indicator.title,
        "slug": indicator.slug,
        "weight": indicator.weight,
        "reference_level": indicator.reference_level,
        "descriptor_0": indicator.descriptor_0,
        "descriptor_1": indicator.descriptor_1,
        "descriptor_2": indicator.descriptor_2,
        "evidence_prompt": indicator.evidence_prompt,
        "reference_source": indicator.reference_source,
        "reference_basis": indicator.reference_basis,
        "sort_order": indicator.sort_order,
        **({"critical": "on"} if indicator.critical else {}),
        **({"allows_na": "on"} if indicator.allows_na else {}),
    }
    data.update(changes)
    return data


def test_editing_a_frozen_versions_indicator_changes_nothing_and_says_why(lead_client, frozen):
    indicator = frozen.indicators.first()
    edit = url(Indicator, "edit", indicator.pk)

    assert "Copy it as a new version" in page_text(lead_client.get(edit))  # warned up front
    response = lead_client.post(edit, indicator_form(indicator, title="A new title"))

    assert response.status_code == 200
    text = page_text(response)
    assert "Framework version 2025-1 is used by submitted assessments" in text
    assert "Copy it as a new version and edit the copy" in text
    indicator.refresh_from_db()
    assert indicator.title != "A new title"


def test_a_frozen_versions_domain_and_version_refuse_changes_too(superuser_client, frozen):
    domain = frozen.domains.first()
    response = superuser_client.post(
        url(Domain, "edit", domain.pk),
        {
            "framework": frozen.pk,
            "title": "Renamed",
            "slug": domain.slug,
            "description": domain.description,
            "weight": domain.weight,
            "sort_order": domain.sort_order,
        },
    )
    assert "is used by submitted assessments" in page_text(response)
    response = superuser_client.post(
        url(FrameworkVersion, "edit", frozen.pk),
        {"version": "2025-1", "title": "Renamed", "green_threshold": 70, "amber_threshold": 40},
    )
    assert "is used by submitted assessments" in page_text(response)
    response = superuser_client.post(
        url(Indicator, "add"),
        indicator_form(frozen.indicators.first(), slug="brand-new"),
    )
    assert "is used by submitted assessments" in page_text(response)
    frozen.refresh_from_db()
    assert frozen.title == "Fidelity framework" and frozen.green_threshold == 80
    assert frozen.domains.first().title != "Renamed"
    assert not Indicator.objects.filter(slug="brand-new").exists()


def test_editing_a_version_used_only_by_drafts_works(lead_client, framework):
    assess(framework)
    indicator = framework.indicators.get(slug="teams-0")
    practice = framework.domains.get(slug="practice")

    response = lead_client.post(
        url(Indicator, "edit", indicator.pk),
        indicator_form(
            indicator, title="A new title", descriptor_2="All of it.", domain=practice.pk
        ),
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.title, indicator.descriptor_2) == ("A new title", "All of it.")
    assert indicator.domain == practice and indicator.framework == framework


def test_an_indicator_without_a_reference_basis_is_refused(lead_client, framework):
    indicator = framework.indicators.get(slug="teams-0")

    response = lead_client.post(
        url(Indicator, "edit", indicator.pk), indicator_form(indicator, reference_basis="  ")
    )

    assert response.status_code == 200
    assert "This field is required" in page_text(response)
    indicator.refresh_from_db()
    assert indicator.reference_basis


def test_adding_an_indicator_takes_its_version_from_its_domain_and_keeps_slugs_unique(
    superuser_client, framework
):
    domain = framework.domains.get(slug="practice")
    template = framework.indicators.get(slug="practice-0")

    response = superuser_client.post(url(Indicator, "add"), indicator_form(template))
    assert "already has an indicator practice-0" in page_text(response)

    response = superuser_client.post(
        url(Indicator, "add"), indicator_form(template, slug="practice-9", sort_order=9)
    )
    assert response.status_code == 302
    assert Indicator.objects.get(slug="practice-9").framework == domain.framework


def test_deleting_a_frozen_versions_rows_is_refused(superuser_client, frozen):
    indicator = frozen.indicators.first()
    for model, row in (
        (Indicator, indicator),
        (Domain, indicator.domain),
        (FrameworkVersion, frozen),
    ):
        delete = url(model, "delete", row.pk)
        response = superuser_client.get(delete, follow=True)
        assert "is used by submitted assessments" in page_text(response)
        response = superuser_client.post(delete, follow=True)
        assert response.status_code == 200
        assert "is used by submitted assessments" in page_text(response)
        assert model.objects.filter(pk=row.pk).exists()


def test_deleting_an_answered_indicator_of_a_draft_is_refused_not_an_error(
    superuser_client, framework
):
    indicator = framework.indicators.first()
    Answer.objects.create(assessment=assess(framework), indicator=indicator, level=Level.FULL)

    response = superuser_client.post(url(Indicator, "delete", indicator.pk), follow=True)

    assert response.status_code == 200
    assert "cannot be deleted: assessments (drafts included) use it" in page_text(response)
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    response = superuser_client.post(url(FrameworkVersion, "delete", framework.pk), follow=True)
    assert "cannot be deleted" in page_text(response)
    assert FrameworkVersion.objects.filter(pk=framework.pk).exists()


def test_bulk_deleting_a_frozen_versions_indicators_is_refused(superuser_client, frozen):
    ids = list(frozen.indicators.values_list("pk", flat=True))
    bulk = (
        reverse("wagtail_bulk_action", args=("fidelity", "indicator", "delete"))
        + "?"
        + "&".join(f"id={pk}" for pk in ids)
    )

    response = superuser_client.post(bulk, follow=True)

    assert "is used by submitted assessments" in page_text(response)
    assert Indicator.objects.filter(pk__in=ids).count() == len(ids)


def test_deleting_an_unused_indicator_works(superuser_client, framework):
    indicator = framework.indicators.first()
    response = superuser_client.post(url(Indicator, "delete", indicator.pk))
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_copy_as_new_version_view_creates_the_copy(lead_client, frozen):
    page = url(FrameworkVersion, "copy_version", frozen.pk)

    response = lead_client.post(page, {"version": "2025-1", "title": ""})
    assert response.status_code == 200
    assert "Version 2025-1 already exists" in page_text(response)

    response = lead_client.post(page, {"version": "2026-1", "title": "Framework 2026"})
    copy = FrameworkVersion.objects.get(version="2026-1")
    assert response.status_code == 302
    assert response["Location"] == url(FrameworkVersion, "edit", copy.pk)
    assert copy.title == "Framework 2026" and not copy.is_current
    assert sorted(copy.indicators.values_list("slug", flat=True)) == sorted(
        frozen.indicators.values_list("slug", flat=True)
    )

    # The copy is not frozen: it can be edited.
    indicator = copy.indicators.first()
    response = lead_client.post(
        url(Indicator, "edit", indicator.pk), indicator_form(indicator, title="Changed")
    )
    assert response.status_code == 302


def test_make_current_view(lead_client, framework):
    make_current(framework=framework)
    other = copy_framework(framework=framework, version="2026-1")
    page = url(FrameworkVersion, "make_current", other.pk)

    assert "Yes, make it current" in page_text(lead_client.get(page))
    response = lead_client.post(page)

    assert response.status_code == 302
    assert list(FrameworkVersion.objects.filter(is_current=True)) == [other]


# Loading the framework file over a version already in the database ----------------------


def indicator_data(slug, **extra):
    return {
        "slug": slug,
        "title": slug.replace("-", " ").capitalize(),
        "descriptors": {"0": "Not in place.", "1": "Partly in place.", "2": "Fully in place."},
        "evidence_prompt": "Which documents show it.",
        "reference_basis": {"source": "none"},
        **extra,
    }


def framework_file(*, extra_team_indicators=(), descriptor_1="Partly in place."):
    teams = ["specialists", "co-located", "psychologist", "managers", *extra_team_indicators]
    return {
        "version": "t-1",
        "title": "Test framework",
        "domains": [
            {
                "slug": "teams",
                "title": "Teams",
                "indicators": [
                    indicator_data(
                        slug,
                        descriptors={"0": "No.", "1": descriptor_1, "2": "Yes."},
                    )
                    for slug in teams
                ],
            },
            {
                "slug": "mi",
                "title": "Motivational interviewing",
                "indicators": [indicator_data(f"mi-{n}") for n in range(4)],
            },
        ],
    }


def load(tmp_path, data):
    path = tmp_path / "fidelity" / "framework.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    out, err = StringIO(), StringIO()
    call_command("load_content", content_dir=tmp_path, stdout=out, stderr=err)
    return out.getvalue()


def load_refused(tmp_path, data) -> str:
    err = StringIO()
    path = tmp_path / "fidelity" / "framework.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_content", content_dir=tmp_path, stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_load_content_refuses_to_change_a_frozen_version(tmp_path, home_page):
    load(tmp_path, framework_file())
    version = FrameworkVersion.objects.get(version="t-1")
    assess(version, AssessmentStatus.SUBMITTED)
    before = stored_framework(version)

    errors = load_refused(tmp_path, framework_file(descriptor_1="Changed words."))

    assert "fidelity/framework.yaml: version: t-1 is used by submitted assessments" in errors
    assert "give the file a new version number" in errors
    assert stored_framework(version) == before
    # The same file again is fine: nothing changes.
    assert "t-1: unchanged" in load(tmp_path, framework_file())


def test_load_content_refuses_to_remove_an_indicator_a_draft_answered(tmp_path, home_page):
    load(tmp_path, framework_file(extra_team_indicators=["extra"]))
    extra = Indicator.objects.get(slug="extra")
    Answer.objects.create(assessment=assess(extra.framework), indicator=extra, level=Level.PARTIAL)

    errors = load_refused(tmp_path, framework_file())

    assert "indicator extra: assessments of version t-1 have answered it" in errors
    assert Indicator.objects.filter(pk=extra.pk).exists()


def test_load_content_updates_a_version_in_place_keeping_answered_indicators(tmp_path, empty_site):
    load(tmp_path, framework_file(extra_team_indicators=["unanswered"]))
    specialists = Indicator.objects.get(slug="specialists")
    assessment = assess(specialists.framework)
    answer = Answer.objects.create(
        assessment=assessment, indicator=specialists, level=Level.PARTIAL
    )

    data = framework_file(extra_team_indicators=["new-one"], descriptor_1="Reworded.")
    data["domains"].reverse()  # reordered too
    assert "t-1: updated" in load(tmp_path, data)

    specialists.refresh_from_db()
    assert specialists.descriptor_1 == "Reworded."
    assert Answer.objects.get(pk=answer.pk).indicator_id == specialists.pk
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Indicator.objects.filter(slug="unanswered").exists()
    assert Indicator.objects.filter(slug="new-one", domain__slug="teams").exists()
    assert list(Domain.objects.order_by("sort_order").values_list("slug", flat=True)) == [
        "mi",
        "teams",
    ]
    assert "t-1: unchanged" in load(tmp_path, data)


def test_the_current_version_cannot_be_deleted(superuser_client, framework):
    make_current(framework=framework)
    response = superuser_client.post(url(FrameworkVersion, "delete", framework.pk), follow=True)
    assert "make another version current before deleting it" in page_text(response)
    assert FrameworkVersion.objects.filter(pk=framework.pk).exists()


def test_an_empty_version_cannot_be_made_current(superuser_client, framework):
    make_current(framework=framework)
    empty = FrameworkVersionFactory()
    response = superuser_client.post(url(FrameworkVersion, "make_current", empty.pk), follow=True)
    assert "has no indicators yet" in page_text(response)
    assert FrameworkVersion.objects.get(is_current=True) == framework


def test_an_unused_version_can_be_deleted_with_its_rows(superuser_client, framework):
    response = superuser_client.post(url(FrameworkVersion, "delete", framework.pk))
    assert response.status_code == 302
    assert not Indicator.objects.exists() and not Domain.objects.exists()
