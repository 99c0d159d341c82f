import json

from django.core.management.base import BaseCommand, CommandError

from fidelity.selectors import FrameworkUnavailable, current_framework, framework_as_dict


class Command(BaseCommand):
    help = "Show the current fidelity framework (--json for the machine-readable form)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the framework as JSON.")

    def handle(self, *args, **options):
        try:
            document = current_framework()
        except FrameworkUnavailable as error:
            raise CommandError(str(error)) from error
        data = framework_as_dict(document)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(f"{document.spec.title} {data['version']}")
        for domain in data["domains"]:
            self.stdout.write(f"\n{domain['title']} ({domain['slug']}, weight {domain['weight']})")
            for i in domain["indicators"]:
                flags = [f"weight {i['weight']}", f"reference {i['reference_level']}"]
                flags += ["critical"] * i["critical"] + ["n/a allowed"] * i["allows_na"]
                self.stdout.write(f"  {i['slug']}: {i['title']} ({', '.join(flags)})")
