from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Councils"

    def load_demo_data(self, data: dict) -> None:
        """Read by core's load_demo_data after the users exist, in the same transaction."""
        from authorities.demo_data import load_demo_authorities

        load_demo_authorities(data)
