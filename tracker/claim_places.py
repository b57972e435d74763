"""Where a claim points: the place a travel cue leads to ("visit to Mongolia", "se rendre en Argentine"),
the country inside a German trip noun ("Deutschlandbesuch"), places said as where something happens,
demonyms that say where ("son homologue tchadien", "la capitale éthiopienne"); never a country named only
to say whose leader is meant ("Indian Prime Minister", "India's Modi"), nor a town inside a person's name."""

from __future__ import annotations

import re

from geo.gazetteer import default_gazetteer
from geo.geoparse import Place
from geo.names import fold
from tracker.claims import Sentence
from tracker.cues import Cue
from tracker.people import PersonMention

PREPOSITION = re.compile(
    r"(?:^|\s)(?:to|in|into|for|at|à|a|au|aux|en|vers|nach|in|ins|zum|zur|в|во|на|إلى|الى|الي|في|ل)"
    r"(?:\s+(?:the|la|le|les|l'|el|los|das|der|die|dem|den))?\s*$"  # "in the Netherlands", "à la Haye"
)
ORIGIN = re.compile(r"(?:^|\s)(?:from|aus|von|desde|depuis|из|от|من|מ)(?:\s+the)?\s*$")  # where a trip starts
PRESENT_IN = re.compile(
    r"(?:^|\s)(?:in|at|à|au|aux|en|dans|в|во|nach|im|bei|a|na|no|em|ban|ben|في)(?:\s+(?:the|la|el|le|les|los|las|der|dem))?\s*$"
)
AUTHORITIES = re.compile(r"\s*(?:authorities|police|officials|government|forces|autorites|polizei|полиция|власти)")
ADJECTIVES = ("demonym", "leader")  # "the Israeli prime minister", "India's Modi": nobody goes there
MODIFIERS = ("denied", "cancelled")
HOME_CUE = ("ongoing", "planned")
# "India's Modi", "Hungary's Orbán"; not "Hungary's Capital" in a Title Case headline
LEADER_OF = re.compile(
    r"['’]s\s+(?!(?:Capital|City|Airport|Soil|Territory|Parliament|Border|Embassy|Palace|Summit)\b)"
    r"(?:[A-Z][a-z]+|[A-ZÁÉÍÓÖŐÚÜŰ][\w-]+)"
)


# "his Chadian counterpart", "son homologue tchadien", "نظيره التشادي": the leader who receives the person
COUNTERPART = re.compile(
    r"(?:homologue|homologo|omologo|amtskollege\w*|коллег\w*|نظيره)\s+(\w+)|(\w+)\s+(?:counterparts?|amtskollege\w*)\b"
)
# "a capital etíope", "la capitale éthiopienne", "the Ethiopian capital", "die äthiopische Hauptstadt"
CAPITAL_OF = re.compile(r"\b(?:capital|capitale|столиц\w*|العاصمة)\s+(\w+)|(\w+)\s+(?:capital|hauptstadt)\b")


# what a summit or a meeting is about is no destination: "dedicada à Somália", "consacré au Soudan"
# the words that introduce what is talked about ("about Putin", "talks on Ukraine", «über Hamas»)
TOPIC_WORDS = r"about|on|over|regarding|concerning|sur|sobre|uber|о|об|حول|بشان|על"
# a place talked about, not gone to: "talks on Ukraine", "conversações sobre a Ucrânia", «Sieg über Hamas»
TOPIC_OF = re.compile(
    r"(?:^|(?<!\bcall)(?<!\bcalls)(?<!\bcalled)(?<!\bcalling)\s)"  # "calls on Tajikistan to": no topic
    rf"(?:{TOPIC_WORDS})"
    r"\s+(?:the |la |le |les |l'|a |o |el |die |der |den |das )?$"
)
TOPIC_BEFORE = re.compile(
    r"(?:dedicad[ao]s?|dedicated|devoted|consacre\w*|consagrad[ao]s?) (?:to |a |ao |à |au |al )?"
    r"(?:the |o |a |le |la |el )?(?:pais e )?(?:a )?$"
)
HEADLINE_LABEL = re.compile(r"([^\W\d_][\w' -]{1,40}?)\s*:\s")  # "Ouganda : ...", "Djibouti: ..."


def near_any(span, others, reach: int) -> bool:
    """Whether a match or place lies within `reach` characters of any of `others` (matches or spans)."""
    a, b = (span.start(), span.end()) if isinstance(span, re.Match) else (span.start, span.end)
    for o in others:
        c, d = (o.start(), o.end()) if isinstance(o, re.Match) else (o.start, o.end)
        if a - d <= reach and c - b <= reach:
            return True
    return False


def placed_in(text: str, folded: str, p: Place) -> bool:
    """A place said as where something happens: "in New York", «в Анкоридже», "Budapesten"."""
    return (
        PRESENT_IN.search(fold(text[max(0, p.start - 10) : p.start])) is not None
        or re.search(r"(?:ban|ben|on|en|ön)$", folded[p.start : p.end]) is not None
        or re.match(r"\s+(?:allam|varos|megye)\w*(?:ban|ben)\b", folded[p.end : p.end + 16])
        is not None  # "Alaszka államban"
        or folded[p.start : p.start + 1] == "ב"  # Hebrew writes "in" as a prefix: בבית הלבן
    )


def compound_places(text: str, cues) -> list[Place]:
    """German writes the destination into the trip noun ("Deutschlandbesuch", "Chinabesuch"): the
    country before "besuch", as a place right after the cue so that the cue points to it."""
    out = []
    for c in cues:
        if c.kind == "noun" and len(c.text) > 8 and "besuch" in c.text[3:]:
            head = text[c.start : c.start + c.text.index("besuch", 3)]
            countries = [e for e in default_gazetteer().lookup(head) if e.kind == "country"]
            if countries:
                out.append(Place(head, c.end, c.end, countries[0].country, None, None, "country", 5.0))
    return out


def leaves_home(places: list[Place], anchor: Cue, home: str) -> bool:
    """ "left Khartoum", «покинул Москву»: the place left, right after the verb, is in the person's state."""
    return any(p.country == home and 0 <= p.start - anchor.end <= 3 for p in places)


def destination_of(
    text: str, s: Sentence, anchor: Cue, places: list[Place], home: str, modality: str, avoid=(), cues=()
):
    """The place the cue points to: after it in the sentence and led by a preposition first (or led so
    from another of the person's travel cues: "planned to go to Argentina, but the visit was cancelled"),
    then after it, then before it, then in the headline. The person's own state only when the cue points
    there and nothing else is named; the territory of the person's situation ("war crimes in Ukraine")
    last."""
    places = [p for p in places if p.kind not in ADJECTIVES]  # "the Israeli prime minister" goes nowhere
    places = [p for p in places if not TOPIC_OF.search(fold(text[max(0, p.start - 16) : p.start]))]  # "on Ukraine"
    # the territory of the situation only when the sentence itself names it ("the war in Ukraine" elsewhere)
    places = [p for p in places if p.country not in avoid or s.start <= p.start < s.end]

    def score(p: Place) -> tuple:
        inside = s.start <= p.start < s.end
        after = inside and p.start >= anchor.start
        pointed = inside and led_from(text, s, p, anchor)
        elsewhere = inside and led_from_any(text, s, p, cues)
        near = after and p.start - anchor.end <= 40
        distance = abs(p.start - anchor.start)
        # "took off from Ben Gurion" is where the trip starts; "returned from Nigeria", where it was
        origin = modality != "completed" and ORIGIN.search(fold(text[max(0, p.start - 12) : p.start])) is not None
        led = PREPOSITION.search(fold(text[max(0, p.start - 12) : p.start])) is not None
        headline = not inside and led  # "Netanjahu reist in die USA": where the headline sends the person
        return (p.country in avoid or origin, not inside, not pointed, not elsewhere, not headline, not near,
                not after, distance)  # fmt: skip

    ordered = sorted(places, key=score)
    abroad = [p for p in ordered if p.country != home]
    if abroad:
        return abroad[0]
    pointed = [p for p in ordered if score(p)[2] is False]
    return pointed[0] if pointed and modality in HOME_CUE else None


def led_from(text: str, s: Sentence, p: Place, cue: Cue) -> bool:
    """ "visit to Mongolia", "se rendre en Argentine": the place follows the cue, led by a preposition."""
    led = PREPOSITION.search(fold(text[max(s.start, p.start - 12) : p.start])) is not None
    return led and 0 <= p.start - cue.end <= 40


def led_from_any(text: str, s: Sentence, p: Place, cues) -> bool:
    return any(led_from(text, s, p, c) for c in cues if c.kind not in MODIFIERS)


def inside_a_name(text: str, p: Place, mentions: list[PersonMention]) -> bool:
    """ "Omar Hassan Al-Bashir": a town's name between a given name and the watched person's surname is
    part of the name."""
    given = re.search(r"[A-ZÀ-Þ][\w'-]+ $", text[max(0, p.start - 20) : p.start])
    return given is not None and any(m.start == p.end + 1 and not m.full for m in mentions)


def demonym_places(text: str, folded: str) -> list[Place]:
    """Demonyms the geoparser leaves alone (lower case in French, after the noun) that say where: the state
    whose leader receives the person ("accueilli par son homologue tchadien"), and the state whose capital
    it is ("a capital etíope", "la capitale éthiopienne")."""
    found = []
    for pattern, kind in ((COUNTERPART, "leader"), (CAPITAL_OF, "capital")):
        for m in pattern.finditer(folded):
            group = 1 if m.group(1) else 2
            states = {e.country for e in default_gazetteer().lookup(m.group(group)) if e.kind == "demonym"}
            if len(states) == 1:
                a, b = m.span(group)
                found.append(Place(text[a:b], a, b, states.pop(), None, None, kind, 1.0))
    return found


def headline_label(title: str, places: list[Place]) -> list[Place]:
    """ "Ouganda : Le président Museveni prête serment", "Djibouti: investiture ...": a headline that opens
    with a country and a colon says where its story happens, as a dateline does."""
    label = HEADLINE_LABEL.match(title)
    return [p for p in places if label and p.start == 0 and p.end == label.end(1) and p.kind == "country"]
