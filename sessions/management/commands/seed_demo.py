"""`manage.py seed_demo`: the demo session from the story (CONTRACTS.md section 1)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sessions.services.demo import demo_seed


class Command(BaseCommand):
    help = "Create, idempotently, the demo think-tank session with its facilitator and participants."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=24, help="number of participants (24)")
        parser.add_argument("--companies", type=int, default=6, help="number of companies (6)")
        parser.add_argument(
            "--password",
            default=settings.DEMO_PASSWORD,
            help=f"password of every demo account ({settings.DEMO_PASSWORD})",
        )
        parser.add_argument("--live", action="store_true", help="start the session (first question current)")
        parser.add_argument(
            "--closed", action="store_true", help="a session that has run, with ideas and action items"
        )
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object on stdout, nothing else"
        )

    def handle(self, *args, **options):
        if options["live"] and options["closed"]:
            raise CommandError("--live and --closed exclude each other.")
        try:
            result = demo_seed(
                participants=options["participants"],
                companies=options["companies"],
                password=options["password"],
                live=options["live"],
                closed=options["closed"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        summary = {
            "session_id": str(result.session.pk),
            "facilitator": result.facilitator.email,
            "participants": [person.email for person in result.participants],
            "password": result.password,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(self.style.SUCCESS(f"Demo session {summary['session_id']}: {result.session.title}"))
        self.stdout.write(f"  facilitator: {summary['facilitator']}")
        self.stdout.write(
            f"  participants: {len(summary['participants'])}, e.g. {summary['participants'][0]}"
        )
        self.stdout.write(f"  password for every demo account: {summary['password']}")
