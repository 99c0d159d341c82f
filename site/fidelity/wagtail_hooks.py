"""The fidelity framework in the Wagtail admin: programme leads view and edit it as snippets.

A version that a submitted assessment uses is frozen: the forms refuse to change its rows and
the delete views refuse to delete them. "Copy as new version" makes an editable copy, and
"Make current" chooses the version new assessments use.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import router
from django.db.models import Exists, OuterRef
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.generic import FormView, TemplateView

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from fidelity.choices import AssessmentStatus
from fidelity.framework_services import copy_framework, frozen_message, is_frozen, make_current
from fidelity.models import Assessment, Domain, FrameworkVersion, Indicator

FRAMEWORK_MODELS = (FrameworkVersion, Domain, Indicator)


def framework_of(instance: FrameworkVersion | Domain | Indicator) -> FrameworkVersion:
    return instance if isinstance(instance, FrameworkVersion) else instance.framework


# Forms: a frozen version's rows fail validation, so nothing is saved ---------------------


# What a frozen version may still change: it scores nothing.
UNSCORED_VERSION_FIELDS = {"reference_shown_while_answering"}


class FrameworkVersionForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        if set(self.changed_data) - UNSCORED_VERSION_FIELDS and is_frozen(self.instance):
            self.add_error(None, frozen_message(self.instance))
        green, amber = cleaned_data.get("green_threshold"), cleaned_data.get("amber_threshold")
        if green is not None and amber is not None and not 0 < amber < green <= 100:
            self.add_error("amber_threshold", "Amber must be below green, and both from 1 to 100.")
        return cleaned_data


class FrameworkRowForm(WagtailAdminModelForm):
    """A domain or indicator: neither the version it is in nor the one it goes to may be frozen."""

    def refuse_frozen(self, target: FrameworkVersion | None) -> None:
        frameworks = [self.instance.framework] if self.instance.pk else []
        if target is not None and target not in frameworks:
            frameworks.append(target)
        for framework in frameworks:
            if is_frozen(framework):
                self.add_error(None, frozen_message(framework))
                return

    def require_positive(self, name: str) -> None:
        if name in self.fields:
            self.fields[name].validators.append(MinValueValidator(1))


class DomainForm(FrameworkRowForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Its indicators belong to the same version: a domain cannot move to another one.
            self.fields["framework"].disabled = True
        self.require_positive("weight")

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_frozen(cleaned_data.get("framework"))
        return cleaned_data


class DomainChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Domain) -> str:
        return f"{obj.title} (version {obj.framework.version})"


class IndicatorForm(FrameworkRowForm):
    """The indicator's version is its domain's; slugs are unique within a version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        domains = Domain.objects.select_related("framework").order_by(
            "-framework__created_at", "sort_order"
        )
        if self.instance.pk:
            domains = domains.filter(framework_id=self.instance.framework_id)
        old = self.fields["domain"]
        self.fields["domain"] = DomainChoiceField(
            queryset=domains,
            label=old.label,
            help_text=old.help_text,
            widget=forms.Select,
        )
        self.fields["reference_level"].validators.append(MaxValueValidator(2))
        # Every reference level says what it rests on, as load_content insists for the file.
        self.fields["reference_basis"].required = True
        self.require_positive("weight")

    def clean(self):
        cleaned_data = super().clean()
        domain = cleaned_data.get("domain")
        self.refuse_frozen(domain.framework if domain else None)
        slug = cleaned_data.get("slug")
        if domain is not None:
            self.instance.framework = domain.framework
            if (
                slug
                and Indicator.objects.filter(framework=domain.framework, slug=slug)
                .exclude(pk=self.instance.pk)
                .exists()
            ):
                self.add_error(
                    "slug", f"Version {domain.framework.version} already has an indicator {slug}."
                )
        return cleaned_data


# Views --------------------------------------------------------------------------------


class FrozenWarningEditView(EditView):
    """Says up front that a frozen version's rows cannot be saved."""

    def get(self, request, *args, **kwargs):
        framework = framework_of(self.object)
        if is_frozen(framework):
            messages.warning(request, self.frozen_warning(framework))
        return super().get(request, *args, **kwargs)

    def frozen_warning(self, framework: FrameworkVersion) -> str:
        return frozen_message(framework)


class FrameworkVersionIndexView(IndexView):
    copy_version_url_name = None
    make_current_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("add"):
            buttons.append(
                MenuItem(
                    "Copy as new version",
                    reverse(self.copy_version_url_name, args=[instance.pk]),
                    icon_name="copy",
                    priority=25,
                )
            )
        if not instance.is_current and self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    "Make current",
                    reverse(self.make_current_url_name, args=[instance.pk]),
                    icon_name="tick",
                    priority=26,
                )
            )
        return buttons


class FrameworkVersionEditView(FrozenWarningEditView):
    copy_version_url_name = None
    make_current_url_name = None

    def frozen_warning(self, framework: FrameworkVersion) -> str:
        return (
            f"{frozen_message(framework)} Only whether councils see the model standard while "
            "they answer can still be switched: it changes no score."
        )

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("add"):
            buttons.append(
                Button(
                    "Copy as new version",
                    url=reverse(self.copy_version_url_name, args=[self.object.pk]),
                    icon_name="copy",
                    priority=15,
                )
            )
        if not self.object.is_current and self.user_has_permission("change"):
            buttons.append(
                Button(
                    "Make current",
                    url=reverse(self.make_current_url_name, args=[self.object.pk]),
                    icon_name="tick",
                    priority=16,
                )
            )
        return buttons


class FrameworkVersionActionMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """A view about one framework version, in the admin's furniture."""

    model = FrameworkVersion
    index_url_name = None
    edit_url_name = None
    header_icon = "list-ul"
    action_label = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(FrameworkVersion, pk=kwargs["pk"])

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(FrameworkVersion._meta.verbose_name_plural),
            },
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": self.action_label},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["action_url"] = self.request.path
        context["index_url"] = reverse(self.index_url_name)
        return context


class CopyVersionForm(forms.Form):
    version = forms.CharField(
        max_length=FrameworkVersion._meta.get_field("version").max_length,
        help_text="A version number not used before, such as 2026-2.",
    )
    title = forms.CharField(
        max_length=FrameworkVersion._meta.get_field("title").max_length,
        required=False,
        help_text="Leave blank to keep the copied version's title.",
    )

    def clean_version(self) -> str:
        version = self.cleaned_data["version"].strip()
        if FrameworkVersion.objects.filter(version=version).exists():
            raise forms.ValidationError(
                f"Version {version} already exists: choose another version number."
            )
        return version


class CopyVersionView(FrameworkVersionActionMixin, FormView):
    permission_required = "add"
    form_class = CopyVersionForm
    template_name = "fidelity/admin/copy_version.html"
    action_label = "Copy as new version"

    def get_initial(self):
        return {"title": self.object.title}

    def form_valid(self, form):
        try:
            copy = copy_framework(
                framework=self.object,
                version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
            )
        except ValueError as error:
            form.add_error("version", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Copied {self.object.version} as version {copy.version}. It is not current yet: "
            "edit it, then make it current.",
        )
        return HttpResponseRedirect(reverse(self.edit_url_name, args=[copy.pk]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_button_label"] = "Copy"
        context["submit_button_active_label"] = "Copying…"
        return context


class MakeCurrentView(FrameworkVersionActionMixin, TemplateView):
    permission_required = "change"
    template_name = "fidelity/admin/make_current.html"
    action_label = "Make current"

    def post(self, request, *args, **kwargs):
        if not self.object.indicators.exists():
            messages.error(
                request,
                f"Version {self.object.version} has no indicators yet: add its domains and "
                "indicators before making it current.",
            )
            return HttpResponseRedirect(reverse(self.edit_url_name, args=[self.object.pk]))
        make_current(framework=self.object)
        messages.success(
            request, f"Version {self.object.version} is now the one new assessments use."
        )
        return HttpResponseRedirect(reverse(self.index_url_name))


# Viewsets -----------------------------------------------------------------------------


class FrameworkVersionViewSet(SnippetViewSet):
    model = FrameworkVersion
    icon = "list-ul"
    menu_label = "Versions"
    index_view_class = FrameworkVersionIndexView
    edit_view_class = FrameworkVersionEditView
    copy_view_enabled = False  # "Copy as new version" copies the domains and indicators too
    inspect_view_enabled = True
    list_display = [
        "version",
        "title",
        BooleanColumn("is_current", label="Current"),
        BooleanColumn("frozen", label="Frozen (used by submitted assessments)"),
        BooleanColumn(
            "reference_shown_while_answering", label="Model standard shown while answering"
        ),
        "created_at",
    ]
    list_filter = ["is_current"]
    search_fields = ["version", "title"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("version"), FieldPanel("title")], heading="Version"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("green_threshold"), FieldPanel("amber_threshold")])],
                heading="RAG thresholds (domain scores)",
            ),
            MultiFieldPanel(
                [FieldPanel("reference_shown_while_answering")],
                heading="While councils answer",
            ),
        ],
        base_form_class=FrameworkVersionForm,
    )

    def get_queryset(self, request):
        submitted = Assessment.objects.filter(framework=OuterRef("pk")).exclude(
            status=AssessmentStatus.DRAFT
        )
        return FrameworkVersion.objects.annotate(frozen=Exists(submitted))

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            copy_version_url_name=self.get_url_name("copy_version"),
            make_current_url_name=self.get_url_name("make_current"),
            **kwargs,
        )

    @property
    def copy_version_view(self):
        return self.construct_view(CopyVersionView)

    @property
    def make_current_view(self):
        return self.construct_view(MakeCurrentView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("copy-version/<int:pk>/", self.copy_version_view, name="copy_version"),
            path("make-current/<int:pk>/", self.make_current_view, name="make_current"),
        ]


class DomainViewSet(SnippetViewSet):
    model = Domain
    icon = "folder-open-inverse"
    menu_label = "Domains"
    edit_view_class = FrozenWarningEditView
    inspect_view_enabled = True
    list_display = ["title", "slug", "framework", "weight", "sort_order"]
    list_filter = ["framework"]
    search_fields = ["title", "slug"]
    edit_handler = ObjectList(
        [
            FieldPanel("framework", widget=forms.Select),
            MultiFieldPanel(
                [FieldPanel("title"), FieldPanel("slug"), FieldPanel("description")],
                heading="Domain",
            ),
            FieldRowPanel([FieldPanel("weight"), FieldPanel("sort_order")], heading="Scoring"),
        ],
        base_form_class=DomainForm,
    )

    def get_queryset(self, request):
        return Domain.objects.select_related("framework").order_by(
            "-framework__created_at", "sort_order"
        )


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "tick-inverse"
    menu_label = "Indicators"
    edit_view_class = FrozenWarningEditView
    inspect_view_enabled = True
    list_display = [
        "title",
        "slug",
        "domain",
        "framework",
        "weight",
        BooleanColumn("critical"),
        "reference_level",
    ]
    list_filter = ["framework", "critical", "allows_na"]
    search_fields = ["title", "slug"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("domain"), FieldPanel("title"), FieldPanel("slug")],
                heading="Indicator",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("weight"), FieldPanel("reference_level")]),
                    FieldRowPanel([FieldPanel("critical"), FieldPanel("allows_na")]),
                    FieldPanel("reference_source"),
                    FieldPanel("reference_basis"),
                ],
                heading="Scoring",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("descriptor_0"),
                    FieldPanel("descriptor_1"),
                    FieldPanel("descriptor_2"),
                ],
                heading="Descriptors",
            ),
            FieldPanel("evidence_prompt"),
            FieldPanel("sort_order"),
        ],
        base_form_class=IndicatorForm,
    )

    def get_queryset(self, request):
        return Indicator.objects.select_related("domain", "framework").order_by(
            "-framework__created_at", "domain__sort_order", "sort_order"
        )


class FrameworkViewSetGroup(SnippetViewSetGroup):
    menu_label = "Fidelity framework"
    menu_icon = "list-ul"
    menu_order = 250
    items = (FrameworkVersionViewSet, DomainViewSet, IndicatorViewSet)


register_snippet(FrameworkViewSetGroup)


# Deleting: refused for a frozen version, and where assessments still point at the rows ----


def deletion_refusal(instances: list) -> str | None:
    for instance in instances:
        framework = framework_of(instance)
        if is_frozen(framework):
            return frozen_message(framework)
        if isinstance(instance, FrameworkVersion) and instance.is_current:
            return (
                f"Version {instance.version} is the current version, which new assessments use: "
                "make another version current before deleting it."
            )
    collector = Collector(using=router.db_for_write(type(instances[0])))
    try:
        collector.collect(instances)
    except (ProtectedError, RestrictedError):
        names = ", ".join(f"'{instance}'" for instance in instances)
        return (
            f"{names} cannot be deleted: assessments (drafts included) use it. Nothing was deleted."
        )
    return None


@hooks.register("before_delete_snippet")
def refuse_deleting_frozen_framework_rows(request, instances):
    """Runs before the delete view (GET and POST) and the bulk delete action."""
    rows = [instance for instance in instances if isinstance(instance, FRAMEWORK_MODELS)]
    if not rows:
        return None
    refusal = deletion_refusal(rows)
    if refusal is None:
        return None
    messages.error(request, refusal)
    return redirect(type(rows[0]).snippet_viewset.get_url_name("list"))
