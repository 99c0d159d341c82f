from django import forms

from wagtail.admin.forms import WagtailAdminPageForm

from practice.rules import BASIS_FIELDS, BASIS_REQUIRED


class StoryPageForm(WagtailAdminPageForm):
    """Refuses to publish (or keep live) a story that does not say what its publication rests on."""

    def clean(self):
        cleaned_data = super().clean()
        # Submitting for moderation leads to publishing when approved, so it counts too.
        # A new page starts with live=True in memory; only a saved page's liveness counts.
        already_live = self.instance.pk is not None and self.instance.live
        publishing = "action-publish" in self.data or "action-submit" in self.data or already_live
        if publishing:
            for field in BASIS_FIELDS:
                if not str(cleaned_data.get(field) or "").strip():
                    self.add_error(field, forms.ValidationError(BASIS_REQUIRED, code="basis"))
        return cleaned_data
