from django import forms

from core.choices import ImplementationStage
from resources.choices import Audience, ResourceType


class ResourceFilterForm(forms.Form):
    """The library's filters: a plain GET form, so they work without JavaScript."""

    element = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Element"
    )
    audience = forms.MultipleChoiceField(
        required=False,
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Audience",
    )
    stage = forms.MultipleChoiceField(
        required=False,
        choices=ImplementationStage.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Implementation stage",
    )
    resource_type = forms.MultipleChoiceField(
        required=False,
        choices=ResourceType.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Resource type",
    )

    def __init__(self, *args, elements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = [(element.slug, element.title) for element in elements]
