from django.core.management.base import BaseCommand

from cohorts.due_dates import send_reminders


class Command(BaseCommand):
    help = (
        "Remind councils of a round due within 14 days, and of an overdue round. Run daily: "
        "each reminder is sent once, however often this runs."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} reminder{'' if sent == 1 else 's'}.")
