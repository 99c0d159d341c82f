from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and invitations"

    def ready(self):
        from accounts.middleware import forget_two_factor_check  # it needs the models loaded

        user_logged_in.connect(forget_two_factor_check, dispatch_uid="accounts.two_factor")

    def navigation_links(self, request) -> list[dict]:
        """Read by core's service navigation: a signed-in person's home and account."""
        if request.user.is_authenticated:
            return [
                {"title": "Your home", "path": "/home/", "order": -1},
                {"title": "Your account", "path": "/account/"},
            ]
        return []
