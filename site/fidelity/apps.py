from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "fidelity"
    verbose_name = "Fidelity self-assessment"

    def content_sources(self):
        """Read by core's load_content: the framework is loaded with the pages, all or nothing."""
        from fidelity.framework_file import FrameworkContent

        return [FrameworkContent()]
