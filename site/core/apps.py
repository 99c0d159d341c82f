from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core import page_cache
        from core.session_limits import record_sign_in

        page_cache.connect_signals()
        user_logged_in.connect(record_sign_in, dispatch_uid="core.session_limits.record_sign_in")
