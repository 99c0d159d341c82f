from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and invitations"

    def navigation_links(self, request) -> list[dict]:
        """Read by core's service navigation: a signed-in person's home and account."""
        if request.user.is_authenticated:
            return [
                {"title": "Your home", "path": "/home/", "order": -1},
                {"title": "Your account", "path": "/account/"},
            ]
        return []
