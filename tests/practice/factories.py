import factory
import wagtail_factories

from practice import models
from practice.choices import Discipline, StoryBasis

SECTION = [("text", "<p>Section text.</p>")]


class ModelOverviewPageFactory(wagtail_factories.PageFactory):
    title = "The model"
    slug = "the-model"
    summary = "The four elements of Family Safeguarding."

    class Meta:
        model = models.ModelOverviewPage


class ElementPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Element {n}")
    summary = "An element of the model."
    core_element = True
    number = factory.Sequence(lambda n: n % 4 + 1)
    what_it_is = SECTION
    why_it_matters = SECTION
    what_good_looks_like = SECTION
    what_changes = SECTION

    class Meta:
        model = models.ElementPage


class RoleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Roles"
    slug = "roles"
    summary = "Who works in a Family Safeguarding team."

    class Meta:
        model = models.RoleIndexPage


class RolePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Role {n}")
    summary = "A role in the team."
    employer = "The council"
    discipline = Discipline.CHILDRENS_SOCIAL_CARE
    what_they_do = SECTION
    who_they_work_with = SECTION
    how_they_work_with_the_team = SECTION

    class Meta:
        model = models.RolePage


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Family stories"
    slug = "stories"
    summary = "Stories of families who worked with a team."

    class Meta:
        model = models.StoryIndexPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Story {n}")
    summary = "A family's story."
    body = [("text", "<p>What happened.</p>")]
    publication_basis = StoryBasis.PUBLISHED_ACCOUNT
    basis_detail = "A council published this account in its report."

    class Meta:
        model = models.StoryPage


class ImpactPageFactory(wagtail_factories.PageFactory):
    title = "Impact and evidence"
    slug = "impact"
    summary = "What the model achieved."
    body = [
        (
            "key_figure",
            {
                "number": "49%",
                "label": "fewer children on plans",
                "source": "DfE",
                "year": 2017,
                "source_url": "",
            },
        )
    ]

    class Meta:
        model = models.ImpactPage
