from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Local returns and fidelity against outcomes"

    def navigation_links(self, request) -> list[dict]:
        """Read by core's service navigation: local returns for council members and reviewers
        (official_statistics, just before this app, offers the public outcomes pages)."""
        from cohorts.permissions import navigation_roles

        if any(navigation_roles(request)):
            return [{"title": "Local returns", "path": "/returns/"}]
        return []
