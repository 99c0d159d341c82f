from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts and milestones"

    def content_sources(self):
        """Read by core's load_content: the milestone template is loaded with the pages."""
        from cohorts.milestone_file import MilestoneContent

        return [MilestoneContent()]

    def load_demo_data(self, data: dict) -> None:
        """Read by core's load_demo_data after councils and assessments exist."""
        from cohorts.demo_data import load_demo_cohorts

        load_demo_cohorts(data)
