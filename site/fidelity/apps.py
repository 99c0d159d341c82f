from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "fidelity"
    verbose_name = "Fidelity self-assessment"

    def content_sources(self):
        """Read by core's load_content: the framework is loaded with the pages, all or nothing."""
        from fidelity.framework_file import FrameworkContent

        return [FrameworkContent()]

    def load_demo_data(self, data: dict) -> None:
        """Read by core's load_demo_data after the councils exist, in the same transaction."""
        from fidelity.demo_data import load_demo_assessments

        load_demo_assessments(data)

    def navigation_links(self, request) -> list[dict]:
        """Read by core's service navigation: everyone sees the way in (sign-in follows)."""
        return [{"title": "Self-assessment", "path": "/assessments/"}]
