"""The default ground rules every new session starts from (the facilitator may edit them)."""

ANTITRUST_STATEMENT = (
    "This meeting brings together competitors. We meet only to share practices that make customer "
    "service better for everyone. We do not discuss, and will stop any discussion of: prices, pricing "
    "plans, discounts, costs and margins; terms of sale, contracts, credit and payment; bids; wages and "
    "compensation; capacity, sites and expansion plans; the allocation of customers or territories; or "
    "any company's future plans or confidential information. There is no 'any other business': we follow "
    "the written agenda. Counsel may attend. Minutes record who attended and what was discussed. Anyone "
    "may put on the brakes at any time, and no side conversations take place."
)

DEFAULT_RULES: list[dict] = [
    {
        "slug": "pricing",
        "title": "No pricing",
        "description": "No prices, rates, discounts, margins, fees or bids: not ours, not anyone else's.",
    },
    {
        "slug": "contract_terms",
        "title": "No contract terms",
        "description": (
            "No terms and conditions, SLAs, penalties and credits, clawbacks, renewal or payment terms, "
            "or incentives agreed with a client."
        ),
    },
    {
        "slug": "proprietary",
        "title": "Nothing proprietary",
        "description": (
            "No confidential client information, unreleased plans, wages or raises, capacity and site "
            "plans, customers or territories, or internal costs."
        ),
    },
]
