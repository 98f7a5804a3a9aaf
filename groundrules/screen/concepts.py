"""Concepts: words of five languages that mean the same thing for the screen, as one extra model feature.

"tarifa", "Preis", "prix" and "price" all give the feature ``k:price``, so a weight learned from English
messages also counts for a Spanish or German one whose words the training data never had. Each concept
lists normalised words (lower case, accents dropped, see ``text.normalise``); a trailing ``*`` matches
every word that starts so ("salar*": salary, salario, salaire, salarios). A word may belong to several
concepts. French and Italian elisions are dropped first ("l'operateur" is looked up as "operateur").

The model learns how much each concept counts for each rule (bench/train_screen_model.py); nothing here
holds a message on its own. Adding a word changes the model only after it is retrained.
"""

from __future__ import annotations

import re
from functools import lru_cache

CONCEPTS: dict[str, str] = {
    # --- pricing
    "price": """price* pric* rate rates ratecard fee fees tarif* precio* preis* prix preco* cobr* factur* bill
        billing billed bills charg* quot* cotiz* invoic* berechn* markup margin* margen* marge* margem* discount*
        descuento* rabatt* remise* desconto* rebate* nachlass stundensatz* minutenpreis* cost-plus""",
    "cheap": """undercut* below under cheaper cheap lower floor minimum minimo* mindest* plancher minimo bajar baixar
        unter sous abaixo debajo runter baisser descendre""",
    "hold_level": """hold holding keep keeping stick maintain mantener mantengamos mantenir halten maintenir
        manter mantivessemos line""",
    # --- contract terms
    "contract": """contract* contrat* contrato* vertrag* vertrage* msa sow clause* clausula* klausel* agreement
        rahmenvertrag* sla slas""",
    "payment_terms": """net payment* pago pagos paiement* pagamento* zahlungsziel* zahlung* payable dias days tage
        jours prazo plazo delai* terms""",
    "penalty": """penalt* penaliz* penalit* strafe* vertragsstrafe* multa* credits clawback* gainshare* bonus-malus
        malus""",
    "termination": """terminat* notice* cancel* rescind* rescis* kundig* kundbar* resili* preaviso* preavis aviso
        frist* renew* renov* verlanger* renouvel* auto-renew* lock-in walk""",
    "exclusive": """exclusiv* exklusiv* non-compete noncompete most-favoured most-favored mfn""",
    "liability": """liabil* responsab* haftung* indemn* uncapped cap capped plafonn* begrenzt*""",
    # --- proprietary
    "secret": """confiden* secret* secreto* geheim* sigilo* nda vertraulich* off-record quiet quietly privately
        internal internally intern* interno* interne* undisclosed unannounced hiding hidden
        weitersag* repetez repete repitas comenten espalha spread""",
    "financials": """revenue* ingreso* umsatz* chiffre faturamento* facturacion* ebitda profit* ganancia* gewinn*
        benefice* lucro* loss losses perdida* verlust* perte* prejuizo* p&l runway cash pipeline""",
    "client_data": """churn* cancellations subscribers abonnes abonados assinantes kundenliste* roster list lista
        liste fichier carteira cartera dashboard spreadsheet forecast* nps csat""",
    "volume": """volume* volumen* calls llamadas anrufe appels ligacoes chats contacts contactos kontakte tickets
        claims interactions gestiones vorgange dossiers demandas documents""",
    # --- wages and hiring
    "pay": """salar* sueldo* gehalt* gehalter* lohn* lohne* salaire* remuner* wage* pay paying paid pays earn*
        ganan gana verdien* gagn* ganham ganha brutto brut raise raises aumento* erhohung* augmentation*
        reajuste* bonus* bono* prime primes pramie* benefit* beneficio* leistungen* mutuelle prevoyance
        401k pension* differential premium allowance""",
    "staff": """agent* reps rep supervisor* supervis* team-lead* tls trainer* conseiller* atendente* operador*
        operadores mitarbeiter* empleado* funcionario* colaborador* superviseur* teamleiter* coordenador*
        lideres nurses analysts engineers headcount plantilla effectif* personal pessoal quadro""",
    "poach": """poach* recruit* hire hiring hired hires contratar contratamos contrate contratemos abwerb*
        einstell* debauch* recrut* roub* robar robarnos raid* solicit* non-solicit no-hire no-poach""",
    # --- market allocation
    "territory": """territor* region* north south east west norte sur nord sud sul norden suden
        nordeste sudeste midwest state states estado* province* market markets mercado* markt marche""",
    "divide": """split* divid* reparti* aufteil* teilen partag* carve* allocat* share rotate rotating turn turns
        toca dran tour vez""",
    "theirs": """other's others yours vuestros suyos otros demas anderen gegenseitig autres outros
        respectifs""",
    "bid": """bid bids bidding tender* rfp rfps licitac* ausschreib* offres concurso* concorrencia* auction*
        subasta* auktion* rueckwartsauktion* ruckwartsauktion* enchere* leilao* pitch* cover courtesy""",
    "stay_out": """stay away leave alone off-limits limits pitch approach* chase* chasing call toes turf
        ansprechen jagen demarch* chasser buscar procurar bater""",
    # --- capacity and output
    "seats": """seat seats puesto* platz platze arbeitsplatz* position* posicao posicoes pas workstation*
        fte ftes desks capacity capacidad* kapazitat* capacite* capacidade* occupancy ocupacion ocupacao
        auslastung* occupation utilisation utilization""",
    "grow": """add adding added expand* scale scaling sumar ampliar ampliacion aufbau* ausbau* ajout* ajouter
        augment* aumentar grow growing build building overbuild staff-up""",
    "cut": """cut cutting cuts reduc* recort* abbau* streich* supprim* cortar cortes reduzir freeze freezing
        flat congel* einfrier* geler gel tight tighten limit limiting cap capping pull""",
    # --- future plans
    "open_close": """open opening opens abrir abrimos abre abriremos eroffn* ouvr* ouvert* inaugur* close closing
        closes shut shutting cerrar cerramos cerraremos cierre schliess* fermer ferme fermons fechar fechamos
        consolidat* launch* lanz* lanc* einfuhr*""",
    "acquire": """acqui* buy buying compra comprar comprando kauf* ubernahm* rachat rachet* adquir* merger*
        merge fusion* fusao fusionar fusionner spin-off spinning sell selling vender verkaufen vendre""",
    "site": """site sites centre center centro sede standort* office oficina buro unidade unidad plateau
        operation operacao operacion hub location""",
    "future": """next soon upcoming plan plans planning planned roadmap proximo* nachst* prochain* prochaine vem
        pronto bald bientot logo 2026 2027 2028 january february march april spring summer autumn fall
        enter entering entrar eintrit* exit exiting salir sair sortir ausstieg* board""",
    # --- boycott
    "refuse": """refus* declin* reject* boycott* boicot* boykott* blacklist* rechaz* ablehn* recus* avoid*
        ignore stop stopping dejar dejemos parar aufhor* arret* cesser cessons freeze-out shut-out""",
    "together": """together all todos juntos gemeinsam alle ensemble tous collectively jointly let's lasst vamos
        propongo proponho propose suggest group""",
    "nobody": """nobody none nadie ninguno keiner niemand personne aucun ninguem nenhum""",
    "supplier": """supplier* vendor* proveedor* lieferant* fournisseur* fornecedor* platform* plataforma*
        plattform* plateforme* marketplace agency agencia* agentur* newcomer startup entrant competitor""",
    # --- coordination in general
    "agree": """agree* agreement acuerd* acordemos acordar einig* vereinbar* absprache* accord d'accord
        acord* combin* deal pact pacto pacte handshake understanding gentleman's cavalheiros""",
}

_ELISION = re.compile(r"^(?:[ldjmnstc]|qu)'")


def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    exact: dict[str, list[str]] = {}
    prefix: dict[str, list[str]] = {}
    for concept, words in CONCEPTS.items():
        for word in words.split():
            table, key = (prefix, word[:-1]) if word.endswith("*") else (exact, word)
            table.setdefault(key, []).append(concept)
    return (
        {k: tuple(dict.fromkeys(v)) for k, v in exact.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in prefix.items()},
    )


_EXACT, _PREFIX = _tables()
_LONGEST = max(map(len, _PREFIX))


# Small caches: the scorer keeps its own per-word cache, and every cached entry is an object the garbage
# collector walks on each full collection (65,536 of them cost ~10 ms a collection on hostile text).
@lru_cache(maxsize=4096)
def concepts_of(word: str) -> tuple[str, ...]:
    """The concepts a normalised word belongs to, e.g. "tarifas" -> ("price",)."""
    word = _ELISION.sub("", word)
    found = list(_EXACT.get(word, ()))
    for size in range(2, min(len(word), _LONGEST) + 1):
        found += _PREFIX.get(word[:size], ())
    return tuple(dict.fromkeys(found))
