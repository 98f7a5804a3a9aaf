"""Rule `proprietary`: wages, capacity, sites, internal costs, unannounced plans and clients, allocation."""

from __future__ import annotations

from .common import (
    AMOUNT,
    FUZZ,
    HAS_DIGIT,
    HAS_FIGURE,
    HAS_NUMBER,
    LOCATION,
    METRIC_CONTEXT,
    NUM,
    NUM_WORDS,
    PERCENT,
    PERKS,
    STAFF,
    WAGE_CUE,
    trigger,
)

# --- Innocent look-alikes ----------------------------------------------------------------------------
# Personal "capacity" ("capacity to listen", "in my capacity as"), the floor as a place to coach
# ("walk the floor", "off the floor"), the cost of turnover as an idea, not a figure.
FIGURATIVE_CAPACITY = (
    r"(?:capacity\s+(?:to\s+(?!take\s+on|absorb)|for\s+change|for\s+empathy)|in\s+(?:my|his|her|their"
    r"|your)\s+capacity|capacity\s+planning\s+aside|(?:tls?|leaders?|reps?|people"
    r"|supervisors?)'?s?\s+capacity)"
)
FLOOR_AS_PLACE = (
    r"(?:(?:walk\w*|on|off|onto|to|across|around|from|the\s+whole|back\s+on)\s+the\s+floor"
    r"|floor\s+(?:walks?|support|is\s+open|layout|plan|manager|for\s+(?:questions|ideas|q&a|discussion))"
    r"|open\w*\s+(?:up\s+)?the\s+floor)"
)
# A figure that is not money: durations, counts of events, scores.
NOT_MONEY_AFTER = (
    r"(?!\s*(?:(?:\w+\s+){1,2}(?:hours|days|weeks|months|breaks|shifts|sessions)\b|min\w*|hours?|hrs?|days?"
    r"|weeks?|months?|years?\s+(?:of|old)|%|percent|points?|calls?|chats?"
    r"|times?|x\b|people|reps?|agents?|shout|sessions?|evals?|questions?|ideas?|behaviors?|of\s+(?:them"
    r"|us)))"
)
AMOUNT_OR_PERCENT = rf"(?:{AMOUNT}|{PERCENT}|\$?{NUM}\s+a\s+year)"
WAGE_FIGURE = (
    rf"(?:{AMOUNT}|\$?{NUM}(?:\s?k)?\b{NOT_MONEY_AFTER}|{NUM_WORDS}(?=\s+(?:an?|per)\s+(?:hour|hr|year|month)"
    rf"|\s*k\b)){FUZZ}"
)
# Places that are not a hint of a site plan: "site culture", "site director", "the site in general".
SITE = (
    r"(?:sites?|centers?|centres?|facilit(?:y|ies)|hubs?|locations?|campus|offices?|buildings?"
    r"|delivery\s+centers?)"
)
WHEN = (
    r"(?:next|this\s+(?:year|quarter|spring|summer|fall|winter)|q[1-4]|20\d\d|jan\w*|feb\w*|mar\w*|apr\w*"
    r"|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|spring|summer|fall|autumn|winter|end\s+of"
    r"|by\s+the|after\s+the|soon|goes\s+live|go\s+live|\d|for\s+the\s+new|first|finally|new\s+(?:client"
    r"|program|account)|" + LOCATION + ")"
)

TRIGGERS = (
    # "starting pay is $14", "team lead salaries are 48k", "merit budget is 3.5%", "freezing wages".
    trigger(
        "wages or salaries",
        r"\b(?:wages?|salar(?:y|ies)|comp(?:ensation)?\b|starting\s+pay|base\s+pay|pay\s+(?:rate|scale|band"
        r"|grade)s?|payroll|merit\s+(?:budget|pool|increase|raise|cycle)s?|raise\s+pool|(?:agent|rep|tl"
        r"|supervisor|staff|employee|hourly)s?\s+pay\b|shift\s+diff\w*|(?:night|weekend)\s+differential"
        r"|sign[- ]?on\s+bonus|signing\s+bonus|retention\s+(?:bonus|payment|award|incentive)|stay\s+bonus|13th[- ]month|comp\s+(?:plan|bands?))",
        requires=rf"(?:{AMOUNT}|{PERCENT}|\d|freez\w*|rais\w*|increas\w*|bump\w*|cut\w*|going\s+up|what"
        r"|how\s+much)",
        unless=r"\bwage\s+pressure\b",
        near=50,
    ),
    # "our reps make about 16 bucks an hour", "TLs are at 55k", "supervisors get 19 an hour".
    trigger(
        "what staff are paid",
        rf"\b{STAFF}\s+(?:\w+\s+){{0,2}}?(?:make|makes|making|earn|earns|earning|get|gets|are\s+at|is\s+at"
        r"|start\s+at|starts\s+at|are\s+paid|paid)\s+(?:about\s+|around\s+|like\s+|roughly\s+"
        rf"|only\s+)?{WAGE_FIGURE}|\b(?:pay(?:ing)?|giv(?:e|es|ing)|offer(?:s|ing)?)\s+(?:our\s+|the\s+|new\s+"
        rf"|all\s+)?(?:\w+\s+)?{STAFF}\s+(?:\w+\s+){{0,3}}?(?:about\s+|around\s+)?{WAGE_FIGURE}"
        r"|\bwe'?re\s+paying\s+(?:about\s+|around\s+)?\$?\d|\bpay\s+(?:\w+\s+){0,3}?(?:premium"
        rf"|differential|diff|bonus|extra|more)\s+(?:\w+\s+)?for\s+(?:\w+\s+)?{STAFF}|\b(?:entry[- ]level"
        rf"|starting|top\s+out\s+at|tops\s+out\s+at)\s+(?:is\s+|at\s+)?(?:about\s+|around\s+)?{WAGE_FIGURE}",
        unless=PERKS,
        gate=HAS_FIGURE,
    ),
    # "what are you paying TLs in Manila?", "how much are you guys paying new hires?".
    trigger(
        "asks what others pay staff",
        rf"\b(?:what|how\s+much)\s+(?:\w+\s+){{0,4}}?pay(?:ing)?\s+(?:\w+\s+)?{STAFF}\b",
        requires=r"\b(?:you|u|y'?all|ppl|people|everyone|anyone)\b",
    ),
    # "giving everyone a 4% raise", "gave supervisors a 6% bump", "raises this year are 3%", "$1 raise".
    trigger(
        "a planned raise",
        rf"\b(?:{PERCENT}|{AMOUNT}|dollar|buck)\s+(?:\w+\s+)?(?:raises?|bumps?|pay\s+increases?"
        r"|wage\s+increases?)\b|\b(?:merit\s+)?raises\s+(?:\w+\s+){0,3}?(?:are|is|of|at"
        rf"|will\s+be)\s+(?:about\s+)?{PERCENT}|\b(?:bump\w*|rais\w*|mov\w*|tak\w*|going|go"
        rf"|get\w*)\s+(?:all\s+)?(?:our\s+)?{STAFF}\s+(?:up\s+)?to\s+{WAGE_FIGURE}|\b(?:going|go|moving"
        rf"|move)\s+to\s+\$?{NUM}\s*(?:an\s+hour|/hr|bucks)?\s+for\s+{STAFF}|\bto\s+\$?{NUM}\s+starting\b",
        gate=HAS_FIGURE,
    ),
    # "we bumped nights to 17 last month", "get the whole floor to 18 by summer", "50 cents more",
    # "TLs are getting a 5% increase": a pay move stated without the word pay.
    trigger(
        "a pay move",
        r"\b(?:bump\w*|rais\w*|mov\w*|took|tak\w*|get\w*|got|br[io]ng\w*"
        r"|push\w*)\s+(?:\w+\s+){0,3}?(?:up\s+)?to\s+\$?\d{1,2}(?:\.\d{1,2})?(?![\d.:%]|\s*(?:%"
        r"|percent|points?|min|sec|calls?|reps|agents|people|days|weeks|months|hours|am\b|pm\b|a\.m|p\.m|/"
        rf"|out\s+of|in\s+the|of\b))|{AMOUNT}\s+(?:more|extra)\b|(?:{PERCENT}|{AMOUNT})\s+(?:increase|bump"
        r"|raise|jump|hike|uplift|rise|adjustment|top-?up)",
        requires=WAGE_CUE,
        unless=rf"(?:{METRIC_CONTEXT}|\brates?\b|pric\w*|\bbill|charg\w*|invoice|customers?|\bus\s+down"
        r"|client)",
        near=50,
        gate=HAS_FIGURE,
    ),
    # "pulling out of Honduras", "shutting down voice in Jamaica", "cutting the Tucson site": exits are plans.
    trigger(
        "leaving or shrinking in a location",
        r"\b(?:pull\w*\s+out\s+of|exit\w*|leav\w*|clos\w*|shut\w*|cut\w*|downsiz\w*|shrink\w*|scal\w+\s+back"
        r"|wind\w*\s+down|consolidat\w*)\s+(?:\w+\s+){0,4}?(?:in|out\s+of|from)?\s*" + LOCATION,
        unless=r"(?:trip|visit|vacation|conference|offsite|early|for\s+the\s+(?:day|holiday|storm|typhoon"
        r"|hurricane))",
    ),
    # "we're opening in Nairobi this fall", "moving our nights team from Tampa to Manila next quarter".
    trigger(
        "opening or moving to a location",
        r"\b(?:open\w*|launch\w*|expand\w*|go(?:ing)?\s+into|enter\w*|build\w*|stand\w*\s+up|mov\w+"
        r"|shift\w*|offshor\w*|relocat\w*|set\w*\s+up|hir\w*)\s+(?:\S+\s+){0,6}?(?:in|into|to|out\s+of"
        r"|from)?\s*" + LOCATION,
        requires=r"(?:next|this\s+(?:year|fall|spring|summer|winter|quarter)|q[1-4]|20\d\d|soon|plan"
        r"|complete|whole|all\s+(?:our|of|the)|work|volume|program|client|seats|site|center|floor|building"
        r"|\d|fyi|yet|quiet|between|closure|entirely|first)",
        unless=r"(?:team\s+to\s+a|trip|visit|vacation|conference|offsite|training\s+in)",
    ),
    # "room for 200 more agents", "floor is half empty", "reducing seats by 20%".
    trigger(
        "spare or shrinking space",
        r"\bidle\s+(?:agents|reps|seats|capacity|stations)|\bsitting\s+idle\b|\bidle\s+since\b|\b(?:agents|reps|people|ftes?"
        r"|heads)\s+(?:\w+\s+){0,2}on\s+the\s+bench|\bbench\s+(?:of\s+)?\d+|\b\d+\s+(?:heads|seats|ftes?"
        r"|agents|people)\s+(?:bigger|larger|smaller)|\btake\s+(?:on\s+)?(?:overflow|extra\s+volume"
        r"|more\s+volume|new\s+work)\s+from|\b(?:stand|spin|ramp|staff)\s+up\s+\d+|\bcan\s+(?:ramp|staff"
        r"|add)\s+\d+|\b(?:room|space)\s+for\s+(?:\w+\s+){0,2}?\d+\s+(?:more\s+)?(?:agents|reps|seats"
        r"|people|ftes?|heads|stations)|\b(?:half|mostly|partly|\d+\s*%)\s+empty\b|\bsitting\s+empty\b"
        r"|\bempty\s+(?:seats|floors?|stations)|\b(?:reduc\w*|cut\w*|add\w*|grow\w*|shrink\w*|trim\w*"
        r"|doubl\w*|halv\w*)\s+(?:our\s+|the\s+)?(?:seats?|seat\s+count|headcount|footprint|stations"
        r"|workstations)\b",
        unless=r"glass|room\s+for\s+(?:improvement|error|growth)",
    ),
    # "buying a smaller BPO", "we're being acquired", "got the verbal", "paperwork next week".
    trigger(
        "deals not yet public",
        r"\b(?:buy\w*|acquir\w+|merg\w+|sell\w*|divest\w*)\s+(?:\w+\s+){0,3}?(?:bpo|company|competitor"
        r"|vendor|provider|business|shop|firm|operation|call\s*cent(?:er|re))s?\b|\bacquisition\b"
        r"|\bmerger\b|\btake-?over\s+(?:offer|bid|talks|target)|\bbuy-?out\b|\bletter\s+of\s+intent\b"
        r"|\bloi\b|\bterm\s+sheet\b|\bdue\s+diligence\b|\bup\s+for\s+sale|\bgot\s+the\s+verbal|\bverbal\s+(?:yes|commit\w*|award)"
        r"|\bpaperwork\s+(?:is\s+)?(?:next|this)|\bshort-?list\w*|\bdown\s+to\s+the\s+(?:last"
        r"|final)\s+(?:two|three|2|3)|\bunder\s+wraps|\bhush[- ]hush|\bkeep\s+(?:that|this|it)\s+(?:here"
        r"|in\s+(?:this|the)\s+room)|\bstays?\s+in\s+(?:this|the)\s+room",
        unless=r"(?:customers?|callers?)\s+(?:\w+\s+){0,3}(?:buy|sell)",
    ),
    # "our agents' bonus pool is 1,200 a year each", "we pay 5% above market to keep our spanish speakers",
    # "attrition's so bad we're going to 16.50".
    trigger(
        "staff bonuses or pay levels",
        rf"\b(?:bonus\w*|commissions?|spiffs?)\b(?:\s+\S+){{0,5}}?\s+{AMOUNT_OR_PERCENT}"
        rf"|\bwe\s+pay\s+(?:\S+\s+){{0,3}}?{AMOUNT_OR_PERCENT}|(?<![\w.$])\$?\d{{1,2}}\.\d{{2}}(?![\d%]"
        r"|\s*(?:%|percent|points?|min\w*|sec\w*|hours?|stars?|out\s+of|x\b))",
        requires=rf"(?:{STAFF}|{WAGE_CUE}|attrition|turnover|hiring|retain|poach|market)",
        unless=r"(?:client|invoice|billing|of\s+(?:billing|revenue|fees)|penalt|credit|fee|rates?\b|pric\w*"
        r"|csat|nps|score)",
        near=50,
        gate=(HAS_FIGURE, r"bonus|commission|spiff|pay|\d\.\d"),
    ),
    # "we're closing the Phoenix center", "letting the Manila site go dark", "consolidate the two Ohio sites".
    trigger(
        "a site closure or consolidation",
        r"\b(?:clos(?:e|es|ed|ing)|shut\w*|consolidat\w+|wind\w*\s+down|mothball\w*|exit\w*"
        rf"|sell\w*)\s+(?:down\s+)?(?:\w+\s+){{0,4}}?{SITE}|{SITE}\s+(?:\w+\s+){{0,2}}?go\s+dark|\bgo(?:es"
        r"|ing)?\s+dark\b",
        unless=r"(?:clos\w+\s+(?:the\s+)?(?:loop|gap|call|ticket)|site\s+(?:director|lead|leader|culture)"
        r"|for\s+(?:a|the)\s+(?:half\s+|full\s+)?(?:day|morning|afternoon|hour|holiday|party|training))",
        gate=r"clos|shut|consolidat|wind|mothball|exit|sell|dark",
    ),
    # "new floor in Cebu opens in March", "opening a new site next spring", "adding 150 stations".
    trigger(
        "a site opening or expansion",
        r"\b(?:open\w*|launch\w*|add\w*|build\w*|expand\w*|stand\w*\s+up|new|another|second"
        rf"|third)\s+(?:\S+\s+){{0,3}}?(?:{SITE}|floor|seats|stations|workstations)\b",
        requires=WHEN,
        unless=rf"(?:{FLOOR_AS_PLACE}|seat\s+at\s+the\s+table|new\s+hires?|(?:site|center)\s+(?:director"
        r"|lead\w*|culture|tour))",
        near=50,
    ),
    # "300 seats open in Manila", "120 empty seats", "600 more stations", "500 new seats".
    trigger(
        "seat counts",
        rf"\b{NUM}(?:\s+(?:more\s+|new\s+|extra\s+|empty\s+|open\s+|spare\s+|additional\s+|idle\s+)?(?:seats"
        r"|stations|workstations|positions)\b|[- ]seat(?:er)?\s+(?:site|center|centre|facility|hub|building|floor"
        r"|office|expansion|campus))",
        unless=r"(?:room|class|training|town\s+hall|bus|table|party)",
        gate=HAS_DIGIT,
    ),
    # "spare capacity", "at capacity in Manila", "95% seat utilization", "turning down work".
    trigger(
        "capacity",
        r"\b(?:spare|excess|idle|extra|available|open|unused|free|no|zero)\s+capacity\b"
        r"|\bat\s+(?:full\s+)?capacity\b|\bcapacity\s+(?:in|at|until|for\s+new|to\s+take\s+on|of\s+\d"
        r"|is\s+\d)|\b(?:seat|site|floor)\s+utili[sz]ation|\bturn\w*\s+(?:down|away)\s+(?:new\s+)?(?:work"
        r"|volume|business|programs?|clients?)|\broom\s+for\s+(?:new|more)\s+(?:work|volume|programs?"
        r"|clients?|business)|\b(?:add\w*|expand\w*|grow\w*|double\w*)\s+(?:our\s+)?capacity\b",
        unless=rf"(?:{FIGURATIVE_CAPACITY}|room\s+was|town\s+hall|party|class)",
    ),
    # "laying off 150 agents", "hiring 400 agents for a new program", "600 more FTEs".
    trigger(
        "headcount plans",
        r"\b(?:lay\w*\s+off|laid\s+off|cut\w*|let\w*\s+go|furlough\w*|eliminat\w*)\s+(?:about\s+"
        rf"|around\s+)?{NUM}\s+(?:\w+\s+)?(?:agents|reps|people|staff|ftes?|jobs|positions|seats|heads"
        r"|employees)|\b(?:hire|hiring|add\w*|ramp\w*|bring\w*\s+on)\s+(?:another\s+"
        rf"|about\s+)?{NUM}\s+(?:more\s+|new\s+)?(?:agents|reps|people|ftes?|heads"
        r"|seats)?\b(?=.{0,60}(?:new\s+(?:program|client|work|volume|logo|account)|launch|nobody\s+knows"
        rf"|not\s+announced|next|spring|summer|fall|winter|q[1-4]|take\s+on))|\b{NUM}\s+(?:more|additional"
        rf"|new)\s+(?:ftes?|heads|headcount)\b|\b{PERCENT}\s+of\s+(?:our\s+)?headcount",
    ),
    # "our cost per seat is 2,400 a month", "all in, an agent costs us 11 an hour", "labor cost is 70%".
    trigger(
        "internal costs",
        r"\b(?:cost\s+per\s+(?:seat|fte|agent|hire|hour|call|head|workstation|minute|contact|transaction)"
        r"|(?:fully|all)[- ](?:loaded|in)|(?:our|internal|labou?r|facilit\w+|real\s+estate|seat|operating"
        r"|delivery|overhead)\s+costs?|costs?\s+us|cost\s+structure|per[- ]seat\s+cost|overheads?|rent"
        r"|lease)\b",
        requires=rf"(?:{AMOUNT}|{PERCENT}|\b\d+(?:\.\d+)?\s+an?\s+(?:hour|hr|month|seat)|went\s+up|doubled"
        r"|increase\w*|\b\d[\d,.]*\b)",
        unless=r"(?:cost\s+of\s+(?:turnover|a\s+bad|not|training|attrition|a\s+call)"
        r"|it\s+cost\s+us\s+(?:months|weeks))",
        near=50,
        gate=r"cost|all[- ]in|loaded|overhead|rent|lease",
    ),
    # "subleasing half the floor" (space they no longer need).
    trigger(
        "real-estate plans",
        r"\bsub-?leas\w*|\b(?:giv\w*\s+up|break\w*|end\w*|sign\w*|not\s+renew\w*|renew\w*|exit\w*"
        r"|walk\w*\s+away\s+from)\s+(?:the\s+|our\s+|a\s+|that\s+)?(?:\w+\s+)?lease\b",
    ),
    # "not announced yet", "keep it quiet", "can't say it out loud till next month", "staff don't know yet".
    trigger(
        "something not yet public",
        r"\bin\s+talks\b|\bclients?\b.{0,30}\b(?:about\s+to|going\s+to|likely\s+to|ready\s+to)\s+(?:churn"
        r"|leave|walk|switch|rebid|rfp|go\s+to\s+rfp)|\btake\s+over\s+(?:the\s+)?(?:\w+\s+)?(?:program"
        r"|account|work|business)\b|\bput\w*\s+together\s+a\s+pitch|\bpitch\w*\s+(?:them|their)\b"
        r"|\bstop\s+taking\s+(?:\w+\s+)?(?:work|clients|business|programs?)"
        r"|\bnot\s+(?:been\s+)?(?:announced|public)|\bhaven'?t\s+(?:announced|told)|\bbefore\s+(?:it'?s"
        r"|we)\s+announce|\bkeep\s+(?:it|this|that)\s+(?:quiet|between\s+us|on\s+the\s+down\s?low|hush)"
        r"|\bbetween\s+us\b(?!\s+and)|\bdon'?t\s+(?:repeat|tell\s+any|share\s+th|spread)"
        r"|\bdon'?t\s+share\b(?!\s+(?:customer|caller|card|data|passwords?|pii|personal|your|their|screens?))"
        r"|\bunder\s+(?:your|ur)\s+hat|\bhasn'?t\s+been\s+announced|\bconfidential\b"
        r"|\bunder\s+nda\b|\bcan'?t\s+(?:say|share|name|tell\s+you)\s+(?:it|who|which|the\s+names?|more"
        r"|details)|\boff\s+the\s+record\b|\bembargo\w*|\bnobody\s+knows\b|\bdon'?t\s+know\s+yet\b"
        r"|\bnot\s+out\s+yet\b|\bannouncement\s+is\s+(?:next|in|on)|\bannounced\s+yet",
        unless=r"confidential\s+(?:customer|caller|card|patient|data|information\s+from\s+callers)",
    ),
    # "we just signed Corvane Bank", "they picked us", "Acme Health is coming to us in Q1".
    trigger(
        "a client win, loss or move not public",
        r"\b(?:picked|chose|selected|awarded)\s+us\b|\bgoing\s+with\s+us\b|\bcoming\s+(?:over\s+)?to\s+us\b"
        r"|\bmov\w+\s+(?:\S+\s+){0,5}?to\s+us\b|\b(?:leaving|dropping|firing|unhappy\s+with)\s+(?:their"
        r"|its)\s+(?:current\s+)?(?:vendor|provider|bpo|incumbent)|\bunhappy\s+with\s+(?:the\s+)?(?:vendor"
        r"|provider|bpo|incumbent)|\bup\s+for\s+grabs\b|\bfinal\s+talks\b|\b(?:about\s+to|going\s+to"
        r"|just)\s+(?:sign|signed|land|landed|win|won|lose|lost)\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:account"
        r"|deal|contract|logo|line|program|business|bank|insurance|telecom|health)|\b(?:cut|cutting"
        r"|pull\w*)\s+us\s+by\b|\bgo(?:ing)?\s+after\s+(?:them|their|the\s+\w+\s+account)",
    ),
    # "we plan to move all our telco work to Colombia", "shifting 40% of headcount", "roadmap".
    trigger(
        "future business plans",
        r"\b(?:mov\w+|shift\w*|migrat\w+|offshor\w+|nearshor\w+|transition\w*|convert\w*"
        r"|relocat\w+)\s+(?:all\s+)?(?:of\s+)?(?:our\s+|the\s+|their\s+|that\s+)?(?:\w+\s+){0,2}?(?:work"
        r"|volume|programs?|headcount|business|accounts?|site|center)\s+(?:to|offshore|nearshore|onshore"
        r"|in-house)\b|\broadmap\b|\bdrop\w*\s+(?:voice|chat|email)\s+(?:entirely|completely)"
        r"|\bto\s+undercut\s+everyone",
        unless=r"\b(?:calls?|training|coaching|1:1s?|huddles?)\s+to\b",
    ),
    # "you take east coast we take west", "not chase each other's clients", "stick to our own verticals".
    trigger(
        "allocating customers or territories",
        r"\b(?:you|u|y'?all|yall)(?:\s+guys|\s+all)?\s+(?:can\s+)?(?:take|keep|stick\s+to|focus\s+on|get"
        r"|have|stay|handle|own|cover|run|do)\b.{0,40}?\b(?:we|we'll|i'll|i)\s+(?:only\s+)?(?:take|keep|stick"
        r"|focus|get|have|stay|go|want|handle|own|cover|run|do)\b(?!\s+(?:the\s+)?(?:same|too|as\s+well))"
        # "we'll stop pitching healthcare if you guys stop pitching banks": a stand-down traded for another.
        r"|\b(?:stop|quit|avoid|not|won'?t|never)\s+(?:\w+\s+){0,2}?(?:pitch|bid|chas|compet|go\w*\s+after"
        r"|sell\w*\s+to|call\w*\s+on|target|poach)\w*\b.{0,50}?\bif\s+(?:you|u|y'?all|yall|they|them)\b|\bagree\s+(?:to\s+stop|not\s+to|to\s+not|to\s+never|to\s+leave)\b|\b(?:a"
        r"|make\s+a)\s+pact\b|\ball\s+yours\b|\b(?:hand|pass|give|refer)\w*\s+(?:off\s+|over\s+)?(?:our\s+"
        r"|the\s+|some\s+)?(?:\w+\s+)?(?:clients?|accounts?|business)\s+(?:off\s+"
        r"|over\s+)?to\s+(?:one\s+of\s+)?(?:you|u|y'?all|them)\b|\bso\s+(?:you|u|y'?all)(?:\s+guys"
        r"|\s+all)?\s+can\s+(?:go\s+after|take|have|grab|pick\s+up)|\bstay\s+out\s+of\b.{0,40}?\b(?:if"
        r"|and|while)\s+(?:you|u|we|they)|\bstick\s+to\s+(?:our|your|their)\s+(?:own\s+)?(?:verticals?"
        r"|lanes?|regions?|territor\w+|markets?|clients?)|\b(?:split|divide|divvy"
        r"|carve)\s+(?:up\s+)?(?:the\s+)?(?:\w+\s+){0,2}?(?:clients?|accounts?|markets?|territor\w+"
        r"|regions?|banks|verticals?|work)\b|\bnot\s+(?:to\s+)?(?:chase|bid\s+against|compete\s+(?:with"
        r"|for)|go\s+after|poach)\b|\bpoach\w*|\b(?:won'?t|not)\s+bid\s+on\b.{0,40}\bif\b"
        rf"|\beach\s+other'?s\s+(?:\w+\s+)?(?:clients?|customers?|accounts?|territor\w+|{STAFF})\b",
        # Turn-taking on the floor or in a meeting: "u take the first call, I take the second".
        unless=r"\b(?:calls?|turns?|shifts?|breaks?|huddles?|questions?|slides?|lunch|notes|minutes|agenda)\b",
    ),
    # "TLs 55k, sups 68k", "our agents at 16.50", "team leads on 48k": a staff noun right next to a salary.
    trigger(
        "a salary next to a role",
        rf"\b{STAFF}(?:\s+(?:are|r|on|at|get|=|:|-))?\s+(?:about\s+|around\s+|like\s+)?(?:[$\u20ac\u00a3\u20b1]\s?)?"
        rf"(?:{NUM}\s?k\b|\d{{2,3}},\d{{3}}\b|{NUM_WORDS}\s?k\b|{NUM_WORDS}\s+(?:an?|per)\s+(?:hour|hr))",
        unless=rf"(?:{METRIC_CONTEXT}|calls|contacts|followers|views|steps|surveys)",
        near=40,
        gate=HAS_NUMBER,
    ),
    # "raises r gonna be 2 pct", "merit increase this cycle is 3.5%", "COLA of 4%": a pay change with a figure.
    trigger(
        "a pay increase with a figure",
        rf"\b(?:raises?|uplifts?|merit|pay\s+(?:increase|rise|bump)s?|wage\s+(?:increase|bump)s?|cola|cost\s+of\s+living"
        rf"|increments?|salary\s+(?:increase|review)s?)\b(?:\s+\S+){{0,6}}?\s+(?:{PERCENT}|{AMOUNT})",
        unless=rf"(?:{METRIC_CONTEXT}|rais\w+\s+(?:\$|money|funds?)|fundrais|hand|concern|question|issue|\bbar\b"
        r"|prices?|rates?\b|customers?|client)",
        near=40,
        gate=(HAS_FIGURE, r"rais|uplift|merit|pay|wage|cola|cost of|increment|salary"),
    ),
    # "night diff is 10%", "bilingual premium is 2 bucks an hour", "holiday pay is double".
    trigger(
        "a pay premium for a shift or a skill",
        r"\b(?:night|weekend|holiday|overnight|graveyard|bilingual|language|spanish|skill|shift)\s+(?:shift\s+)?"
        rf"(?:diffs?|differentials?|premiums?|allowances?|pay)\b(?:\s+\S+){{0,4}}?\s+(?:{PERCENT}|{AMOUNT}"
        r"|\$?\d|double|time\s+and\s+a\s+half)",
        unless=r"(?:customers?|callers?|client'?s\s+plan)",
        gate=(HAS_FIGURE, r"diff|premium|allowance|pay"),
    ),
    # "headcount's going from 1,200 to 1,800 by march", "seat count hits 900 in Q2", "FTEs double by fall".
    trigger(
        "a headcount or seat plan",
        r"\b(?:headcount|head\s+count|seat\s+count|seats|ftes?|stations|workstations|footprint|production\s+seats)"
        r"(?:'s)?\s+(?:\S+\s+){0,4}?(?:(?:from\s+\S+\s+)?to\s+\d|doubl\w*|tripl\w*|halv\w*|hits?\s+\d"
        r"|(?:up|down)\s+(?:by\s+)?\d|grow\w*\s+(?:by\s+)?\d|add\w*\s+\d)",
        unless=r"(?:class|training\s+room|cafeteria|bus|conference|town\s+hall|webinar)",
        gate=HAS_DIGIT,
    ),
    # "AI assist tool launches for clients in Q4", "rolling out our new analytics product next quarter".
    trigger(
        "an unreleased product or technology",
        r"\b(?:launch\w*|roll\w*\s+out|releas\w*|ship\w*|unveil\w*|debut\w*|go(?:es|ing)?\s+live\s+with"
        r"|sell\w*|productiz\w*)\b.{0,40}?\b(?:tool|product|platform|bot|voicebot|chatbot|ai|feature|offering"
        r"|solution|app|analytics|automation|copilot|assist)\b|\b(?:tool|product|platform|bot|voicebot|chatbot"
        r"|offering|solution|app|copilot)s?\s+(?:\w+\s+){0,2}?(?:launch\w*|roll\w*\s+out|releas\w*|ships?"
        r"|goes\s+live)\b",
        requires=r"(?:clients?|customers?\s+(?:next|in|this)|market|commercial|sell|pric\w*|next|q[1-4]|20\d\d"
        r"|soon|secret|quiet|yet|don'?t\s+share|announce)",
        unless=r"(?:coach\w*|qa\b|lms|training|wfm|schedul\w*|for\s+(?:our\s+)?(?:reps|agents|tls|the\s+team"
        r"|staff|new\s+hires)|public|press\s+release|announced\s+(?:it|last))",
        near=40,
    ),
    # "$1,000 sign on for bilingual", "500 referral for every hire": an amount named for a hiring incentive.
    trigger(
        "a hiring or retention payment",
        rf"{AMOUNT}\s+(?:\w+\s+)?(?:sign[- ]?on|signing|referral|retention|stay|joining|hiring)\b",
        unless=PERKS,
        gate=(HAS_FIGURE, r"sign|referral|retention|stay|joining|hiring"),
    ),
    # "TL bonuses will be around one month's salary", "a two-week pay bonus": a bonus sized in pay.
    trigger(
        "a bonus sized in salary",
        r"\b(?:bonus\w*|commissions?|incentives?|13th\s+month)\b.{0,40}?\b(?:months?'?s?|weeks?'?s?)\s+(?:salary|pay"
        r"|wages?|base)\b",
        gate=r"bonus|commission|incentive|13th",
    ),
    # "leave the public-sector tenders to you if you leave retail to us", "so the other players can have it".
    trigger(
        "leaving business to a competitor",
        r"\b(?:leave|leaving|cede|ceding|hand|handing|give|giving)\s+(?:\S+\s+){1,4}?to\s+(?:you|u|y'?all|yall|them"
        r"|the\s+others?|others|us)\b.{0,50}?\b(?:if|and|while|so)\b|\b(?:stop|quit)\w*\s+(?:bidding|pitching"
        r"|chasing|competing)\b.{0,60}?\b(?:others?|players|rivals|competitors|you|them)\b.{0,20}?\b(?:can|could"
        r"|get|have)\b|\b(?:others?|players|rivals|competitors|you|y'?all)\s+can\s+have\s+(?:it|them|that)\b",
    ),
    # "Harbor Mutual is expanding with us by 200 FTE", "our client list includes ...": named client detail.
    trigger(
        "a client's business with us",
        r"\b(?:client|customer)\s+(?:list|roster|base|book)\s+(?:includes|has|is|now)\b|\b(?:expand\w*|grow\w*"
        r"|ramp\w*|scal\w*|doubl\w*)\s+(?:with\s+us|us)\s+(?:by|to)\s+\S*\d|\bby\s+\d[\d,]*\s+(?:ftes?|seats|heads"
        r"|agents)\b(?=.{0,40}\b(?:next|q[1-4]|20\d\d|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*"
        r"|sep\w*|oct\w*|nov\w*|dec\w*|spring|summer|fall|autumn|winter))",
    ),
    # "exit the Honduran market entirely", "pulling out of healthcare", "getting out of collections".
    trigger(
        "leaving a market",
        r"\b(?:exit\w*|leav\w*|quit\w*|abandon\w*|get\w*\s+out\s+of|pull\w*\s+out\s+of|withdraw\w*\s+from)"
        r"\s+(?:the\s+|our\s+)?(?:\S+\s+){0,2}?(?:market|country|region|vertical|sector|segment|space|line\s+of"
        r"\s+business)\b",
        unless=r"(?:job\s+market|labou?r\s+market|comfort\s+zone)",
    ),
    # "transfer the bank programme from Pune to Manila", "from Tampa to Manila next quarter".
    trigger(
        "moving work between locations",
        r"\b(?:transfer\w*|mov\w+|shift\w*|migrat\w+|relocat\w+|switch\w*)\b.{0,60}?\bfrom\s+"
        + LOCATION
        + r"\s+to\s+"
        + LOCATION,
        unless=r"(?:trip|flight|flew|fly|visit|vacation|conference|holiday|family|moved\s+here|grew\s+up)",
    ),
    # "headcount plan for 2025 is +1,500", "+300 heads in Q2", "staffing forecast is 2,000 by fall".
    trigger(
        "a headcount or capacity plan with a figure",
        r"\b(?:headcount|hiring|seat|capacity|staffing|site|expansion|growth)\s+(?:plan|target|forecast|budget)s?\b"
        r"(?:\s+\S+){0,5}?\s+[+~]?\s?\d[\d,]{2,}|[+]\s?\d[\d,]*\s+(?:heads|ftes?|seats|agents|reps|people|stations)\b",
        gate=HAS_DIGIT,
    ),
    # "utilization is 98% in Manila, totally maxed", "Cebu is maxed out", "we're bursting at the seams".
    trigger(
        "a site's use of its space",
        r"\butili[sz]ation\b|\bmaxed(?:\s+out)?\b|\btapped\s+out\b|\bbursting\b|\bout\s+of\s+(?:seats|space|room)\b",
        requires=rf"(?:{LOCATION}|\bseats?\b|\bsites?\b|\bfloor\b|\bbuilding\b|\bcapacity\b|\bcenter\b"
        r"|\bstations\b)",
        unless=r"\b(?:lms|tool|system|licen[cs]es?|app|dashboard|agent\s+utili\w+|occupancy|patience|budget)\b",
        near=50,
    ),
)
