from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from core.demo_data import load_demo_users


class Command(BaseCommand):
    help = "Load the illustrative demo logins (never under production settings)."

    def handle(self, *args, **options):
        try:
            logins = load_demo_users(
                fixture=settings.DEMO_FIXTURES, password=settings.DEMO_PASSWORD
            )
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                "Demo logins (illustrative data; sign in at /accounts/login/ or /admin/):"
            )
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.who}")
        self.stdout.write(f"  Password for every demo login: {settings.DEMO_PASSWORD}")
