"""The default ground rules every new session starts from (the facilitator may edit them).

The rules' titles and descriptions live in the rule files (groundrules/rules/<slug>.toml) beside the
patterns and examples that screen for them, so what participants agree to and what the screen holds
cannot drift apart. Sessions created before a default changes keep the version they agreed to.
"""

from .screen.rules import load_rule_files

ANTITRUST_STATEMENT = (
    "This meeting brings together competitors. We meet only to share practices that make customer "
    "service better for everyone, and antitrust law applies to everything said here. We do not discuss, "
    "and will stop at once any discussion of: prices, rates, fees, discounts, costs and margins, and bids; "
    "contract terms with clients, such as payment, credit, notice, renewal, exclusivity, penalties and "
    "incentives; confidential information of any company or client; wages, raises, bonuses and benefits, "
    "or any agreement not to hire or solicit each other's people; dividing customers, accounts or "
    "territories, or who bids for what; seats, headcount or output, and any coordination of capacity; "
    "any company's future plans such as entering or leaving markets, opening or closing sites, "
    "acquisitions or upcoming price changes; and any joint refusal to deal with a supplier, client or "
    "competitor. There is no 'any other business': we follow the written agenda. Counsel may attend. "
    "Minutes record who attended and what was discussed. Anyone may put on the brakes at any time, and "
    "no side conversations take place."
)

DEFAULT_RULES: list[dict] = [
    {"slug": rule.slug, "title": rule.title, "description": rule.description}
    for rule in load_rule_files().values()
]
