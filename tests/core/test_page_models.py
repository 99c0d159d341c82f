"""The page tree: which page types go where, and a factory for every page model."""

from django.apps import apps

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import factory
import pytest

from core.models import HomePage, StandardPage
from fidelity.models import MethodologyPage
from practice.models import (
    ElementPage,
    ImpactPage,
    ModelOverviewPage,
    RoleIndexPage,
    RolePage,
    StoryIndexPage,
    StoryPage,
)
from resources.models import ResourceIndexPage, ResourcePage
from tests.core import factories as core_factories
from tests.fidelity import factories as fidelity_factories
from tests.practice import factories as practice_factories
from tests.resources import factories as resource_factories

FACTORY_MODULES = (core_factories, practice_factories, resource_factories, fidelity_factories)


def test_every_page_model_has_a_factory():
    page_models = {
        model for model in apps.get_models() if issubclass(model, Page) and model is not Page
    }
    factory_models = {
        value._meta.model
        for module in FACTORY_MODULES
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, factory.Factory)
        and value._meta.model is not None
    }
    missing = sorted(model.__name__ for model in page_models - factory_models)
    assert not missing, f"Page models without a factory: {missing}"


class TestPageTree(WagtailPageTestCase):
    def test_home_page_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                ModelOverviewPage,
                RoleIndexPage,
                StoryIndexPage,
                ImpactPage,
                ResourceIndexPage,
                MethodologyPage,
            },
        )

    def test_home_page_only_under_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_sections_sit_under_home(self):
        for model in (
            ModelOverviewPage,
            RoleIndexPage,
            StoryIndexPage,
            ImpactPage,
            ResourceIndexPage,
        ):
            self.assertAllowedParentPageTypes(model, {HomePage})

    def test_section_children(self):
        self.assertAllowedSubpageTypes(ModelOverviewPage, {ElementPage})
        self.assertAllowedSubpageTypes(RoleIndexPage, {RolePage})
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})

    def test_leaf_pages(self):
        for model in (ElementPage, RolePage, StoryPage, ResourcePage, ImpactPage):
            self.assertAllowedSubpageTypes(model, set())

    def test_leaf_pages_only_under_their_section(self):
        self.assertAllowedParentPageTypes(ElementPage, {ModelOverviewPage})
        self.assertAllowedParentPageTypes(RolePage, {RoleIndexPage})
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})

    def test_standard_pages_nest(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(ModelOverviewPage, StandardPage)


@pytest.mark.django_db
def test_sections_are_single_instances(empty_site):
    overview = practice_factories.ModelOverviewPageFactory(parent=empty_site)
    assert not ModelOverviewPage.can_create_at(empty_site)
    assert ElementPage.can_create_at(overview)
