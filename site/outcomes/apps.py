from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes and official statistics"

    def navigation_links(self, request) -> list[dict]:
        """Read by core's service navigation: public outcomes for everyone, local returns for
        council members and reviewers."""
        from cohorts.selectors import navigation_roles

        links = [{"title": "Outcomes", "path": "/outcomes/"}]
        if any(navigation_roles(request)):
            links.append({"title": "Local returns", "path": "/returns/"})
        return links
