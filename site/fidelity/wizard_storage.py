"""formtools storage kept in the database, so the journey survives sessions, browsers and people.

formtools' own storages keep a copy of each step in the session or a cookie: a plain GET can
reset them, two tabs share one slot and another browser sees nothing. Here the answers saved by
``services.save_section`` are the step data, and the section last worked on is the current step.
"""

from django.utils.datastructures import MultiValueDict

from formtools.wizard.storage.base import BaseStorage

from fidelity import context
from fidelity.models import Assessment, Section
from fidelity.selectors import section_values


class AssessmentStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None, *, assessment: Assessment):
        super().__init__(prefix, request, file_storage)
        self.assessment = assessment
        self.data = {}
        # The page shown in this request. Where the council resumes is the section last
        # saved (services.save_section records it), not the last page anyone looked at.
        self._current_step = assessment.current_section or None

    def _get_current_step(self):
        return self._current_step

    def _set_current_step(self, step):
        self._current_step = step

    def _get_extra_data(self):
        return {}

    def _set_extra_data(self, extra_data):
        pass

    def reset(self):
        """Nothing to forget: answers stay saved whatever the browser does."""

    def get_step_data(self, step):
        """A completed section's saved answers as posted data; None for other sections.

        Only completed sections are bound: their data must validate again before submission,
        while a section in progress opens unbound (with its saved answers as initial values)
        so the page does not greet the user with errors.
        """
        section = Section.objects.filter(assessment=self.assessment, key=step).first()
        if section is None or not section.completed:
            return None
        return MultiValueDict(
            {
                f"{step}-{name}": [value]
                for name, value in form_data(step, section_values(self.assessment, step)).items()
            }
            | {f"{step}-revision": [str(section.revision)]}
        )

    def set_step_data(self, step, cleaned_data):
        """The view saved the answers through services.save_section before this is called."""

    def get_step_files(self, step):
        return None

    def set_step_files(self, step, files):
        """Evidence files were stored by services.save_section."""

    def update_response(self, response):
        pass


def form_data(step: str, values: dict) -> dict:
    """Stored section values in the shape a section form posts (unprefixed field names)."""
    if step == context.KEY:
        return context.form_data(values)
    data = {}
    for slug, (level, note) in values.items():
        data[f"{slug}-level"] = level
        data[f"{slug}-note"] = note
    return data


def form_initial(step: str, values: dict) -> dict:
    """Stored section values as a section form's ``initial``."""
    if step == context.KEY:
        return context.form_initial(values)
    initial = {}
    for slug, (level, note) in values.items():
        initial[f"{slug}-level"] = level
        initial[f"{slug}-note"] = note
    return initial
