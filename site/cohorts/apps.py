from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts and milestones"

    def ready(self):
        from cohorts.notices import tell_reviewers_of_submission
        from fidelity.signals import assessment_submitted

        assessment_submitted.connect(
            tell_reviewers_of_submission, dispatch_uid="cohorts-tell-reviewers"
        )

    def content_sources(self):
        """Read by core's load_content: the milestone template is loaded with the pages."""
        from cohorts.milestone_file import MilestoneContent

        return [MilestoneContent()]

    def load_demo_data(self, data: dict) -> None:
        """Read by core's load_demo_data after councils and assessments exist."""
        from cohorts.demo_data import load_demo_cohorts

        load_demo_cohorts(data)

    def assessment_panel(self, request, assessment, page: str, section: str) -> str:
        """Read by fidelity's assessment pages (fidelity.panels): the reviewer's comments."""
        from cohorts.council_review_views import assessment_panel

        return assessment_panel(request, assessment, page, section)

    def navigation_links(self, request) -> list[dict]:
        """Read by core's service navigation: milestones for council members, review for reviewers."""
        from cohorts.permissions import navigation_roles

        is_member, is_reviewer = navigation_roles(request)
        links = []
        if is_member:
            links.append({"title": "Milestones", "path": "/milestones/"})
        if is_reviewer:
            links.append({"title": "Review", "path": "/review/"})
        return links
