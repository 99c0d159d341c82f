"""Councils in the Wagtail admin: their codes, region and Family Safeguarding go-live date.

These are public facts about a council. Who belongs to a council (memberships) is not edited
here.
"""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from authorities.models import Authority


class AuthorityViewSet(SnippetViewSet):
    model = Authority
    icon = "site"
    menu_label = "Councils"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["name", "ons_code", "dfe_number", "region", "went_live"]
    search_fields = ["name", "ons_code"]
    panels = [
        FieldPanel("name"),
        FieldPanel("ons_code"),
        FieldPanel("dfe_number"),
        FieldPanel("region", help_text="As DfE names it, e.g. East of England."),
        FieldPanel("went_live"),
        FieldPanel("is_reference"),
    ]


register_snippet(AuthorityViewSet)
