from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import remove_devices


class Command(BaseCommand):
    help = (
        "Reset a person's two-factor authentication (a lost phone): their authenticator app and "
        "recovery codes are removed, and they set up again at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("person", help="their email address or username")

    def handle(self, *args, person, **options):
        users = get_user_model().objects
        matches = list(users.filter(username=person)) or list(users.filter(email__iexact=person))
        if not matches:
            raise CommandError(f"No one has the username or email address {person!r}.")
        if len(matches) > 1:
            names = ", ".join(sorted(user.get_username() for user in matches))
            raise CommandError(
                f"{len(matches)} people have the email address {person!r} ({names}): "
                "give the username instead."
            )
        user = matches[0]
        removed = remove_devices(person=user)
        if removed:
            self.stdout.write(
                f"Reset two-factor authentication for {user.get_username()}: they will set it "
                "up again at their next sign-in, if their role needs it."
            )
        else:
            self.stdout.write(f"{user.get_username()} had no two-factor authentication to reset.")
