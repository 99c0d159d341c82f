from django.core.management.base import BaseCommand

from fidelity.services import carry_over_submitted_plans


class Command(BaseCommand):
    help = (
        "Once, after upgrading: each council's latest submitted round takes over the open "
        "actions of the round before, as submitting it now would. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        rounds = carry_over_submitted_plans()
        for assessment in rounds:
            self.stdout.write(f"{assessment}: the plan of the round before carried over")
        self.stdout.write(f"{len(rounds)} round{'s' if len(rounds) != 1 else ''} took a plan over.")
