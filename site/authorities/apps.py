from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Councils"

    def content_sources(self):
        """Read by core's load_content: the register of councils is loaded with the pages."""
        from authorities.register import RegisterContent

        return [RegisterContent()]

    def load_demo_data(self, data: dict) -> None:
        """Read by core's load_demo_data after the users exist, in the same transaction."""
        from authorities.demo_data import load_demo_authorities

        load_demo_authorities(data)
