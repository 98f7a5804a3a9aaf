"""`manage.py check_groundrules [FILE] [--session ID]`: screen JSON Lines (CONTRACTS.md section 3).

Reads one JSON object per line with a "text" field (from FILE, or stdin), writes one line per input:
{"text": ..., "held": true|false, "rules": [...]}. Other input fields are ignored.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from groundrules.screen import default_screen
from groundrules.selectors import screen_for_session
from sessions.models import Session


class Command(BaseCommand):
    help = "Screen JSON Lines messages against the default ground rules, or a session's."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="JSON Lines file (default: standard input)")
        parser.add_argument("--session", type=int, help="screen with this session's current ground rules")

    def handle(self, *args, **options):
        screen = self._screen(options["session"])
        stdin = options.get("stdin") or sys.stdin
        source = stdin if options["file"] in (None, "-") else self._open(options["file"])
        unreadable = 0
        try:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                try:
                    text = self._text(line, number)
                except ValueError as error:
                    # Report and go on: one bad line must not cost the screening of the others.
                    self.stderr.write(str(error))
                    unreadable += 1
                    continue
                result = screen.screen(text)
                self.stdout.write(json.dumps({"text": text, "held": result.held, "rules": result.rules}))
        finally:
            if source is not stdin:
                source.close()
        if unreadable:
            raise CommandError(f"{unreadable} line(s) could not be screened (see above).")

    def _screen(self, session_id):
        if session_id is None:
            return default_screen()
        session = Session.objects.filter(pk=session_id).first()
        if session is None:
            raise CommandError(f"No session with id {session_id}.")
        return screen_for_session(session_id=session.pk)

    def _open(self, path):
        try:
            return open(path, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

    def _text(self, line: str, number: int) -> str:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"Line {number} is not JSON: {error.msg}.") from error
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError(f'Line {number} has no "text" string.')
        return record["text"]
