from django.apps import AppConfig


class OfficialStatisticsConfig(AppConfig):
    # Not "statistics": site/ comes first on sys.path, so that name would shadow the standard
    # library's statistics module, which Django's SQLite backend and random import.
    name = "official_statistics"
    verbose_name = "Official statistics"
    # Read by core.page_cache: each import's record marks a whole import, which the public
    # outcomes pages and statistics blocks show (the figures themselves are written in bulk).
    public_content_models = ("StatisticsImport",)

    def ready(self):
        from official_statistics import checks  # noqa: F401  (registers the catalogue check)

    def navigation_links(self, request) -> list[dict]:
        """Read by core's navigation: the public outcomes pages, for everyone, beside the
        published kit's sections."""
        from core.choices import NavigationArea

        return [{"title": "Outcomes", "path": "/outcomes/", "area": NavigationArea.KIT}]
