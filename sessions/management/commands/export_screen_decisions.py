"""`manage.py export_screen_decisions [--out FILE]`: the moderators' decisions of every session that
opted in (its "share moderation decisions" setting), as labelled JSON Lines without names, to feed
bench/train_screen_model.py."""

import json

from django.core.management.base import BaseCommand

from sessions.models import ModerationDecision
from sessions.screen_quality import decisions_for_training


class Command(BaseCommand):
    help = "Export opted-in sessions' moderation decisions (no names) as training data for the screen."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        decisions = ModerationDecision.objects.filter(idea__session__share_screen_decisions=True)
        rows = decisions_for_training(decisions)
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as out:
                out.writelines(line + "\n" for line in lines)
        else:
            for line in lines:
                self.stdout.write(line)
        self.stderr.write(f"{len(rows)} decisions exported.")
