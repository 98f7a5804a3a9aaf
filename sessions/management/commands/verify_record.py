"""`manage.py verify_record SESSION`: check a session's tamper-evident record, entry by entry.

Exit status 0 and "ok" when every hash holds; 1 and the first entry that does not, otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from sessions.models import Session
from sessions.services.record import record_verify


class Command(BaseCommand):
    help = "Check that a session's hash-chained record has not been changed."

    def add_arguments(self, parser):
        parser.add_argument("session", type=int, help="the session's id")

    def handle(self, *args, **options):
        session = Session.objects.filter(pk=options["session"]).first()
        if session is None:
            raise CommandError(f"No session with id {options['session']}.")
        result = record_verify(session=session)
        if not result.ok:
            raise CommandError(f"Session {session.pk}: the record is broken: {result.problem}.", returncode=1)
        self.stdout.write(f"ok: session {session.pk}, {result.length} entries, final hash {result.head}")
