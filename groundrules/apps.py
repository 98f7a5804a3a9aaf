from django.apps import AppConfig


class GroundrulesConfig(AppConfig):
    name = "groundrules"
    verbose_name = "Ground rules"

    def ready(self) -> None:
        # Fail at startup, not at the first idea posted: without its model (or with a broken rule file)
        # the screen would hold far less than it should, and nobody would notice. Raises ModelFileError
        # or PatternError with the file to fix.
        from .screen.scorer import load_scorer

        load_scorer()
