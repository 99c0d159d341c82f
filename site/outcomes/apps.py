from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Local returns and fidelity against outcomes"

    def navigation_links(self, request) -> list[dict]:
        """Read by core's service navigation: local returns for council members and reviewers,
        and the statistics upload for those who may use it (official_statistics, just before
        this app, offers the public outcomes pages)."""
        from cohorts.permissions import navigation_roles
        from official_statistics.permissions import can_import_statistics

        is_member, is_reviewer = navigation_roles(request)
        links = []
        if is_member or is_reviewer:
            links.append({"title": "Local returns", "path": "/returns/"})
        if can_import_statistics(user=getattr(request, "user", None)):
            links.append({"title": "Upload statistics", "path": "/statistics/upload/"})
        return links
