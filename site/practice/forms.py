from django import forms

from wagtail.admin.forms import WagtailAdminPageForm

CONSENT_REQUIRED = (
    "A family story cannot be published until an editor confirms that the family consented "
    "and that the story is anonymised."
)


class StoryPageForm(WagtailAdminPageForm):
    """Refuses to publish (or keep live) a story without consent and anonymisation confirmed."""

    def clean(self):
        cleaned_data = super().clean()
        # A new page starts with live=True in memory; only a saved page's liveness counts.
        already_live = self.instance.pk is not None and self.instance.live
        publishing = "action-publish" in self.data or already_live
        if publishing:
            for field in ("consent_confirmed", "anonymised"):
                if not cleaned_data.get(field):
                    self.add_error(field, forms.ValidationError(CONSENT_REQUIRED, code="consent"))
        return cleaned_data
