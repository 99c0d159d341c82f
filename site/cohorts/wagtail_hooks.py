"""Cohorts in the Wagtail admin: the programme team sets who adopts together and who reviews them.

Cohorts are programme settings, not council data: council answers, plans and results stay on
the site's scoped pages, never in the admin.
"""

from django import forms

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cohorts.models import Cohort


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = "Cohorts"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "programme", "start_date"]
    search_fields = ["name", "programme"]
    panels = [
        FieldPanel("name"),
        FieldPanel("programme"),
        FieldPanel("start_date"),
        InlinePanel(
            "rounds",
            heading="Round due dates",
            label="Round",
            help_text="Councils and reviewers see each round's due date; late councils are flagged.",
        ),
        FieldPanel("councils", widget=forms.CheckboxSelectMultiple),
        FieldPanel(
            "reviewers",
            widget=forms.CheckboxSelectMultiple,
            help_text=(
                "Reviewers read every council of the cohort and validate or return submissions. "
                "Only members of the Reviewers group are listed."
            ),
        ),
    ]


register_snippet(CohortViewSet)
