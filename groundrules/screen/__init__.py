"""Ground-rule screen: decides whether an idea may touch a ground rule and must be held for a moderator.

Pure Python (``re`` only, no Django): transparent, per-rule detectors of regexes with named guards for
innocent look-alikes, plus the watch phrases a facilitator typed for each rule.

    >>> default_screen().screen("we're at 14 an hour on the renewal").rules
    ['pricing']
"""

from .engine import DEFAULT_RULES, Screen, default_screen
from .model import Hit, RuleSpec, ScreenResult

__all__ = ["DEFAULT_RULES", "Hit", "RuleSpec", "Screen", "ScreenResult", "default_screen"]
