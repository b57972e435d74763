"""Which modality a sentence's travel cues give when the person is the traveller: the strongest of them
(denied > cancelled > ongoing > completed > planned), with the wordings that shift it: a visit said to
be over outweighs the arrival it recalls, "visits" beside a plan is the plan, an invitation is a plan,
"block him from attending" is a trip in view."""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.cues import MODALITIES, Cue

# present-tense wording that describes a visit rather than reports an arrival: a plan beside it wins
WEAK_ONGOING = re.compile(
    r"visits|is visiting|besucht|on (?:a|an|his|her|the) (?:\w+ )?(?:visit|trip|tour) (?:to|of)|in town for"
    r"|с визитом в|en visite|de visita|em visita|in visita|zu besuch in|في زيارة|z wizyta w"
)
# a visit said to be over outweighs the arrival the same sentence recalls ("ended his visit ... after arriving")
ENDED = re.compile(
    r"ended|concluded|concludes|wrap(?:ped|s) up|complet(?:ed|es)|завершил|انهي|اختتم|a termine|a acheve|a conclu"
    r"|termino|concluyo|beendet|befejezte|ha concluso|ha terminato|concluiu|terminou|завершив|ziyaretini tamamladi"
)
# the person left a place ("a quitté Khartoum pour Bagdad": from home, the trip begins)
DEPARTURE = re.compile(
    r"^(?:left|leaves|a quitte|покинул\w*|غادر|verließ|verliess|elhagyta|deixou|abandono|ha lasciato)"
)
# a trip over because the person went home or left, not merely because the verb is in the past
WENT_AWAY = re.compile(
    DEPARTURE.pattern + r"|departed|returne?d?s?|back from|flew (?:home|back)|rushe|cut short|est reparti|rentre"
    r"|de retour|est revenu|regreso|regresou|volvio|voltou|zuruck|kehrte"
    r"|tavozott|hazaert|hazatert|e rientrato|e tornato|e ripartito|вернул|улетел"
    r"|повернувся|عاد|חזר|dondu|буцлаа|返回|回到"
)
# an arrival told in the past: the person is there, whatever later day the sentence names
ARRIVED = re.compile(
    r"arrived|landed|touched down|est arrive|a atterri|llego|aterrizo|chegou|pousou|e arrivato|e atterrato"
    r"|прибыл|прилетел|приземлил|وصل|נחת|הגיע|megerkezett|erkezett|landolt|eingetroffen|angekommen|gelandet|kam|traf"
    r"|geldi|ulasti|抵达|抵達"
)
# a present tense that speaks of a coming day when a day is named ("arrives on Wednesday", "llega el lunes")
PRESENT_TENSE = re.compile(
    r"arrives|lands|visits|heads (?:to|for)|heading (?:to|for)|is heading (?:to|for)"
    r"|departs(?: for)?|leaves for|flies to|arrive|atterrit|llega|aterriza"
    r"|chega|desembarca|arriva|besucht|trifft \w+ ein|erkezik|прибывает|прилетает|يصل الى|يصل|يتوجه|fliegt .*|kommt .*"
    r"|viaja .*|se rend|летит|vola|si reca|gidiyor"
)
# a trip weighed, not decided ("mulls a visit", "envisage de visiter", "evalúa viajar", "prepara una visita")
TENTATIVE = re.compile(
    r"(?:weighs|weighing|mulls|mulling|considers|considering|eyes|eyeing|could|may|might|would)\b|envisage"
    r"|evalua|esta evaluando|analiza|considera|podria|vendria|viajaria|visitaria|prepara|рассматрива|не исключ"
)
GERUND_AFTER = r"\b(?:from|of|against|about|before|without|prevent\w*|stop)\s+$"
INVITATION = re.compile(
    r"^(?:invit|a invit|convid|пригла|meghiv|دعا|يدعو|lädt|ladt|eingeladen|einladen|הזמינ|הזמין|מזמין)"
)
FUTURE_HOST = re.compile(r"^(?:will|would|to|wird|recevra|accueillera|recibira|acogera|примет|سيستقبل|fogadni fogja)")


def covers(longer: Cue, shorter: Cue) -> bool:
    """ "hat Ungarn besucht" holds "besucht": the longer cue says what the shorter one means there."""
    return (
        longer is not shorter
        and longer.start <= shorter.start
        and shorter.end <= longer.end
        and (longer.end - longer.start > shorter.end - shorter.start)
    )


def modality_of(accepted: list[tuple[Cue, str]], folded: str) -> tuple[str, str, Cue]:
    """The strongest modality among the cues (denied > cancelled > ongoing > completed > planned); a trip
    named only as a noun is planned, unless "after" puts it in the past."""
    modal = [(c, r) for c, r in accepted if c.kind in MODALITIES]
    modal = [(replace(c, kind="planned") if _gerund(c, folded) else c, r) for c, r in modal]
    if modal:
        cue, rule = min(modal, key=lambda cr: (MODALITIES.index(cr[0].kind), cr[0].start))
        if cue.kind == "denied" and any(c.kind == "cancelled" and c.start > cue.end for c, _ in modal):
            return "planned", rule + " (a denial that the trip is off)", cue  # "denied ... called off a trip"
        ended = [(c, r) for c, r in modal if c.kind == "completed" and ENDED.match(c.text)]
        if cue.kind == "ongoing" and ended:
            cue, rule = ended[0]
        plans = [(c, r) for c, r in modal if c.kind == "planned"]
        if cue.kind == "ongoing" and WEAK_ONGOING.fullmatch(cue.text) and plans:
            cue, rule = plans[0]  # "set to visit … on a working visit to": the visit is still to come
        return cue.kind, rule, cue
    cue, rule = accepted[0]
    if cue.kind == "object":
        future = FUTURE_HOST.match(cue.text) or INVITATION.match(cue.text)  # an invitation is a plan
        return ("planned" if future else "ongoing"), rule, cue
    before = folded[max(0, cue.start - 25) : cue.start]
    if re.search(r"\b(?:after|following|since|apres|despues|nach|после|по итогам|بعد)\b", before):
        return "completed", rule, cue
    return "planned", rule, cue


def _gerund(cue: Cue, folded: str) -> bool:
    """ "block him from attending", "the prospect of visiting": no trip under way, one in view."""
    before = folded[max(0, cue.start - 10) : cue.start]
    return cue.kind == "ongoing" and cue.text.endswith("ing") and re.search(GERUND_AFTER, before) is not None
