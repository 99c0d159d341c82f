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
    # Codes and the reference flag decide whose figures and data a council is: only those who
    # may add councils (superusers) set them. The programme team keeps the rest up to date.
    panels = [
        FieldPanel("name"),
        FieldPanel("ons_code", permission="authorities.add_authority"),
        FieldPanel("dfe_number", permission="authorities.add_authority"),
        FieldPanel("region"),
        FieldPanel("went_live"),
        FieldPanel("is_reference", permission="authorities.add_authority"),
    ]


register_snippet(AuthorityViewSet)
