"""Rule `contract_terms`: terms of a vendor-client deal (SLAs, credits, payment, renewal, exclusivity...)."""

from __future__ import annotations

from .common import AMOUNT, CONSUMER_SIDE, HAS_DIGIT, NUM, NUM_WORDS, PERCENT, REFUSAL, STAFF, trigger

# --- Innocent look-alikes ----------------------------------------------------------------------------
# "their SLA with their team is simple" (leadership metaphor), "credit where it's due" (recognition),
# "penalty box culture" and "we don't penalize reps" (internal culture), an end customer's contract,
# "terms like AHT" (jargon), someone declining to talk contracts.
METAPHOR_OR_CULTURE = (
    r"(?:sla\s+(?:with|to|for)\s+(?:their|your|my|our|the|his|her)\s+(?:team|reps|people|agents|floor)"
    r"|credit\s+(?:where|to\s+(?:the|our|my|her|his|their)|for\s+the\s+idea|goes\s+to)|(?:get|gets|got|take"
    r"|took|give|gave|giving|deserve\w*|all\s+the|huge|big|extra)\s+(?:(?!an?\b)\w+\s+)?credit\b(?!\s+of\s+\S*\d)"
    r"|penalty\s+(?:box|kicks?|shots?|shoot-?outs?|area|spot|flags?|minutes)|(?:soccer|football|hockey|rugby"
    r"|game|match|ref(?:eree)?)\b"
    r"|penali[sz]\w*\s+(?:reps?|agents?|people|staff|anyone|them|nobody)|punish\w*|(?:reps?|agents?"
    r"|employees?|staff|people|new\s+hires?|tls?)\s+(?:\w+\s+){0,3}(?:give|gave|giving"
    r"|put\s+in)\s+(?:\w+\s+){0,2}notice)"
)
# The company's own programs for staff have "terms", "rules" and "conditions" too: a bonus program's T&Cs,
# a benefits policy, a contest, a leave policy.
STAFF_PROGRAM = (
    r"(?:(?:bonus|incentive|contest|promo\w*|benefits?|pto|leave|loyalty|referral|recognition|wellness"
    r"|tuition|attendance|gamification)\s+(?:program|plan|policy|scheme|rules?|challenge)|for\s+(?:our\s+)?"
    r"(?:agents|reps|staff|employees|tls|new\s+hires))"
)
# "Exclusive" perks and events for staff: "our exclusive 'coffee with the CEO' spots", "exclusive club".
EXCLUSIVE_PERK = (
    r"exclusive\s+(?:\S+\s+){0,4}?(?:club|event|access|training|interview|content|spots?|perks?|lunch|coffee"
    r"|dinner|session|tour|webinar|swag|party|look|preview|invite)"
)
NOT_OUR_CONTRACT = rf"(?:{METAPHOR_OR_CULTURE}|{CONSUMER_SIDE}|{REFUSAL}|{STAFF_PROGRAM})"
# Words that make a number or an SLA commercial: a deal, its documents, money flowing between companies.
COMMERCIAL = (
    r"(?:penalt\w*|credits?|clause|contract\w*|msa|sow|agreement|sign\w*|agree\w*|negotiat\w*|terms"
    r"|invoice\w*|fees?|billing|at\s+risk|holdback|bonus|client|renewal|%|percent|what|are\s+you|do\s+you"
    r"|your|\bu\b|typical|standard|normal|ramp|kick\s+in|ours)"
)
# A span of time written as digits or words: "90 days", "two weeks", "six months".
SPAN = rf"(?:{NUM}|a|{NUM_WORDS})"
# Rota and leave talk, where "notice", "approval" and "swap" are about staff, not a client deal.
STAFF_SCHEDULING = (
    rf"(?:\bswap\w*|\bshifts?\b|\bschedul\w*|\bpto\b|\bleave\b|\bvacation|\btime\s+off|\bresign\w*|\bquit"
    rf"|\b{STAFF}\s+(?:can|may|need|must|have\s+to))"
)

TRIGGERS = (
    # "net 30", "net60", "net-90".
    trigger("payment terms (net days)", r"\bnet[- ]?\d{1,3}\b(?!\s*(?:points?|new|adds?|hires?|promoter|%))"),
    # "they pay us in 60", "75 days after invoice", "have 45 days to pay", "got them off 120 days".
    trigger(
        "how and when the client pays",
        r"\bpays?\s+us\s+(?:in|within|after|at|on)\s+\d+|\bpay\s+(?:us\s+)?in\s+\d{2,3}\b(?!\s*(?:min"
        rf"|hours?))|\bpaid\s+(?:with)?in\s+\d+\s+days|\b{NUM}\s+days?\s+(?:after|from|of"
        r"|past)\s+(?:the\s+)?(?:invoice|invoicing|receipt|billing|month[- ]end"
        r"|end\s+of\s+(?:the\s+)?month)|\bpayment\s+(?:cycle|schedule|window|run|is\s+\d)"
        r"|\b\d+[- ]days?\s+(?:cycle|payment|pay\b|invoic\w+|billing|terms)|\b\d+\s+days?\s+to\s+pay\b"
        r"|\bdue\s+(?:up)?on\s+receipt|\bpayment\s+terms?|\bterms\s+of\s+payment|\b(?:off|from|down\s+to|to"
        r"|at)\s+\d{2,3}\s+days?\b.{0,30}\bpay|\bpay\w*\b.{0,40}\b(?:off|from"
        r"|down\s+to)\s+\d{2,3}\s+days?|\b(?:early|prompt)\s+payment\s+discount|\b(?:they"
        r"|client)\s+(?:still\s+)?pay\s+for\s+the\s+(?:seats|idle|unused|empty|hours)"
        r"|\bagreed\s+to\s+pay\s+for\b|\bdso\b"
        # "we get paid 45 days after they get the invoice", "paid ninety days out", "payment lands day 60"
        rf"|\b(?:get|got|gets|getting|be|being|were|was)\s+paid\s+(?:\w+\s+){{0,2}}?{SPAN}\s+days?\b"
        rf"|\b{SPAN}\s+days?\s+(?:\w+\s+){{0,4}}?(?:after|from|past|of)\s+(?:\w+\s+){{0,3}}?invoic\w*"
        # "payment's every two weeks now", "they pay us monthly in arrears", "paid quarterly"
        r"|\bpayments?(?:'s|\s+is|\s+are)?\s+(?:now\s+)?(?:every|weekly|bi-?weekly|monthly|quarterly"
        r"|fortnightly|in\s+arrears|upfront|up\s+front|in\s+advance)|\bpays?\s+us\s+(?:\w+\s+)?(?:weekly"
        r"|bi-?weekly|monthly|quarterly|in\s+arrears|upfront|up\s+front|in\s+advance|every)\b|\b(?:they|client)\s+only\s+(?:pay|pays"
        r"|paid)\s+(?:us\s+)?for\b|\bonly\s+(?:bill|invoice)\s+(?:them\s+|the\s+client\s+)?for\b",
        unless=NOT_OUR_CONTRACT,
    ),
    # "they pay a 1.5% late fee if they go past 30 days" (the vendor's invoice, not a customer's bill).
    trigger(
        "late-payment terms on the vendor's invoice",
        r"\blate\s+(?:payment\s+)?fees?\s+if\s+(?:they|the\s+client)|\b(?:they"
        r"|the\s+client)\s+pays?\s+(?:us\s+)?an?\s+\S+\s+late\s+fee",
    ),
    # "the SLA is 80/20 with penalties", "what SLAs are you all signing up for?".
    trigger(
        "a service level agreement",
        r"\bslas?\b|\bservice\s+level\s+agreements?\b",
        requires=COMMERCIAL,
        unless=NOT_OUR_CONTRACT,
    ),
    # "service credits if CSAT falls", "we owe them a credit of 3%", "credits are capped at 12%".
    trigger(
        "service credits",
        r"\bservice\s+credits?\b|\bcredits?\b",
        requires=rf"(?:\d\s*%|percent|invoice|monthly\s+fees|billing|\bsla|service\s+level|\bmiss\w*|capped"
        rf"|\bcap\b|max\s+out|earn\s?back|owe|{AMOUNT}|\bif\s+we\b|per\s+day|each\s+day|a\s+day)",
        unless=NOT_OUR_CONTRACT,
        near=40,
    ),
    # "SLA penalties", "8% penalty", "liquidated damages", "our contract penalizes us".
    trigger(
        "penalties in a client deal",
        r"\bpenalt(?:y|ies)\b|\bpenali[sz]\w*\s+us\b|\bliquidated\s+damages\b|\bforfeit\w*",
        unless=NOT_OUR_CONTRACT,
    ),
    # "hold back 5% of the invoice", "a 2 point earnback", "15% of our fees are at risk".
    trigger(
        "holdbacks, earnbacks or fees at risk",
        rf"\bhold\s*backs?\b|\bhold(?:s|ing)?\s+back\s+{PERCENT}|\bearn[- ]?backs?\b|\bearn\s+back\b"
        rf"|\bat[- ]risk\s+(?:fees|amount|pool|percentage)|{PERCENT}\s+(?:\w+\s+){{0,4}}?at\s+risk\b",
        gate=r"hold|earn|risk",
    ),
    # "8% of the monthly invoice", "take 3% off the invoice", "we lose 2 points of billing".
    trigger(
        "a share of the invoice tied to performance",
        rf"{PERCENT}\s+(?:back\s+)?(?:of|off|on)\s+(?:the\s+|our\s+|their\s+|each\s+|every\s+"
        r"|all\s+)?(?:monthly\s+|annual\s+)?(?:invoices?|bill(?:ing)?|fees|revenue|spend)",
        unless=NOT_OUR_CONTRACT,
        gate=HAS_DIGIT,
    ),
    # "our client gave us 2% back if AHT drops", "they pay us an extra 1%", "incentive pool of 5% tied to FCR"
    trigger(
        "a performance incentive in a client deal",
        rf"\b(?:gives?|gave|pays?|paid|get|gets|got)\s+us\s+(?:an?\s+)?(?:extra\s+|bonus\s+)?{PERCENT}"
        r"|\b(?:client|their|contract|deal)\s+(?:bonus|incentive)|\bincentive\s+(?:pool|payment|fee)"
        rf"|\b(?:bonus|incentive)\s+(?:of\s+)?{PERCENT}|{PERCENT}\s+(?:bonus|incentive)\s+(?:on|of|from|if)",
        unless=r"\b(?:sign[- ]?on|signing|retention|referral|attendance|spot)\s+bonus|(?:reps?|agents?"
        r"|tls?)\s+bonus",
        gate=r"bonus|incentive|\d",
    ),
    # "there's a clawback", "they claw back the ramp fees".
    trigger("a clawback", r"\bclaw[- ]?backs?\b|\bclaw(?:s|ed|ing)?\s+back\b"),
    # "auto-renews every year", "rolls over on its own", "evergreen".
    trigger(
        "automatic renewal",
        r"\bauto[- ]?renew\w*|\b(?:roll|rolls|rolled|rolling)\s+over\b|\bevergreen\b"
        r"|\brenews?\s+(?:automatically|on\s+its\s+own|itself|each\s+year|every\s+year)",
        requires=r"(?:deal|contract|agreement|term|year|unless|notice|renew|msa|sow|on\s+its\s+own)",
        unless=rf"(?:{NOT_OUR_CONTRACT}|calls?\s+roll|queue)",
    ),
    # "renewal terms", "renewed for another 3 years", "3 year term with 1 year auto-renew", "5 year lock".
    trigger(
        "term length or renewal terms",
        r"\brenewal\s+terms?\b|\brenew\w*\s+for\s+(?:another\s+)?(?:\w+\s+)?(?:years?|months?)\b"
        rf"|\b{SPAN}[- ]?(?:year|yr|month)s?\s+(?:term|deal|agreement|contract|lock|extension|commitment"
        r"|auto[- ]?renew|renewal)s?\b|\b(?:same|new|better|worse|unchanged|existing|current|improved|similar"
        r"|original|identical)\s+terms\b|\bextend\w*\s+(?:\w+\s+){0,4}?(?:by|for)\s+(?:another\s+|a\s+further\s+)?"
        r"\S+\s+(?:years?|months?)\b",
        unless=NOT_OUR_CONTRACT,
    ),
    # "terminate for convenience", "can walk with two weeks notice", "tell us six months out".
    trigger(
        "termination or notice terms",
        rf"\bterminat\w*|\bfor\s+convenience\b|\bchange\s+of\s+control\b|\b{SPAN}[- ]?(?:days?|weeks?"
        r"|months?)'?s?\s+(?:of\s+)?(?:written\s+|advance\s+)?(?:notice|heads[- ]up|warning)"
        r"|\bnotice\s+period|\b(?:tell|notify|give|gives|tells)\s+(?:us|them"
        rf"|the\s+client)\s+{SPAN}\s+(?:days?|weeks?|months?)\s+(?:out|ahead|before|in\s+advance|prior)"
        r"|\bcan\s+(?:walk|leave|exit|pull\s+out)\b.{0,40}\b(?:notice|owe|penalt|fee)",
        unless=rf"(?:{NOT_OUR_CONTRACT}|{STAFF_SCHEDULING})",
    ),
    # "they can walk after 90 days", "they can't use anyone else", "we can't open another program for a rival"
    trigger(
        "what the deal lets a party do",
        r"\b(?:they|the\s+client|client|we|us)\s+(?:can|can'?t|cannot|could|may"
        r"|are\s+(?:not\s+)?allowed\s+to|get\s+to|have\s+the\s+right\s+to)\s+(?:\w+\s+){0,2}?(?:walk|exit"
        r"|leave|terminate|cancel|pull|reduce|cut|bring|bail|back\s+out|get\s+out|opt\s+out|scale\s+(?:us\s+)?down"
        r"|ramp\s+(?:us\s+)?down|flex\s+(?:us\s+)?down|claw|use\s+(?:anyone|any\s*one|other|another)"
        r"|go\s+to\s+(?:another|other)|audit|open\s+another|work\s+with\s+(?:their|a|any)\s+compet"
        r"|take\s+(?:the\s+)?work|end\s+(?:it|the)|drop\s+us|move\s+(?:the\s+)?(?:work|volume))\b",
        requires=r"(?:days?|weeks?|months?|years?|notice|fee|penalt|volume|seats|work|in-house|vendor"
        r"|anyone|contract|deal|\bsla|quality|\bmiss|\bhit\b|target|%|program|compet|\d)",
        unless=rf"(?:{NOT_OUR_CONTRACT}|walk\s+away\s+from|(?:reps?|agents?|people|staff|new\s+hires?"
        r"|tls?)\s+(?:\w+\s+){0,3}(?:they|we)\s+can)",
    ),
    # "if we miss answer rate they knock 2% off", "they get 4 free weeks if we miss go-live".
    trigger(
        "a consequence for missing a target",
        r"\bif\s+(?:we|we'?re)\s+(?:miss|don'?t\s+(?:hit|make|meet)|fall|go\s+under|drop|are\s+late|slip"
        r"|blow|under|below|over)\b.{0,60}?\b(?:they|client)\b|\b(?:they"
        r"|client)\s+(?:\w+\s+){0,2}?(?:get|gets|take|takes|knock|knocks|hold|holds|owe|deduct\w*"
        r"|withh\w+|keep|keeps)\b.{0,50}?\bif\s+we\b|\b(?:every|each)\s+(?:month|quarter|week"
        r"|time)\s+we\s+miss\b",
        requires=r"(?:%|percent|invoice|credit|penalt|pay|fee|owe|hold|knock|take|deduct|walk|exit|bonus"
        r"|terminat|cancel|reduce|pull|free|points?)",
        unless=NOT_OUR_CONTRACT,
    ),
    # "they want the right to audit our books", "quarterly true-ups", "a kicker if NPS is above 50".
    trigger(
        "rights and adjustments in a deal",
        r"\bright\s+to\s+(?:audit|terminate|exit|renegotiate|reprice|step\s+in|inspect|cancel)"
        r"|\baudit\s+rights?|\bkicker\b|\bgain[- ]?share|\bshared\s+savings\b|\brisk[- ]reward"
        r"|\bopt[- ]?outs?\b|\blocked\s+in\b|\block-?in\b|\blocked\s+(?:\w+\s+)?(?:for|till|until|thru"
        r"|through)\s+(?:another\s+|the\s+next\s+)?\S+\s+(?:years?|yrs?|months?|mos?)\b|\bescape\s+(?:hatch"
        r"|clause)|\bno\s+way\s+out\b|\b(?:through|till|until|thru)\s+20\d\d\b|\beat(?:s"
        r"|ing)?\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:\w+\s+)?(?:risk|difference|shortfall)\b|\bon\s+(?:the"
        r"|our|their)\s+invoice|\binvoic\w*\s+(?:\S+\s+){0,4}?\d|\bwith\s+no\s+(?:rate\s+"
        r"|price\s+)?increase|\brenewal\w*\b.{0,40}?\b(?:they|client)\s+(?:want|asked|insist)",
        requires=r"(?:they|them|client|contract|deal|msa|sow|exclusive|anyone|term|year|month|clause|renew"
        r"|invoice|vendor|us\b|we\b|\d)",
        unless=rf"(?:{NOT_OUR_CONTRACT}|(?:reps?|agents?|people|staff|employees?)\s+(?:\w+\s+){{0,3}}opt)",
    ),
    # "our contract term is 36 months", "their MSA makes us carry insurance", "in your contracts".
    trigger(
        "the client contract itself",
        r"\b(?:msa|sows?|master\s+(?:services\s+)?agreement|statement\s+of\s+work|contract(?:s|ual|ed)?)\b",
        unless=rf"(?:{NOT_OUR_CONTRACT}|contract\s+renewal\s+calls?|(?:customer|caller|consumer"
        r"|member)s?'?\s+(?:\w+\s+)?contract|contract\s+(?:workers|staff|agents|reps|hires|employees"
        r"|to\s+hire))",
    ),
    # "they owe us for the training", "on the hook for fines", "pay them back for every escalation".
    trigger(
        "money owed between the parties",
        rf"\b{SPAN}\s+months?'?\s+(?:of\s+|worth\s+of\s+)?(?:fees|billing|revenue|charges|invoices?)\b"
        r"|\bowe[sd]?\s+(?:us|them|the\s+client)\b|\bthey\s+owe\b|\bon\s+the\s+hook\s+for\b|\bpay\s+(?:them"
        r"|the\s+client)\s+back|\bfor\s+every\s+(?:\d+\s+)?(?:point|percent|%|minute|second|call"
        r"|escalation)s?\s+(?:we'?re\s+|we\s+are\s+)?(?:under|below|over|above)|\bgive\s+back\s+\d"
        r"|\bgive\s+(?:them|the\s+client)\s+back\b|\bcap\s+on\s+(?:\w+\s+)?(?:increases?|liability|credits?"
        r"|penalt\w+|rates?|prices?)|\bmost[- ]favou?red\b|\b(?:both\s+sides|either\s+(?:side"
        r"|party))\s+can\b|\btake\s+a\s+hit\b|\bforecast\s+within\b",
        unless=rf"(?:{NOT_OUR_CONTRACT}|owe\s+it\s+to|(?:reps?|agents?|tls?)\s+on\s+the\s+hook)",
    ),
    # "we're bound to them until next march", "it's a breach", "it's in the agreement",
    # "triggers a renegotiation".
    trigger(
        "obligations under a deal",
        r"\bbound\s+(?:to\s+(?:them|the\s+client)|by\s+(?:the|our|their))\b|\bbreach\w*\b|\bobli(?:gat|g)\w+"
        r"|\bwe'?re\s+(?:required|contractually)\b|\b(?:in|per|under)\s+the\s+(?:agreement|deal|paper)\b"
        r"|\bthey\s+get\s+to\s+approve|\bapproval\s+rights?\b|\brenegotiat\w+"
        r"|\btriggers?\s+(?:a\s+)?(?:rate|price|renegotiation|review|penalt\w+|credits?)"
        r"|\b\d+\s*%\s+of\s+(?:the\s+)?forecast",
        unless=rf"(?:{NOT_OUR_CONTRACT}|by\s+law|legally|regulat\w*|complian\w*|data\s+breach|(?:reps?|agents?|people|staff)\s+(?:are\s+)?(?:required"
        r"|obligated))",
    ),
    # "exclusivity clause", "non-compete", "most favored nation", "right of first refusal", "only vendor".
    trigger(
        "exclusivity, non-compete or most-favoured terms",
        r"\bexclusiv\w+|\bnon[- ]?compete|\bnon[- ]?soli\w*|\bno[- ]?(?:poach|hire)\s+(?:clause|agreement|deal"
        r"|provision|terms?)|\b(?:can'?t|cannot|won'?t|not\s+allowed\s+to)\s+(?:hire|recruit|touch|poach"
        r"|approach)\s+(?:any\s+of\s+)?their\s+(?:staff|people|employees|ex-\w+|agents|reps|former)|\bright\s+of\s+first\s+refusal|\brofr\b"
        r"|\bmost\s+favou?red\s+(?:nation|customer|client)|\bmfn\b|\bsole[- ]source|\bsingle[- ]source"
        r"|\b(?:only|sole)\s+(?:vendor|provider|partner|bpo)\b|\b(?:to|with|use)\s+another\s+(?:vendor"
        r"|provider|bpo)|\b(?:bars|prevents|stops|blocks)\s+us\s+from",
        unless=EXCLUSIVE_PERK,
    ),
    # "guarantees 120 FTE", "minimum volume commitment", "take-or-pay", "if they miss forecast".
    trigger(
        "volume commitments",
        r"\bminimum\s+(?:volume|commitment|of\s+\d|headcount|fte|seat|spend|billing)\w*|\bmin\.?\s+(?:term|commit\w*"
        r"|spend|volume)|\bmonth[- ]to[- ]month\b"
        r"|\bvolume\s+(?:commitment|guarantee|floor)s?|\bguarantee\w*\s+(?:us\s+)?(?:a\s+)?(?:minimum\s+(?:o"
        r"f\s+)?)?\d+|\btake[- ]or[- ]pay\b|\bmiss(?:es)?\s+(?:the\s+)?forecast|\bbelow\s+forecast"
        r"|\b(?:pull|cut|reduce|move)\s+\d+\s*%\s+of\s+(?:the\s+|our\s+)?volume"
        r"|\bcommit\w*\s+to\s+\d+\s*(?:ftes?|seats|agents|reps|heads|calls|contacts|k\b|%)|\b(?:\d+|one|two"
        r"|three|six|twelve|eighteen)[- ]?(?:month|year)\s+minimum|\bguarantee\w*\s+(?:them|the\s+client)\b"
        r"|\btrue[- ]?ups?\b",
    ),
    # "liability cap at 12 months of fees", "uncapped indemnity", "warranty period".
    trigger(
        "liability, indemnity or warranty terms",
        r"\bliabilit\w+|\bindemn\w+|\bwarranty\s+period|\blimitation\s+of\s+liability",
        unless=REFUSAL,
    ),
    # "the MSA has...", "our contract says", "the agreement lets them", "redlining", "a clause".
    trigger(
        "what a client contract says",
        r"\b(?:msa|sows?|statement\s+of\s+work|contracts?|agreements?|t\s?&\s?cs?|terms\s+and\s+conditions"
        r"|deal|(?:their|our|the\s+client'?s)\s+paper)\s+(?:\w+\s+){0,4}?(?:says|said|has|have|had|lets"
        r"|let|allows?|bars|requires?|includes?|gives?|caps?|states?|penali[sz]es|specif\w+)\b|\bclauses?\b"
        r"|\bredlin\w+|\bterms\s+and\s+conditions\b|\bin\s+writing\b",
        unless=NOT_OUR_CONTRACT,
    ),
    # "price increases are capped at CPI", "3% COLA escalator", "rate lock for 24 months".
    trigger(
        "price-adjustment terms",
        r"\b(?:rate|price|pricing)\s+(?:lock|freeze|hold|cap)\b|\bescalators?\b|\bcola\b|\bcpi\b|\bcapped\s+at\b",
        unless=NOT_OUR_CONTRACT,
    ),
    # "negotiating the renewal", "negotiated payment terms", "what terms are you getting".
    trigger(
        "negotiating deal terms",
        r"\bnegotiat\w+\s+(?:\w+\s+){0,2}(?:renewal|terms|contract|msa|sow|deal|rates?|price|clause"
        r"|payment)|\bwhat\s+(?:\w+\s+){0,2}terms\s+(?:are|do|did)\s+(?:you|u|y'?all|ppl|people|everyone)",
        unless=NOT_OUR_CONTRACT,
    ),
    # "invoices are settled within seventy-five days", "bills get paid in sixty", "withhold payment".
    trigger(
        "when invoices are settled",
        r"\b(?:instal?l?ments?|milestone\s+payments?)\b|\b(?:half|\d+\s*%)\s+(?:up\s*front|on\s+signing|at\s+go[- ]live)"
        r"|\bpa(?:y|ys|id|ying)\s+(?:us\s+)?(?:on|by|at)\s+day\s+\d+|\bdeduct\w*\b.{0,40}?\b(?:invoices?|bill|fees)\b"
        rf"|\b(?:invoices?|bills?)\s+(?:\w+\s+){{0,2}}?(?:settled|paid|cleared|due)\s+(?:with)?in\s+{SPAN}"
        r"|\bwithh[oe]l\w*\s+(?:\w+\s+)?(?:payments?|fees|invoices?|billing)|\bpay[- ](?:when|if)[- ]paid\b",
        unless=rf"(?:{METAPHOR_OR_CULTURE}|{REFUSAL}|customers?|\b(?:tax|taxes|payroll|wages)\b)",
    ),
    # "any subcontracting requires their written consent", "overtime needs prior approval from the client".
    trigger(
        "the client's consent rights",
        r"\b(?:written|prior|advance|express)\s+(?:consent|approval|sign-?off|permission)\b",
        requires=r"\b(?:they|their|them|client|contract|deal|msa|sow|reimburs\w*)\b",
        unless=rf"(?:{NOT_OUR_CONTRACT}|from\s+(?:your|their|the|a)\s+(?:tl|team\s+lead\w*|manager|sup\w*))",
    ),
    # "we must give them any better rate we give another client": most-favoured terms in other words.
    trigger(
        "matching terms given to others, or fees refunded",
        r"\b(?:any|the\s+same|a)\s+(?:better|lower|best|cheaper)\s+(?:rate|price|pricing|terms|deal)\s+(?:we"
        r"|they)\s+(?:give|offer|grant|agree)|\brefund\w*\s+(?:\w+\s+){0,2}?(?:fees|charges|billing|invoices?)\b",
        unless=rf"(?:{METAPHOR_OR_CULTURE}|{REFUSAL}|customers?|callers?)",
    ),
)
