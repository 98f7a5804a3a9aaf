"""Rule `pricing`: prices, rates, discounts, margins, bids, fees, what a vendor charges its client."""

from __future__ import annotations

from .common import (
    AMOUNT,
    BARE_FIGURE,
    CONSUMER_SIDE,
    FIGURE,
    FUZZ,
    HAS_DIGIT,
    HAS_FIGURE,
    HAS_NUMBER,
    HAS_TIME_UNIT,
    METRIC_CONTEXT,
    NUM,
    NUM_WORDS,
    PER_HOUR_OR_MIN,
    PERCENT,
    REFUSAL,
    STAFF,
    VAGUE_TENS,
    WAGE_CUE,
    WHAT,
    YOU,
    trigger,
)

# --- Innocent look-alikes ----------------------------------------------------------------------------
# Figurative price/cost/discount/margin/bid/rate: "the price of burnout", "don't discount a rep's idea",
# "margin for error", "bid farewell", "shift bid", "at this rate", "first rate idea", "reps rate the TL".
FIGURATIVE_PRICE_WORDS = (
    r"(?:price\s+(?:of\s+admission|to\s+pay)|(?:the|a)\s+price\s+of\s+(?!(?:an?\s+|per\s+)?(?:hour|seat|fte"
    r"|minute)|\w+\s+(?:is|was|runs)\s+\$)|at\s+what\s+price|put\s+a\s+price\s+on|price\s+we\s+pay\s+for"
    r"|discount(?:s|ed|ing)?\s+(?:nobody|no\s*one|any(?:one|body)?|the\s+(?:power|value|idea)|a\s+rep|their"
    r"|his|her)|margin\s+(?:for|of)\b|margin\s+between|bid(?:ding)?\s+(?:farewell|goodbye|adieu)"
    r"|shift\s+bid|(?:vacation|schedule|pto)\s+bid|bidding\s+wars?\s+for\s+talent|at\s+this\s+rate"
    r"|first[- ]rate|\b(?:heart|success|error|growth|pass|hit|win|close|response|answer|abandon\w*"
    r"|attrition|retention|turnover|churn|conversion|resolution|completion|adherence|occupancy"
    r"|utili[sz]ation|absentee\w*|participation|graduation|engagement|survey|save|transfer|escalation"
    r"|repeat|contact|fcr|burn)\s+rates?|rates?\s+of\b|rate\s+(?:the|their|each|every|it|them|us|how"
    r"|our\s+(?:coach|tl|sup))|(?:reps|agents|they|we|customers)\s+rate\b|in\s+charge|charge\s+(?:into"
    r"|ahead|up)|free\s+of\s+charge\s+for\s+reps)"
)
# Anything on the end customer's side, or someone declining to talk prices.
NOT_OUR_PRICE = rf"(?:{FIGURATIVE_PRICE_WORDS}|{CONSUMER_SIDE}|{REFUSAL})"
# A figure next to pay for staff, or an internal cost: the proprietary rule owns it, not pricing.
WAGE_OR_COST_CONTEXT = (
    r"(?:\b(?:pay(?:ing)?|paid|make|makes|making|earn\w*|start(?:ing)?(?:\s+at)?|get|gets|bump\w*|rais\w*"
    rf"|mov\w+|go\w*)\s+(?:\w+\s+){{0,2}}?{STAFF}\b|\b{STAFF}\s+(?:\w+\s+){{0,2}}?(?:make|makes|earn\w*|get"
    r"|gets|are\s+at|start\s+at|paid|to\s+start)|\bwage|salar|starting\s+pay|\bpay\s+(?:rate|scale|band)"
    r"|shift\s+diff|differential|we'?re\s+paying|\bwe\s+pay\b|\bcosts?\s+us\b|all[- ]in\b|fully[- ]loaded"
    r"|loaded\s+cost|internal\s+cost|cost\s+per\s+(?:seat|fte|agent|head|hire)|per\s+seat\s+in|raise|merit)"
)

# Business the price is for: a channel, a site location, a deal.
LINE_OF_WORK = (
    r"(?:onshore|offshore|nearshore|domestic|voice|chat|email|e-mail|bilingual|spanish|tier\s*\d"
    r"|back\s*office|overflow|renewal|the\s+bid|the\s+rfp|the\s+deal|new\s+logo|the\s+program"
    r"|that\s+program|the\s+account)"
)
# Deal talk around a bare figure: a line of work, a deal, a competitor, a position ("under", "at", "flat").
DEAL_CONTEXT = (
    r"\b(?:deal|renewal|rfp|(?:re-?)?bids?|bidding|come\s+in|coming\s+in|licitaci\w+|came\s+down|come\s+down|went\s+down|quot\w*|logo"
    r"|clients?|account|onshore|offshore|nearshore|domestic|bilingual|spanish|english|voice|chat|email"
    r"|healthcare|retail|telco|insurance|banking|fintech|utilit\w+|market|incumbent|went\s+with"
    r"|take\s+it\s+or\s+leave|going\s+rate|flat|and\s+change|lower\s+than|higher\s+than|below|under|above"
    r"|hourly|rates?|pric\w*|charg\w*|bill\w*|number|came\s+in|go(?:ing)?\s+in|sitting|holding|getting"
    r"|per\s+(?:hour|hr|min\w*|call|seat|fte)|an\s+(?:hour|hr)|a\s+min)\b"
)
# Vendor price words; each needs a figure near it (see PRICE_WORD_WITH_FIGURE).
PRICE_WORD = (
    r"\b(?:pric(?:e|es|ed|ing)|price\s+point|rates?|bill\s+rates?|rate\s+card|hourly|fees?|charg(?:e|es|ed"
    r"|ing)|bill(?:s|ed|ing)?|margins?|mark-?ups?|marking\s+up|discount(?:s|ed|ing)?|rebates?|surcharges?"
    r"|premium|quot(?:e|es|ed|ing)|bid(?:s|ding)?|proposal|ebitda|ebit|profit|per[- ](?:hour|minute|min|call"
    r"|transaction|ticket|chat|contact|fte|seat|agent))\b"
)

# A number that is a label, not a figure: "tier 1", "level 2", "week 3", "phase 2", "wave 4". The
# lookahead first skips every position that cannot start a number, so the lookbehinds stay cheap.
LABEL_WORDS = (
    "tier level step phase wave round week day module version cohort batch grade floor room class option"
    " number top chapter"
).split()
NOT_A_LABEL = r"(?=[\d.efnost])(?<!\btier)" + "".join(rf"(?<!\b{word}\s)" for word in LABEL_WORDS)
# Programs a company runs for its own people, which may "cost" or be "priced" without a client involved.
INTERNAL_PROGRAM = (
    r"\b(?:recognition|coaching|training|wellness|culture|swag|mentor\w*|onboarding|shout-?outs?|awards?"
    r"|kudos|morale|engagement|appreciation|celebration)\b"
)
# An amount that is money, not a count ("100k minutes", "5k calls").
MONEY_AMOUNT = (
    rf"{AMOUNT}(?!\s*(?:calls|contacts|chats|tickets|mins|minutes|emails|interactions|transactions|members"
    r"|customers|subscribers|users|accounts|followers|views|steps|surveys|reviews|agents|reps|people|seats))"
)
# Deal talk near an amount: a client, a deal, a line of work, a unit of billing.
DEAL_WORDS = (
    r"\b(?:deal|renewal|rfp|rfq|(?:re-?)?bids?|bidding|bidder|licitaci\w+|quot\w*|logo|clients?|account|program|line"
    r"|queue|work|book|business|contract|onshore|offshore|nearshore|domestic|bilingual|spanish|voice|chat"
    r"|email|back\s+office|tier\s*\d|healthcare|retail|telco|insurer|insurance|bank|banking|utility|airline"
    r"|fintech|government|govt|state|flat|fixed\s+fee|monthly\s+fee|per[- ]\w+"
    r"|an?\s+(?:hour|hr|min|minute|seat|fte|call|month|case|resolution|sale|claim|order|lead|booking"
    r"|conversation|contact|ticket)|settl\w+\s+at|lands?\s+at|sits?\s+at"
    r"|/\s?(?:hr|h|min|mo|month|seat|fte)|(?:they|client)\s+(?:pay|pays|paid)|pays?\s+us|charg\w*|bill\w*"
    r"|pric\w*|rates?|came\s+in|went\s+in|landed|match)\b"
)
# Money that is not a vendor price: spending on the team, prizes, donations, refunds, customers' fees.
NOT_A_SALE = (
    r"\b(?:gift|cards?|coffee|lunch|pizza|prize|raffle|donat\w*|rais(?:ed|ing)\s+\$|charity|fund|tip|tips"
    r"|thanks|swag|snacks?|party|parties|budget\s+for\s+(?:team|fun|recognition)|spent|spend\s+on|offered\s+a"
    r"|refund\w*|bill\s+was|their\s+bill|statement|fee\s+for\s+paper|customer|callers?|subscriber)"
)

TRIGGERS = (
    # "we're at 14 an hour", "0.85 a min", "19 and change an hour", "twenty two an hour", "$22/hr".
    trigger(
        "a rate per hour or per minute",
        rf"(?:{AMOUNT}|(?<![\w.:/]){NUM}|\b{NUM_WORDS}|\b{VAGUE_TENS}){FUZZ}\s*{PER_HOUR_OR_MIN}",
        unless=rf"(?:{WAGE_OR_COST_CONTEXT}|{NOT_OUR_PRICE})",
        near=50,
        gate=HAS_TIME_UNIT,
    ),
    # "our pricing for bilingual is about 20% above", "raise our rates 5%", "setup fee of 15k".
    trigger(
        "a price, rate, fee, margin, discount or bid with a figure",
        rf"{PRICE_WORD}(?:'s)?(?:\s+\S+){{0,6}}?\s+(?:of\s+|at\s+|is\s+|around\s+|about\s+|like\s+)?{FIGURE}"
        rf"|{FIGURE}{FUZZ}\s+(?:\S+\s+){{0,4}}?{PRICE_WORD}",
        unless=rf"(?:{NOT_OUR_PRICE}|\bfrom\s+billing|\bbill(?:ing)?\s+(?:to|team|support|dep\w*|reps|agents"
        r"|disputes?|questions?|queue|errors?|issues?|calls?)|(?:nps|csat|aht|fcr|qa|attrition)\b)",
        near=40,
        gate=(
            HAS_FIGURE,
            r"pric|rate|hourly|fee|charg|bill|margin|mark|discount|rebate|surcharge|premium|quot|bid|proposal|ebit|profit|per",
        ),
    ),
    # "what's everyone charging per hour?", "what do you all bill for bilingual", "how much do u charge".
    trigger(
        "asks what others charge",
        rf"\b(?:{WHAT}(?:\s+is|\s+are|\s+r|\s+do|\s+does)?|how\s+much(?:\s+(?:are|r|do|is"
        r"|does))?)\s+(?:\w+\s+){0,3}?(?:charg\w*|asking|bill(?:ing)?|quot\w*|pric\w*|bidd?\w*|getting\s+(?:for"
        r"|per|on)|get\s+(?:for|per)|marking\s+up|mark\s+up|going\s+in\s+at|\w+\s+rates?\b)",
        requires=rf"\b{YOU}\b",
        unless=NOT_OUR_PRICE,
    ),
    # "are u guys charging per seat or per hour?", "yall quoting under 20?": second person and a price verb.
    trigger(
        "asks others about their prices",
        rf"\b{YOU}(?:\s+guys|\s+all|\s+lot)?\s+(?:\w+\s+)?(?:charg\w*|quot\w*|bill(?:ing)?|pric(?:e|ing)"
        r"|bid(?:ding)?|going\s+in|coming\s+in|asking)\b",
        requires=r"\?|\b(?:what|wat|how\s+much|per|an\s+hour|under|over|below|above|for\s+(?:voice|chat|email"
        r"|spanish|bilingual|offshore|nearshore|onshore))\b",
        unless=NOT_OUR_PRICE,
        near=40,
    ),
    # "we'd go as low as 14.5", "lowest we'd go is 17", "our walk-away number", "floor price is 15".
    trigger(
        "a price floor",
        r"\b(?:go|goes|going|went|come|came|get|got|drop|dropped)\s+as\s+low\s+as\b|\blowest\s+(?:we|we'?d"
        r"|we'?ll|they|you|u|anyone)\b|\bwalk[- ]?away\s+(?:number|price|point|rate)|\bfloor\s+(?:price|rate)"
        r"|\bbottom\s+(?:dollar|price|rate)\b|\bgoing\s+price\b",
        unless=NOT_OUR_PRICE,
    ),
    # "how low are you guys going on the per-minute stuff?", "how low can we go".
    trigger("asks how low others go on price", r"\bhow\s+low\s+(?:are|will|would|do|can|did)\b"),
    # "knocked a buck fifty off", "took two bucks off the hourly", "came down a buck", "dropped 75 cents".
    trigger(
        "a price concession",
        r"\b(?:knock\w*|shav\w*|took|take|taking|drop\w*|came\s+down|come\s+down|coming\s+down|cut\w*"
        rf"|lop\w*|lower\w*|trim\w*|went\s+down)\s+(?:\w+\s+){{0,3}}?(?:{AMOUNT}|a\s+(?:buck|dollar)"
        rf"|{NUM}\s*cents?)|\b(?:knock\w*|shav\w*|took|take)\s+(?:\w+\s+){{0,3}}?off\s+(?:the"
        r"|our)\s+(?:hourly|rate|price|bill)",
        unless=rf"(?:{CONSUMER_SIDE}|{WAGE_OR_COST_CONTEXT})",
        gate=rf"{HAS_FIGURE}|\boff\b",
    ),
    # "sharpen the pencil", "sweeten the deal", "undercut the incumbent", "matched the competitor's quote".
    trigger(
        "price-cutting to win or keep business",
        r"\bsharpen\w*\s+(?:the|our|my|a)\s+pencils?|\bsweeten\w*\s+(?:the|our)\s+(?:deal|offer|pot)"
        r"|\b(?:under-?cut\w*|under-?bid\w*|out-?bid\w*|low-?ball\w*|under-?pric\w*)\b|\bmatch\w*\s+(?:the"
        r"|their|a|his|her|that)\s+(?:\w+'?s?\s+)?(?:quote|price|rate|bid|offer|number)"
        r"|\brace\s+to\s+the\s+bottom|\bprice\s+war",
        unless=r"\bunder-?cut\w*\s+(?:the|your|our|their|a)?\s*(?:tls?|leads?|sup\w*|manager|authority"
        r"|coach\w*|trust)",
    ),
    # "our bill rate for healthcare is on the high side at 27": unambiguous price words, a figure further on.
    trigger(
        "a bill rate or rate card with a figure",
        r"\b(?:bill(?:ing)?\s+rates?|rate\s+cards?|price\s+points?|unit\s+price|hourly\s+rates?|(?:our"
        rf"|my)\s+pricing)\b(?:\s+\S+){{0,10}}?\s+(?:at\s+|is\s+|of\s+)?{FIGURE}",
        unless=NOT_OUR_PRICE,
        gate=(HAS_FIGURE, r"bill|rate|price|pricing"),
    ),
    # "we gave them 15% off the first six months", "20 percent off for the pilot".
    trigger(
        "a percentage off",
        rf"{PERCENT}\s+off\b(?!\s+(?:its|the|their)\s+(?:peak|high|record|best|worst))",
        unless=rf"(?:{CONSUMER_SIDE}|attrition|aht|csat|nps|turnover|absentee)",
        gate=HAS_DIGIT,
    ),
    # "we went with someone at 17", "came in a little under 19 on the renewal", "getting 30+ for healthcare":
    # a bare figure next to deal talk, when nothing around it makes it a metric, a count or a time.
    trigger(
        "a bare figure in deal talk",
        NOT_A_LABEL + BARE_FIGURE,
        requires=DEAL_CONTEXT,
        unless=rf"(?:{METRIC_CONTEXT}|{WAGE_CUE}|{WAGE_OR_COST_CONTEXT}|{NOT_OUR_PRICE})",
        near=45,
        gate=HAS_NUMBER,
    ),
    # "$4.10 per call for the collections line", "€24 an hour in Lisbon for the bank", "85k a month flat":
    # an amount of money (with a currency or a money word) where deal talk is near.
    trigger(
        "an amount of money in deal talk",
        MONEY_AMOUNT,
        requires=DEAL_WORDS,
        unless=rf"(?:{WAGE_OR_COST_CONTEXT}|{NOT_OUR_PRICE}|{NOT_A_SALE})",
        near=50,
        gate=HAS_FIGURE,
    ),
    # "we priced the AI tier at half a seat", "pricing it at cost", "price chat per resolved contact".
    trigger(
        "setting a price",
        r"\bpric(?:e|es|ed|ing)\s+(?:the|our|it|them|this|that|those|these|each|every|chat|voice|email)\s+"
        r"(?:\S+\s+){0,4}?(?:at|per|by\s+the|under|below|above|around|near)\b",
        unless=rf"(?:{NOT_OUR_PRICE}|{INTERNAL_PROGRAM})",
    ),
    # "we're the cheapest bidder", "lowest bid by a mile", "we were the high bid".
    trigger(
        "where a bid or price ranked",
        r"\b(?:cheapest|lowest|highest|priciest|low|high)\s+(?:\w+\s+)?(?:bidders?|bids?|quotes?|prices?"
        r"|vendors?\s+on\s+price|offers?|proposals?|options?\s+on\s+the\s+(?:table|rfp))\b",
        unless=NOT_OUR_PRICE,
    ),
    # "8% EBIT on the telco book", "operating margin is thin", "contribution margin".
    trigger(
        "profit on the vendor's business",
        r"\bebit(?:da)?\b|\b(?:operating|net|gross|contribution|profit)\s+(?:margins?|profits?)\b"
        r"|\bgross\s+profit\b",
    ),
    # "they pay per resolved contact now, 4 bucks each", "we bill by the minute".
    trigger(
        "a unit price or billing model",
        rf"{AMOUNT}\s+(?:each|a\s+pop|apiece|per\s+\w+|an?\s+(?:call|contact|chat|ticket|transaction|seat"
        r"|head|fte|interaction|email|minute|min|hour|hr|month|year|case|resolution|sale|claim|order|lead"
        r"|booking|conversation|enquiry|inquiry))\b|\b(?:pay|pays|paid|bill|bills"
        r"|billed|charge|charges|charged)\s+(?:us\s+|them\s+)?(?:per|by\s+the)\s+(?:\w+\s+)?(?:contact|call"
        r"|minute|transaction|ticket|hour|seat|fte|chat|interaction|email|head)\b",
        unless=rf"(?:{CONSUMER_SIDE}|{WAGE_OR_COST_CONTEXT}|gift|card|lunch|prize|raffle)",
    ),
    # "we sold it at a loss", "we priced ourselves out of that one", "charge double time for holidays".
    trigger(
        "selling below cost or pricing talk without a figure",
        r"\bat\s+a\s+loss\b|\bloss[- ]leader|\bbreak[- ]even\b|\bpriced\s+(?:ourselves|us|them|it)\s+(?:out"
        r"|too|right)|\b(?:over|under)-?priced\b|\bcharg\w*\s+(?:them\s+|the\s+client\s+)?(?:double|triple"
        r"|time\s+and\s+a\s+half|extra|more|less|a\s+premium)|\bon\s+the\s+house\b|\bfree\s+(?:months?"
        r"|weeks?|hours|days|period|trial|pilot|ramp|training|nesting|setup|implementation)\b"
        r"|\bgoing\s+rate\b",
        unless=rf"(?:{NOT_OUR_PRICE}|praise|thank|recognition|shout|lunch|pizza|coffee|parking|for\s+reps)",
    ),
    # "we threw in the training hours for free", "first month free", "waived the ramp fees".
    trigger(
        "free work or waived fees to win a deal",
        r"\b(?:threw|throw\w*|toss\w*)\s+in\b.{0,40}?\b(?:free|no\s+(?:charge|cost)|nothing|on\s+us)\b"
        r"|\b(?:at|for)\s+(?:no|zero)\s+(?:extra\s+|additional\s+)?(?:charge|cost)\b|\bgratis\b"
        r"|\bfree\s+of\s+charge\b|\bwaiv\w+\s+(?:the\s+|our\s+|all\s+)?(?:\w+\s+)?fees?"
        r"|\bfirst\s+(?:\w+\s+)?(?:months?|weeks?|days?|hours?)\s+(?:free|on\s+us|at\s+cost|for\s+nothing)"
        r"|\b(?:months?|weeks?|hours?|training|nesting|ramp|setup|implementation|pilot)\s+(?:for\s+)?free\b"
        r"|\b(?:ate|eat|eating|absorb\w*|swallow\w*)\s+(?:all\s+)?(?:the\s+"
        r"|of\s+the\s+)?(?:\w+\s+)?(?:training|nesting|ramp|setup|implementation|launch)\s+(?:hours|costs?"
        r"|fees?)|\b(?:client|they)\s+paid\s+nothing|\b(?:at|below|under)\s+cost\b(?!\s+of)|\bget\s+(?:in"
        r"|our\s+foot\s+in)\s+the\s+door",
        unless=r"\b(?:reps?|agents?|employees?|staff|lunch|swag|pizza|coffee|food|snacks?|hoodies|parking)\b",
        near=40,
    ),
    # "outcome based pricing", "zero margin", "a sweetheart rate", "the number we put on the table":
    # price vocabulary that is commercial on its own in this room (figurative uses are guarded).
    trigger(
        "talk of the vendor's prices or margins",
        r"\b(?:blended|bill|billed)\s+hourly\b|\b(?:our|their|the)\s+hourly\b(?=\s+(?:for|on|is|was|went|goes|to|at|by|across"
        r"|in|rate)\b|\s*[,.;?!]|\s*$)|\bpric(?:ing|ed)\b|\bfixed[- ](?:price|fee)\b|\bmargins?\b|\b(?:sweetheart|blended|half|special|flat|hourly|bill|billing|our"
        r"|their|your|my)\s+rates?\b|\b(?:our|the|blended|their|your)\s+number\s+(?:we|they|on|for|is|was"
        r"|were|at)\b|\bour\s+number\b|\bon\s+the\s+table\b|\bcharg\w*\s+(?:clients?|them|the\s+client"
        r"|for\s+(?:\w+\s+){0,2}(?:training|nesting|ramp|setup|hours|overtime|backfill))|\b(?:cheaper"
        r"|pricier|more\s+expensive|less\s+expensive)\s+than\s+(?:the\s+)?(?:\w+\s+)?(?:guys|them"
        r"|competitors?|vendors?|others|anyone|everyone|incumbent)|\b(?:bleeding|losing\s+money|underwater"
        r"|under\s+water)\s+on\s+(?:that|the|this)\b|\bmet\s+them\s+(?:halfway|in\s+the\s+middle)"
        r"|\bsplit\s+the\s+difference|\b(?:deep|steep|heavy|our)\s+discount|\bdiscount\w*\s+heavily"
        r"|\b(?:got|get|push\w*|beat|talk\w*|knock\w*|squeez\w*)\s+us\s+down\b|\b(?:same|new|final|best"
        r"|lower|higher)\s+number\b(?!\s+of)|\bnumber\s+to\s+(?:the\s+)?client|\b(?:came|come|went|go"
        r"|going)\s+down\s+to\s+\$?\d",
        unless=rf"(?:{NOT_OUR_PRICE}|number\s+(?:one|1)\b|our\s+number\s+(?:of|for\s+(?:csat|nps|qa|aht"
        r"|attrition))|rates?\s+(?:at\s+which|of)\b)",
    ),
    # "16.50", "$3.90": dollars and cents, said without a currency or a unit.
    trigger(
        "a figure in dollars and cents",
        r"(?<![\w.$])\$?\d{1,3}\.\d{2}(?![\d%]|\s*(?:%|percent|points?|min\w*|sec\w*|hours?|stars?"
        r"|out\s+of|rating|x\b))",
        unless=rf"(?:{WAGE_CUE}|{WAGE_OR_COST_CONTEXT}|{NOT_OUR_PRICE}|attrition|hiring|csat|nps|score"
        r"|rating|version)",
        gate=HAS_DIGIT,
    ),
    # "we're holding firm at 26 onshore", "holding at 25 for onshore", "we're at 18 on that bid".
    trigger(
        "a price position on a line of work",
        r"\b(?:hold\w*\s+(?:firm\s+|the\s+line\s+)?at|sitting\s+at|going\s+in\s+at|came\s+in\s+at|in\s+at"
        rf"|is\s+at|are\s+at|we'?re\s+at|go|hold\s+the\s+line\s+at)\s+\$?{NUM}{FUZZ}\s+(?:(?:for"
        rf"|on)\s+)?(?:that\s+|the\s+|our\s+)?{LINE_OF_WORK}",
        unless=rf"(?:{WAGE_OR_COST_CONTEXT}|{PERCENT}|csat|nps|qa|aht|fcr)",
        gate=HAS_DIGIT,
    ),
    # "we price email at 2.10 per ticket", "cost plus 15", "markup on pass-through", "EBITDA".
    trigger(
        "cost-plus, markup or margin talk",
        r"\bcost[- ]plus\b|\bmark-?ups?\b|\bmarking\s+up\s+(?:the|our)|\bebitda\b|\bgross\s+margins?\b"
        r"|\bprofit\s+(?:on|margin)\s+(?:that|the|this|our|each)\b|\bmargins?\s+on\s+(?:\w+\s+){0,2}(?:pro"
        r"grams?|accounts?|clients?|deals?|voice|chat|email|work)",
        unless=r"margins?\s+(?:for|of)\s+error",
    ),
    # "raising our rates in Q1", "we'll be raising our hourly", "lowering rates for the holiday program".
    trigger(
        "a change to the vendor's prices",
        r"\b(?:rais\w*|increas\w*|bump\w*|hik\w*|lower\w*|cut\w*|drop\w*|reduc\w*|discount\w*|freez\w*"
        r"|lock\w*|hold\w*\s+(?:down|flat)|adjust\w*)\s+(?:our\s+|the\s+|their\s+|your\s+|all\s+)?(?:bill\s+|hourly\s+)?(?:rates?|prices?"
        r"|pricing|hourly|fees?|rate\s+card)\b|\b(?:our|my)\s+(?:bill\s+)?(?:rates?|prices?|pricing"
        r"|fees?)\s+(?:\S+\s+){0,8}?(?:bump|increase|go\s+up|goes\s+up|went\s+up|hike|rise|move|moved"
        r"|lower|cut|drop)",
        unless=NOT_OUR_PRICE,
    ),
    # "anyone else bidding the big airline RFP?", "we're bidding on the DMV contract next month".
    trigger(
        "a bid on a deal",
        r"\b(?:bid(?:s|ding)?|rebid\w*|tender\w*)\s+(?:on\s+|for\s+)?(?:the|an?|that"
        r"|this)\s+(?:\w+\s+){0,3}?(?:rfp|rfq|contract|deal|account|work|program|business|renewal"
        r"|project)\b|\b(?:our|the|their|your|my)\s+(?:bid|proposal|quote)\s+(?:for|on|to)\s+(?:the|a"
        r"|that)\b",
        unless=FIGURATIVE_PRICE_WORDS,
    ),
    # "we'll be 5% cheaper than whatever X bids", "a couple bucks under the other guys".
    trigger(
        "pricing against competitors",
        rf"(?:{AMOUNT}|{PERCENT})\s+(?:\w+\s+){{0,2}}?(?:cheaper|lower|less|under|below|above|higher"
        r"|more)\s+(?:than\s+)?(?:the\s+other|everyone|everybody|the\s+incumbent|whatever|competitors?|ours"
        r"|theirs|yours|us\b|the\s+winn\w+|winning|the\s+field|the\s+rest"
        r"|the\s+competition|them|english|(?:the\s+)?market|last\s+(?:time|year|round|contract)|before"
        r"|the\s+going\s+rate)",
        unless=rf"(?:{CONSUMER_SIDE}|{WAGE_OR_COST_CONTEXT}|{METRIC_CONTEXT})",
        gate=(HAS_FIGURE, r"cheap|lower|less|under|below|above|higher|more|over"),
    ),
)
