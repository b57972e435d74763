"""How a watched person stands to a travel cue in a sentence: the traveller (subject of the verb, guest
of a host, owner of the trip: "Putin will visit", "Xi hosts Putin", «визит Путина»), or someone the
sentence merely speaks of ("talks with Putin by phone"), visits ("rend visite à Poutine") or stands in for.
Mixed into `Extractor`, whose cue lexicon it uses."""

from __future__ import annotations

import re

from tracker.claims import s_start
from tracker.cues import Cue, Cues
from tracker.people import PersonMention

SUBJECT_REACH = 120  # characters between the person and a cue they are the subject of
VERB_FINAL_REACH = 300
ARABIC_REACH = 60  # a verb-first language: the cue may come first
GERMAN_MODAL = re.compile(r"\b(?:will|wollen|soll|sollen|mochte|kann)\b(?![^.;]*\b(?:wurde|worden)\b)")
# a name right before the verb is its subject: "Orbán Viktor megérkezett a Kremlbe ... Putyin elnökkel"
NAMED_SUBJECT = re.compile(r"[A-ZÀ-Þ][\w'-]+ [A-ZÀ-Þ][\w'-]+\s+$")
# Hungarian case endings of an object or a companion ("látogatta meg Putyint", "tárgyalt Putyinnal")
HU_OBJECT = re.compile(r"(?<=[a-zà-ÿ])(?:t|nak|nek|nal|nel|val|vel|hoz|hez)$")
PASSIVE_BEFORE = re.compile(r"(?:\bis|\bwas|\bwere|\bbeen|\bbeing|\bbe|\bget|\bgot)\s+$")
PASSIVE_AFTER = re.compile(r"\s+(?:at|in|by|to|into|on)\b")
POSSESSIVE = re.compile(r"(?:['’]s?|-)?\s*(?:[^\W\d_]+\s+){0,2}", re.UNICODE)
GENITIVE_SUBJECT = re.compile(r"\s(?:of|by|de|du|des|von)$|^(?:в присутствии|بحضور|visiting)$")
# a list of those present follows: "ont participé de nombreux chefs d'Etat dont ...", "In attendance are ...",
# "Etaient présents également le Soudanais Omar el-Béchir", "devant les chefs d'État du Soudan et de la Somalie,
# Omar el-Béchir et ..."
ATTENDEES = re.compile(
    r"ont participe|ont assiste|devant\s+les chefs d'etat|in attendance|among (?:those|the)|etaient presents"
    r"|sont presents|parmi les|entre (?:los|os)|unter den|среди|من بين"
)
# "en présence de nombreux chefs d'Etat africains, dont le président soudanais, Omar el-Béchir"
AMONG = re.compile(
    r"\b(?:dont|including|among them|among whom|entre ellos|entre eles|darunter|в том числе|بينهم|ومنهم)\b"
)
OWNER_AFTER = re.compile(r"\s+(?:of|by|de|du|des|von|da|do)\s+(?:[\w.-]+\s+){0,4}?[A-Z][a-z]+\s+[A-Z][a-z]+")
# "rend visite à Poutine", "a visit to Putin", «визит к Путину», "zu Besuch bei Putin": someone visits the person
VISITED = re.compile(r"\s*(?:a|à|au|to|к|ко|al|ao|bei|zu|على|إلى|الى)\s+$")
VISIT_TO = re.compile(r"\s*(?:a|à|au|aux|to|к|ко|al|ao|bei|zu|chez|على|إلى|الى)\s")
BY_TRAVELLER = re.compile(r"\b(?:by|of|de|du|des|von|par|por)\s+$")
# "Poutine a accueilli Modi", "Putin welcomed Modi": the person receives the guest, goes nowhere
RECEIVES = re.compile(r"^(?:accueilli\w*|recibido|recebido|accolto|empfangen|welcomed|greeted|received|fogadta)$")
SELF_EVIDENTLY_ACTIVE = ("welcomed", "greeted", "fogadta")  # no auxiliary needed: "Putyin fogadta a delegációt"
ACTIVE_AUX = re.compile(r"(?:^|\s)(?:a|ha|has|have|had|hat|hatte|habia|tinha)\s+$")
PASSIVE_AUX = re.compile(r"(?:^|\s)(?:was|were|is|been|est|ete|fue|foi|wurde|e|stato|sera)\s+$")
# Turkish object cases after the name: "Putin'i ziyaret etti" (accusative), "Putin'e" (dative): someone else goes
OBJECT_CASE = re.compile(r"['’](?:y?[iıuüae])(?!\w)")
# "Netanyahu's wife Sara flew to Washington": the person's relative is the subject, not the person
RELATIVE_AFTER = re.compile(
    r"['’]s?\s+(?:\w+\s+)?(?:wife|son|sons|daughter|brother|sister|father|mother|spouse|husband|family|widow)\b"
)
DELEGATION = re.compile(
    r"(?:delegation|delegacion|delegacao|делегаци\w*|وفد)\b.{0,60}(?:led|headed) by|conduite par|encabezada por"
    r"|chefiada por|во главе с|برئاسة"
)


class Roles:
    """The person's role towards a cue; `Extractor` keeps a cue only where the person is the traveller."""

    cues: Cues

    def _role(self, text: str, folded: str, cue: Cue, here: list[PersonMention], inverted: bool, final=False) -> str:
        """How the person stands to the cue, or "" when they do not (someone else travels). `inverted`: the
        language puts a subject after its verb as readily as before (Arabic; Hungarian "jön Netanjahu")."""
        if cue.kind == "object":
            if any(_joined(text, cue.end, m.start) for m in here):
                return "guest of the host"
            led = any(0 <= m.start - cue.end <= 120 and DELEGATION.search(folded, cue.end, m.start) for m in here)
            return "head of the delegation the host receives" if led else ""  # "hosted a delegation led by"
        if cue.kind == "stand_in":  # "Lavrov, in place of Putin", "Putyin helyett": the person stays away
            after = any(_joined(text, cue.end, m.start) for m in here)
            before = any(0 <= cue.start - m.end <= 3 for m in here) and cue.text == "helyett"
            return "someone goes in the person's place" if after or before else ""
        if GENITIVE_SUBJECT.search(cue.text) and any(_joined(text, cue.end, m.start) for m in here):
            return "the person named after the cue"  # "the presence of President al-Bashir", "attended by"
        listed = ATTENDEES.match(cue.text) and any(0 <= m.start - cue.end <= 120 for m in here)
        if listed or (GENITIVE_SUBJECT.search(cue.text) and any(_among(folded, cue.end, m.start) for m in here)):
            return "the person among those named after the cue"
        if cue.kind == "host":
            passive = PASSIVE_BEFORE.search(folded[max(0, cue.start - 12) : cue.start]) or PASSIVE_AFTER.match(
                folded, cue.end
            )
            hosting = any(0 <= cue.start - m.end <= 40 for m in here)
            return "" if passive or not hosting else "the person hosts"
        if cue.kind == "noun":
            if any(_joined(text, cue.end, m.start) and not _visited(folded, cue.end, m.start) for m in here):
                return "trip named with the person"  # "visit by Putin", «визит Путина»
            if any(_joined(text, m.end, cue.start, possessive=True) for m in here):
                return "the person's trip"  # "Putin's visit", "Netanjahu-Besuch"
            if OWNER_AFTER.match(text, cue.end):
                return ""  # "the visit of top U.S. diplomat Marco Rubio": someone else's trip
            near = [m for m in here if 0 <= cue.start - m.end <= 60 and not OBJECT_CASE.match(text, m.end)]
            if any(not re.search(r"[,;:]", text[m.end : cue.start]) for m in near):
                return "the trip the person's clause speaks of"  # «Путин пока не принял решения о поездке»
            return ""
        if RECEIVES.match(cue.text) and not PASSIVE_AUX.search(folded[max(0, cue.start - 8) : cue.start]):
            active = ACTIVE_AUX.search(folded[max(0, cue.start - 8) : cue.start]) or cue.text in SELF_EVIDENTLY_ACTIVE
            if active and any(0 <= cue.start - m.end <= SUBJECT_REACH for m in here):
                return ""  # the person is the host
            modal = GERMAN_MODAL.search(folded, max(0, cue.start - 120), cue.start)
            if cue.text == "empfangen" and modal and not re.match(r"\s+werden\b", folded[cue.end : cue.end + 8]):
                return ""  # "Trump will ... Netanjahu in Washington empfangen": Trump receives, the clause ends so
        for m in here:
            if OBJECT_CASE.match(text, m.end) or RELATIVE_AFTER.match(folded, m.end):
                continue
            gap = cue.start - m.end
            if 0 <= gap <= (VERB_FINAL_REACH if final else SUBJECT_REACH) and not self._merely_mentioned(folded, m):
                between = folded[m.end : cue.start]
                if "," in between and _another_subject(text[m.end : cue.start]):
                    continue
                return "subject of the travel verb"
            first = cue.start - s_start(text, cue.start) <= 2  # "Megérkezett Budapestre Benjamin Netanjahu"
            if (
                (inverted or first)
                and 0 <= m.start - cue.end <= ARABIC_REACH
                and not HU_OBJECT.search(text, m.start, m.end)
                and not NAMED_SUBJECT.search(text, max(0, cue.start - 30), cue.start)
            ):
                return "subject after the verb (verb-first)"  # not "Orbán Viktor megérkezett ..., Putyin elnökkel"
        return ""

    def _merely_mentioned(self, folded: str, m: PersonMention) -> bool:
        return self.cues.mention_only.search(folded[max(0, m.start - 60) : m.start]) is not None


def _joined(text: str, start: int, end: int, possessive: bool = False) -> bool:
    """Nothing but a possessive, a preposition, a title or two, between a trip word and the person
    ("Putin's planned visit", "visit by President Putin", «визит Президента России Путина»)."""
    if not 0 <= end - start <= 48:
        return False
    between = text[start:end]
    if possessive:
        return bool(POSSESSIVE.fullmatch(between))
    return ":" not in between and ";" not in between and len(between.split()) <= 4


def _among(folded: str, start: int, end: int) -> bool:
    """ "in the presence of many African heads of state, including Sudan's al-Bashir"."""
    return 0 <= end - start <= 100 and AMONG.search(folded, start, end) is not None


def _visited(folded: str, start: int, end: int) -> bool:
    """The person named after "visit to", «визит к», "visite au chef du Kremlin, Vladimir Poutine": the one
    visited, not the traveller (unless a "by" or "of" names the traveller: "a visit to Mongolia by Putin")."""
    gap = folded[start:end]
    return bool(VISITED.match(gap) or (VISIT_TO.match(gap) and not BY_TRAVELLER.search(gap)))


def _another_subject(between: str) -> bool:
    """ "Putin, whom Khurelsukh invited, ..." : a capitalised name inside a clause before the verb."""
    return re.search(r",\s*(?:who|whom|which|que|qui|который)\b", between, re.IGNORECASE) is None and bool(
        re.search(r",[^,]*\b[A-Z][a-z]+\b[^,]*\b(?:said|says|told|announced)\b", between)
    )
