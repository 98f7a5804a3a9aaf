"""Build the screen's training data that is not written by hand, deterministically.

Usage (from the repo root):  python bench/make_screen_data.py

Writes two files beside the hand-written ``bench/data/screen_v2_written.jsonl``:

- ``bench/data/screen_v2_templated.jsonl``: slot-filled sentences per rule and language, and as many
  innocent ones built from the same risky words (rates, capacity, contracts, raises, plans) used in
  innocent senses, so that a word alone never decides. They add volume and vocabulary; the model is
  still judged only on files it never saw.
- ``bench/data/screen_v2_from_v1.jsonl``: the 3-rule data of the first screen (``screen_tuning`` and its
  old holdouts, which v2 never measured on) with each old "proprietary" row moved to the v2 rule it is
  about (wages, capacity, plans, allocation) by keyword, and rows it cannot place dropped.

The v2 holdout files are never read.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SEED = 20250601
PER_TEMPLATE = 14  # slot combinations sampled per template

# --- Templates: "{slot}" picks one of SLOTS[lang][slot]; "a|b" inside [] picks one alternative. ---------
SLOTS = {
    "en": {
        "we": ["we", "we're going to", "our company will", "honestly we", "fyi we", "between us, we"],
        "us_all": [
            "let's all",
            "why don't we all",
            "can we all agree to",
            "how about we all",
            "I propose we all",
            "it'd help if we all",
            "maybe we should all",
            "we should all",
        ],
        "none": [
            "none of us should",
            "nobody here should",
            "no one in this room should",
            "none of our companies should",
        ],
        "client": [
            "the bank",
            "the telco",
            "the insurer",
            "the retailer",
            "the airline",
            "the hospital group",
            "the utility",
            "the client",
            "the streaming company",
            "the health plan",
        ],
        "num": ["12", "14.50", "16", "17.25", "18", "19.80", "21", "23", "26", "31"],
        "pct": ["3%", "4 percent", "5%", "6%", "8%", "10%", "12 percent", "15%"],
        "seats": ["80", "120", "150", "200", "250", "300", "400", "600"],
        "city": [
            "Manila",
            "Cebu",
            "Bogota",
            "Kingston",
            "Monterrey",
            "Durban",
            "Cairo",
            "Lisbon",
            "Krakow",
            "Tegucigalpa",
            "Nairobi",
            "Medellin",
        ],
        "when": [
            "next year",
            "in Q2",
            "by summer",
            "next quarter",
            "in january",
            "after the holidays",
            "by the end of the year",
            "in the spring",
        ],
        "staff": ["agents", "team leads", "supervisors", "QA analysts", "trainers", "WFM analysts", "reps"],
        "supplier": [
            "the staffing agency",
            "the headset supplier",
            "the background-check vendor",
            "the new AI startup",
            "the recruiting firm",
            "the LMS vendor",
            "the telecom carrier",
            "the new entrant",
            "the procurement consultant",
            "the client's new marketplace",
        ],
        "segment": [
            "the banks",
            "healthcare",
            "the insurers",
            "the telcos",
            "retail",
            "the utilities",
            "the public sector",
            "the credit unions",
            "the airlines",
            "SMB accounts",
        ],
        "tail": ["", "", ", agreed?", ", deal?", ", what do you think?", " 🙂", ", just saying", ", fair?"],
        "coach": [
            "coaching",
            "onboarding",
            "our huddles",
            "the knowledge base",
            "recognition",
            "QA calibration",
            "new TL training",
            "side-by-sides",
            "feedback sessions",
            "the night shift",
        ],
    },
}

VIOLATIONS = {
    "pricing": {
        "en": [
            "we bill {client} {num} an hour for [voice|chat|email|tier 1|bilingual] work{tail}",
            "our [rate|price|hourly rate|per-hour price] for {client} is {num}{tail}",
            "what are you [charging|billing|quoting] {client} per [hour|minute|contact|seat]?",
            "{us_all} keep our [rates|prices|quotes|bids] above {num} an hour{tail}",
            "[we gave|we offered|they got] a {pct} discount [to renew|to win the deal|for a longer term]",
            "our margin on {client} is about {pct}{tail}",
            "we [bid|quoted|came in at] {num} [on the rfp|on the tender|for the renewal]",
            "{none} [bid|quote|price] below {num} on the next [rfp|tender]{tail}",
        ],
        "es": [
            "cobramos {num} dólares la hora a [el banco|la aseguradora|la telco]",
            "nuestra tarifa por [hora|minuto|contacto] es de {num}",
            "acordemos no [cotizar|ofertar|cobrar] menos de {num} la hora",
        ],
        "de": [
            "wir berechnen [der Bank|dem Versicherer|dem Kunden] {num} Euro pro [Stunde|Minute|Kontakt]",
            "unser [Preis|Stundensatz|Angebot] liegt bei {num} Euro",
            "lasst uns alle nicht unter {num} Euro pro Stunde anbieten",
        ],
        "fr": [
            "nous facturons {num} euros [de l'heure|la minute|par contact] à [la banque|l'assureur|notre client]",
            "notre [tarif|prix] [horaire|par appel] est de {num} €",
            "on devrait tous refuser de facturer moins de {num} € de l'heure",
        ],
        "pt": [
            "cobramos {num} reais por [hora|minuto|atendimento] [do banco|da seguradora|do cliente]",
            "nosso [preço|valor] por hora é de {num} reais",
            "vamos combinar de não cobrar menos de {num} por hora",
        ],
    },
    "contract_terms": {
        "en": [
            "{client} pays us net [30|45|60|75|90|120]{tail}",
            "our contract with {client} [auto-renews|rolls over] unless [they|we] give [90 days|six months] notice",
            "if we miss the SLA we owe {client} a {pct} service credit",
            "the [MSA|contract|agreement] gives {client} [termination for convenience|exclusivity|a most favoured customer clause|unlimited liability]",
            "our payment terms with {client} went from [30|45|60] to [60|90|120] days",
            "there's a [penalty|clawback|holdback] of {pct} [of the invoice|on incentives|each month] in our [deal|contract]",
        ],
        "es": [
            "[el banco|la aseguradora|la telco] liquida nuestras facturas a [30|60|90] días",
            "si no cumplimos el SLA nos descuentan un {pct} de la factura",
            "el contrato se renueva [solo|automáticamente] salvo aviso con [tres|seis] meses",
        ],
        "de": [
            "[die Bank|der Kunde|der Versicherer] zahlt uns nach [30|60|90] Tagen",
            "bei Verfehlung des Servicelevels zahlen wir eine Vertragsstrafe von {pct}",
            "die Kündigungsfrist im Vertrag beträgt [drei|sechs] Monate",
        ],
        "fr": [
            "[la banque|le client|l'assureur] nous paie à [30|60|90] jours",
            "le contrat prévoit des pénalités de {pct} si le niveau de service n'est pas atteint",
            "le préavis de résiliation du contrat est de [trois|six] mois",
        ],
        "pt": [
            "[o banco|o cliente|a seguradora] nos paga em [30|60|90] dias",
            "o contrato prevê multa de {pct} se o SLA não for cumprido",
            "o aviso prévio de rescisão do contrato é de [três|seis] meses",
        ],
    },
    "proprietary": {
        "en": [
            "[keep this between us|off the record|this stays in the room], {client} is [switching vendors|about to cut volume|losing a big contract]",
            "our revenue from {client} is [8|12|20|35] million a year, that's [confidential|internal|not public]",
            "I have {client}'s [confidential|internal|unreleased] [roadmap|vendor scorecard|forecast|complaint data], [happy to share|I can send it|want a copy]?",
            "{client}'s [launch|restructuring|merger|recall] isn't public yet but [we've been told|we know the date|we're staffing for it]",
            "our [profit|EBITDA|operating margin] [fell|rose] {pct} last quarter and it hasn't been [released|announced|reported]",
        ],
        "es": [
            "entre nosotros, [el banco|el cliente|la aseguradora] va a [cambiar de proveedor|recortar volumen], es confidencial",
            "tengo el [informe interno|plan confidencial] del cliente, se lo puedo pasar",
        ],
        "de": [
            "unter uns: [die Bank|der Kunde|der Versicherer] wird [den Anbieter wechseln|Volumen kürzen], das ist vertraulich",
            "ich habe den [internen Bericht|vertraulichen Plan] des Kunden, ich kann ihn weiterleiten",
        ],
        "fr": [
            "entre nous, [la banque|le client|l'assureur] va [changer de prestataire|réduire les volumes], c'est confidentiel",
            "j'ai le [rapport interne|plan confidentiel] du client, je peux vous l'envoyer",
        ],
        "pt": [
            "cá entre nós, [o banco|o cliente|a seguradora] vai [trocar de fornecedor|cortar volume], é confidencial",
            "tenho o [relatório interno|plano confidencial] do cliente, posso repassar",
        ],
    },
    "wages_hiring": {
        "en": [
            "what do you pay {staff} in {city}?",
            "our {staff} [make|earn|start at|get] {num} an hour{tail}",
            "we're giving {staff} a {pct} raise {when}",
            "{us_all} stop [poaching|hiring|recruiting|soliciting] each other's {staff}{tail}",
            "{none} [hire|poach|recruit|approach] the others' {staff}{tail}",
            "our [merit budget|raise pool|benefits budget per head|bonus pool] is {pct} this year",
            "{us_all} cap [sign-on bonuses|starting pay|wages|pay for {staff}] at {num}{tail}",
        ],
        "es": [
            "¿qué sueldo tienen sus [agentes|supervisores|formadores] en {city}?",
            "vamos a subir los [sueldos|salarios] un {pct} {when_es}",
            "nada de quitarnos [agentes|supervisores|formadores] entre empresas, ¿vale?",
        ],
        "de": [
            "was zahlt ihr euren [Agenten|Teamleitern|Trainern] in {city}?",
            "[die Löhne|die Gehälter] steigen bei uns {when_de} um {pct}",
            "Abwerben von [Agenten|Teamleitern|Trainern] untereinander lassen wir bleiben, oder?",
        ],
        "fr": [
            "combien payez-vous vos [conseillers|chefs d'équipe|formateurs] à {city} ?",
            "nous augmentons les salaires de {pct} {when_fr}",
            "engageons-nous à ne pas [débaucher|recruter] les [conseillers|managers] des autres",
        ],
        "pt": [
            "quanto vocês pagam para [atendentes|supervisores|instrutores] em {city}?",
            "vamos aumentar os salários em {pct} {when_pt}",
            "vamos combinar de não [contratar|roubar|recrutar] os [atendentes|supervisores] dos outros",
        ],
    },
    "market_allocation": {
        "en": [
            "you take {segment}, we'll take [the rest|{segment}]{tail}",
            "we'll stay out of {city} if you stay out of [Lima|Quito|Accra|Lagos|Porto]{tail}",
            "{us_all} [divide|split|carve up] {client}'s [sites|programs|lines of business|regions] between us",
            "[your turn|you take] [this tender|the next rfp|this one], we'll [bid high|sit out|put in a cover bid]{tail}",
            "{none} [pitch|approach|go after|solicit] the others' [clients|accounts|customers]{tail}",
            "let's agree who [bids on|goes for] which [lot|tender|rfp] before it comes out",
        ],
        "es": [
            "[los bancos|salud|el norte] para ustedes, [las telcos|retail|el sur] para nosotros",
            "sus clientes no los tocamos si ustedes respetan los nuestros",
            "repartamos [las cuentas|las licitaciones|las regiones] entre nosotros",
        ],
        "de": [
            "ihr nehmt [die Banken|den Norden|den Handel], wir [die Versicherungen|den Süden|die Telkos]",
            "wir sprechen eure Kunden nicht an, wenn ihr unsere in Ruhe lasst",
            "lasst uns [die Kunden|die Ausschreibungen|die Regionen] untereinander aufteilen",
        ],
        "fr": [
            "vous prenez [les banques|le nord|la santé], nous [les assurances|le sud|les télécoms]",
            "vos clients, on n'y touche pas, tant que vous respectez les nôtres",
            "partageons-nous [les clients|les appels d'offres|les régions]",
        ],
        "pt": [
            "[os bancos|o norte|a saúde] para vocês, [as seguradoras|o sul|as teles] para nós",
            "não vamos atrás dos seus clientes se vocês não forem atrás dos nossos",
            "vamos dividir [os clientes|as licitações|as regiões] entre nós",
        ],
    },
    "capacity_output": {
        "en": [
            "we're cutting {seats} seats in {city} {when}",
            "our headcount on {client} goes [down|up] to {seats} {when}",
            "{us_all} keep [seat counts|headcount|capacity] flat {when}{tail}",
            "there are {seats} [empty|idle|spare] seats sitting in our {city} site",
            "{none} add [seats|capacity|agents|shifts] for {client}'s peak{tail}",
            "our capacity plan caps {city} at {seats} [seats|workstations|FTE]",
        ],
        "es": [
            "vamos a recortar {seats} [puestos|posiciones] en {city}",
            "si ninguno agrega [capacidad|puestos], el cliente paga más",
            "tenemos {seats} [posiciones|estaciones] vacías en {city}",
        ],
        "de": [
            "wir bauen {seats} Arbeitsplätze in {city} ab",
            "wenn keiner von uns [Kapazität|Plätze] aufbaut, zahlt der Kunde mehr",
            "wir haben {seats} freie Plätze in {city}",
        ],
        "fr": [
            "nous supprimons {seats} [postes|positions] à {city}",
            "si aucun de nous n'ajoute de capacité, le client paiera plus",
            "nous avons {seats} postes vides à {city}",
        ],
        "pt": [
            "vamos cortar {seats} posições em {city}",
            "se ninguém aumentar a capacidade, o cliente paga mais",
            "temos {seats} posições ociosas em {city}",
        ],
    },
    "future_plans": {
        "en": [
            "we're opening a [site|center|hub] in {city} {when}[, not announced yet|, keep it quiet|]",
            "we've [agreed to buy|made an offer for|signed to acquire] a [small BPO|chat outfit|rival shop] in {city}",
            "we plan to [exit|leave|pull out of] [collections|healthcare|the UK market|voice] {when}",
            "we're raising our [rates|prices] {pct} {when}[, heads up|]",
            "we'll be [entering|moving into|launching in] {segment} {when}",
        ],
        "es": [
            "vamos a abrir un [sitio|centro] en {city} {when_es}",
            "ya casi cerramos la compra de una empresa en {city}",
            "vamos a subir las tarifas {when_es}",
        ],
        "de": [
            "wir eröffnen {when_de} einen Standort in {city}",
            "wir verhandeln über den Kauf eines Anbieters in {city}",
            "wir erhöhen unsere Preise {when_de}",
        ],
        "fr": [
            "nous allons ouvrir un site à {city} {when_fr}",
            "nous sommes en train de racheter une société à {city}",
            "nous augmentons nos tarifs {when_fr}",
        ],
        "pt": [
            "vamos abrir um site em {city} {when_pt}",
            "estamos negociando a compra de uma empresa em {city}",
            "vamos aumentar nossos preços {when_pt}",
        ],
    },
    "boycott": {
        "en": [
            "{us_all} stop [working with|buying from|using] {supplier}{tail}",
            "{none} [work with|renew with|partner with|refer work to] {supplier}{tail}",
            "what if none of us [answered|bid on|showed up to] {client}'s [reverse auction|rfp|supplier day]?",
            "{us_all} refuse {client}'s new [payment terms|code of conduct|portal] together{tail}",
            "{us_all} [boycott|freeze out|blacklist|shut out] {supplier}{tail}",
        ],
        "es": [
            "dejemos todos de trabajar con [la agencia|el proveedor|la consultora]",
            "ninguno de nosotros debería [participar en la subasta|responder la licitación] del cliente",
            "boicoteemos juntos a [el nuevo competidor|la agencia|el proveedor]",
        ],
        "de": [
            "lasst uns alle nicht mehr mit [der Agentur|dem Lieferanten|dem Berater] arbeiten",
            "keiner von uns sollte [an der Auktion teilnehmen|auf die Ausschreibung antworten]",
            "lasst uns [den neuen Anbieter|die Agentur|den Lieferanten] gemeinsam boykottieren",
        ],
        "fr": [
            "arrêtons tous de travailler avec [l'agence|le fournisseur|le cabinet]",
            "qu'aucune de nos sociétés ne [participe aux enchères|réponde à la consultation] du client",
            "boycottons ensemble [le nouveau concurrent|l'agence|le fournisseur]",
        ],
        "pt": [
            "vamos todos parar de trabalhar com [a agência|o fornecedor|a consultoria]",
            "nenhum de nós deveria [participar do leilão|responder à licitação] do cliente",
            "vamos boicotar juntos [o novo concorrente|a agência|o fornecedor]",
        ],
    },
}

# Innocent sentences with the same risky words: what the model must learn does not decide on its own.
INNOCENT = {
    "en": [
        "our [attrition|absenteeism|escalation|transfer|repeat-contact] rate [fell|dropped|improved] to {pct} after we changed {coach}",
        "the price of [burnout|a bad schedule|poor onboarding|skipping coaching] is high, so we protect {coach}",
        "we [hired|brought in|contracted] a [coach|trainer|facilitator] for {coach}",
        "[customers|callers] of {client} complain about [prices|fees|late charges|their contract], so we trained reps to explain them",
        "I'd rather not [talk about|discuss|get into] [rates|pricing|contracts|pay], let's stay on {coach}",
        "we refuse to [tolerate abusive callers|skip breaks|let metrics beat empathy], that's non-negotiable for {coach}",
        "the capacity to [listen|stay calm|coach|say I don't know] is what we look for in {staff}",
        "our plan {when} is to improve {coach}",
        "{us_all} share one idea about {coach} next time{tail}",
        "we [agreed|decided] as a team to [keep huddles short|protect coaching time|stop late emails] {when}",
        "we cut [meetings|reports|metrics] so {staff} have more time for {coach}",
        "we [opened|added] a [quiet room|coaching corner|learning space] for {staff}",
        "we let {staff} choose [their own goals|the next topic|their shift swaps] for {coach}",
        "[none of us|nobody here] should skip {coach}, it's where the learning happens{tail}",
        "we stopped [working with|using] the old [LMS|scorecard|quiz tool] and built our own for {coach}",
        "how do you handle {coach} when the queue is full?",
        "our {staff} in {city} [love|asked for|designed] the new approach to {coach}",
        "the client's public [FAQ|annual report|brand guide|service standard] helps us with {coach}",
    ],
    "es": [
        "nuestra tasa de [rotación|ausentismo] bajó al {pct} con mejor {coach_es}",
        "trajimos una formadora externa para [los supervisores|el equipo]",
        "preferimos no hablar de [precios|tarifas|contratos], volvamos a {coach_es}",
        "nuestro plan {when_es} es mejorar {coach_es}",
        "saber escuchar pesa más que cualquier métrica en un líder",
    ],
    "de": [
        "unsere [Fluktuation|Abwesenheitsquote] ist auf {pct} gesunken, dank besserem {coach_de}",
        "eine externe Trainerin begleitet [die Teamleiter|das Team]",
        "[Preise|Verträge|Tarife] lassen wir hier weg, reden wir über {coach_de}",
        "unser Plan {when_de}: besseres {coach_de}",
        "gutes Zuhören macht bei Teamleitern den Unterschied",
    ],
    "fr": [
        "notre taux de [rotation|absentéisme] est tombé à {pct} grâce au {coach_fr}",
        "une coach externe accompagne [les managers|l'équipe]",
        "laissons de côté [les prix|les tarifs|les contrats] et parlons du {coach_fr}",
        "notre plan {when_fr} : améliorer le {coach_fr}",
        "la capacité d'écoute est essentielle chez un manager",
    ],
    "pt": [
        "nossa taxa de [rotatividade|absenteísmo] caiu para {pct} com mais {coach_pt}",
        "uma coach externa acompanha [os supervisores|a equipe]",
        "deixa [preços|tarifas|contratos] de fora, vamos falar de {coach_pt}",
        "nosso plano {when_pt} é melhorar o {coach_pt}",
        "a capacidade de ouvir é essencial num supervisor",
    ],
}

LANG_EXTRA = {
    "when_es": ["el año que viene", "en marzo", "en el segundo trimestre", "en enero"],
    "when_de": ["nächstes Jahr", "im März", "im zweiten Quartal", "ab Januar"],
    "when_fr": ["l'an prochain", "en mars", "au deuxième trimestre", "en janvier"],
    "when_pt": ["no ano que vem", "em março", "no segundo trimestre", "em janeiro"],
    "coach_es": ["coaching", "la formación", "las reuniones de turno", "el reconocimiento"],
    "coach_de": ["Coaching", "Onboarding", "Feedback", "Training"],
    "coach_fr": ["coaching", "l'intégration", "feedback", "la formation"],
    "coach_pt": ["coaching", "treinamento", "feedback", "reconhecimento"],
}


def fill(template: str, rng: random.Random) -> str:
    slots = {**SLOTS["en"], **LANG_EXTRA}
    text = re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), template)
    text = re.sub(r"\[([^\]]*)\]", lambda m: rng.choice(m.group(1).split("|")), text)
    # A slot may itself hold a slot ("pay for {staff}").
    text = re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), text)
    return " ".join(text.split()).replace(" ,", ",").replace(" ?", "?").strip()


def templated(rng: random.Random) -> list[dict]:
    rows: list[dict] = []
    groups = [
        (rule, lang, t, True)
        for rule, by_lang in VIOLATIONS.items()
        for lang, ts in by_lang.items()
        for t in ts
    ]
    groups += [(None, lang, t, False) for lang, ts in INNOCENT.items() for t in ts]
    for rule, lang, template, violates in groups:
        count = PER_TEMPLATE if lang == "en" else PER_TEMPLATE // 2
        seen = set()
        for _ in range(count * 3):
            text = fill(template, rng)
            if text not in seen:
                seen.add(text)
                rows.append({"text": text, "violates": violates, "rule": rule, "lang": lang})
            if len(seen) >= count:
                break
    return rows


# --- The first screen's 3-rule data, relabelled for the 8 rules ------------------------------------------
V1_FILES = ["screen_tuning.jsonl", "screen_holdout.jsonl", "screen_holdout2.jsonl", "screen_holdout3.jsonl"]
MOVES = [  # first match wins; old "proprietary" rows only
    (
        "market_allocation",
        r"stay (out|in)|you take|you guys keep|y'?all (keep|can have)|go after each other|"
        r"chase each other|pitch(ing)? each other|split the|stop pitching|own verticals|you all can have|"
        r"bid against each other|leave the .* to you|hand off|all yours|so the other players",
    ),
    (
        "wages_hiring",
        r"\bpay|paid|wage|salar|raise|merit|bonus|\bcomp\b|differential|\bdiff\b|premium|make about|"
        r"\bmake \d|earn|start(ing)? (at|pay|wage)|base (pay|for)|bump|hiring each other|poach|payroll|"
        r"an hour|/hr|13th month|take home|top out|retention payment|uplift|\bbase\b",
    ),
    (
        "capacity_output",
        r"seat|capacity|headcount|utili[sz]ation|occupancy|idle|bench|empty|room for|stand up \d|"
        r"workstation|\bfte|maxed|agents sitting|half empty|letting .* go|laying off|cutting|heads|stations",
    ),
    (
        "future_plans",
        r"open|clos|shut|launch|expand|acquir|buy|merg|exit|pull(ing)? out|moving|move|relocat|"
        r"consolidat|roadmap|plan|sell|dropping|stop taking|going dark|leaving|lease|convert|takeover|retir",
    ),
]


def relabel_v1() -> list[dict]:
    rows = []
    for name in V1_FILES:
        with (DATA / name).open(encoding="utf-8") as handle:
            for line in handle:
                old = json.loads(line)
                rule = old["rule"] if old["violates"] else None
                if rule == "proprietary":
                    text = old["text"].lower()
                    rule = next((new for new, rx in MOVES if re.search(rx, text)), None)
                    if rule is None and re.search(
                        r"confiden|not public|between (you|us)|keep (it|that)|"
                        r"revenue|internal|quiet|under wraps",
                        text,
                    ):
                        rule = "proprietary"
                    if rule is None:
                        continue  # costs, rents, won accounts: no v2 rule fits it for sure
                rows.append({"text": old["text"], "violates": old["violates"], "rule": rule, "lang": "en"})
    return rows


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


def main() -> int:
    rng = random.Random(SEED)
    write(DATA / "screen_v2_templated.jsonl", templated(rng))
    write(DATA / "screen_v2_from_v1.jsonl", list({r["text"]: r for r in relabel_v1()}.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
