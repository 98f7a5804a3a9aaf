"""Ground-rule screen: decides whether an idea may touch a ground rule and must be held for a moderator.

No Django here. Three sources of hits, all compiled once per rules version: the built-in rules' patterns
(readable rule files, ``groundrules/rules/*.toml``, compiled to RE2 so matching is linear-time), the
facilitator's watch phrases, and a small learned model (``scorer.json.gz``) for phrasing no pattern
names. docs/screen.md describes the rule files and how the model is trained and measured.

    >>> default_screen().screen("let's all agree not to go below last year's rates").rules[0]
    'pricing'
"""

from .engine import DEFAULT_RULES, Screen, default_screen
from .model import Hit, RuleSpec, ScreenResult
from .scorer import ModelFileError

__all__ = ["DEFAULT_RULES", "Hit", "ModelFileError", "RuleSpec", "Screen", "ScreenResult", "default_screen"]
