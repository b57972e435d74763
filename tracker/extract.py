"""From one report to travel claims: who goes where, when, and how sure the report is.

Most reports name no watched person and are rejected by one multi-pattern scan. For the others, the
text is cut into sentences; in each sentence that names the person, a travel cue counts only where the
person is its subject ("Putin will visit"), its guest ("Xi hosts Putin") or its possessor ("Putin's
visit", «визит Путина»), and not where the person is merely talked with ("talks with Putin by phone").
The destination is the first place after the cue in that sentence (else elsewhere in the sentence,
else in the headline), never the dateline ("MOSCOW, Aug 29 (Reuters) -") and never the person's own
state unless it is the only place the cue points to. The travel date is the date nearest the cue. The
claim keeps its evidence: the sentence, the cues, the rule. Sentences with no such cue are read by
`tracker.readings` (arrests, meetings abroad, flights, summits hosted at home); how the person stands to a
cue is `tracker.roles`, which modality the cues give `tracker.modality`, where a claim points
`tracker.claim_places`, when `tracker.claim_dates`, and which claims stand `tracker.claim_choice`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.geoparse import Place, geoparse
from geo.names import fold, script_of
from geo.reference import default_reference
from tracker.claim_choice import confidence, strongest_per_destination
from tracker.claim_dates import date_elsewhere, nearest_date, settle, vaguer
from tracker.claim_places import (
    ADJECTIVES,
    HOME_CUE,
    LEADER_OF,
    MODIFIERS,
    TOPIC_BEFORE,
    compound_places,
    demonym_places,
    destination_of,
    headline_label,
    inside_a_name,
    leaves_home,
    led_from_any,
)
from tracker.claims import (
    NOUN_RULES,
    Claim,
    Evidence,
    ReportText,
    clause_before,
    dateline_span,
    sentences_of,
)
from tracker.cues import Cue, Cues, default_cues
from tracker.events import default_events
from tracker.looking_back import looks_back, settle_past
from tracker.modality import (
    ARRIVED,
    DEPARTURE,
    ENDED,
    INVITATION,
    PRESENT_TENSE,
    TENTATIVE,
    WENT_AWAY,
    covers,
    modality_of,
)
from tracker.outlets import outside_outlets
from tracker.people import PeopleMatcher, PersonMention, default_matcher
from tracker.readings import Readings
from tracker.roles import Roles
from tracker.unread import needs_reader, unread

# the verb (German: its participle) closes the clause, far from its subject
VERB_FINAL = ("mn", "tr", "ja", "ko", "de", "fa", "hi", "bn")
GERMAN_NEGATION = re.compile(r"\b(?:nicht|nie|keinesfalls)\b")
HELD_IN = re.compile(r"[^,.;]{0,25}\b(?:in|at|a|à|en|em|no|na|в|во|in der|im)\s+(?:the\s+)?")
MAY_BEFORE = re.compile(r"\b(?:kann|konnte|darf|durfte)\b")  # "Netanjahu kann Deutschland ... besuchen"
MAY = re.compile(r"\s+(?:konnen|konnte|konne|durfen|durfte)\b")  # "wird Deutschland besuchen können": may, not will
# a trip said to be possible, dated or not ("Bashir could visit SA in December"); not "would", which reports
# what someone said will happen ("said he would attend on Monday")
POSSIBLY = re.compile(
    r"\b(?:could|may|might|possibly|pourrait|pourraient|podria|podrian|poderia|poderiam|potrebbe|potrebbero"
    r"|konnte|konnten|moglicherweise|может|могут|возможно|قد)\b"
)
UNSETTLED = 0.55  # an invitation or a plan only weighed, with no day: under the alert threshold, monitored
INVITATION_NOUN = re.compile(r"invitation|invitacion|convite|приглашени|meghivas|einladung|دعوة")
FORMAL_INVITATION = re.compile(r"(?:at the|a l'|по|على|auf|a|en)\s*$")  # "at the invitation of", «по приглашению»
ACCEPTED = re.compile(r"\baccept\w*|\bacept\w*|\bpri[nm]\w+ приглашени\w*|\bangenommen|\belfogadt\w*|\bقبل")
CONDITIONAL = re.compile(r"\b(?:if|si|wenn|falls|если|اذا|אם)\s+(?:\w+\s+){0,3}$")  # "if he attends"
# a place the gazetteer does not know, right after the travel word: the trip's, so the dateline is not
UNKNOWN_PLACE_AFTER = re.compile(
    r"(?:\s+\w+){0,3}?\s+(?:to|for|into|nach|do|vo|ve|v|u|na|w|ke|в|во|до|у|на)\s+[A-ZÀ-ÞА-ЯČŠŽ][^\W\d_]{3,}"
)
TURKISH_PARTICIPLE = re.compile(r"(?:en|an)$")  # "ziyaret gerçekleştiren Rus lider Putin": the one visiting
# "Magyarországra jön Netanjahu", "Am Montag kam Netanjahu", "ankom Putin": the subject after its verb (Tagalog:
# always, "Dumating si Netanyahu")
SUBJECT_AFTER_VERB = ("hu", "de", "no", "nb", "nn", "tl", "bn")  # Bengali headlines too
WEAK_CUE = re.compile(r"\b(?:hold|holds|held|meet|meets|met|talks)\b")  # a trip only with a place abroad


class Extractor(Readings, Roles):
    def __init__(self, matcher: PeopleMatcher | None = None, cues: Cues | None = None) -> None:
        self.matcher = matcher or default_matcher()
        self.cues = cues or default_cues()
        self.ref = default_reference()
        self.events = default_events()

    def extract(self, report: ReportText) -> list[Claim]:
        """One claim per person and destination (the strongest), strongest first; [] for no person."""
        return self.read(report)[1]

    def read(self, report: ReportText) -> tuple[list[PersonMention], list[Claim]]:
        """The watched people the report names (one multi-pattern scan: most reports stop there) and the
        claims about their travel."""
        text = report.text
        mentions = self.matcher.find(text, report.day)
        if not mentions:
            return [], []
        folded = fold(text)
        found = geoparse(text, report.language)
        places = [self._adjective(text, folded, p) for p in found if p.country and p.kind != "continent"]
        places = [p for p in places if not self._overflown(folded, p) and fold(p.name) not in self.cues.not_places]
        places = [p for p in outside_outlets(folded, places) if not inside_a_name(text, p, mentions)]
        places = [p for p in places if not any(m.start <= p.start < m.end for m in mentions)]  # "Putina", no town
        dateline = dateline_span(text, report.title)
        placed_at = [
            p for p in places if dateline and dateline[0] <= p.start < dateline[1] and p.kind not in ADJECTIVES
        ] or headline_label(report.title, places)
        places = [p for p in places if not (dateline and dateline[0] <= p.start < dateline[1])]
        places = sorted(self._with_venues(text, folded, places) + demonym_places(text, folded), key=lambda p: p.start)
        sentences = sentences_of(text)
        claims: list[Claim] = []
        for person in dict.fromkeys(m.person for m in mentions):
            own = [m for m in mentions if m.person == person]
            found = [
                c
                for s in sentences
                if any(s.start <= m.start < s.end for m in own)
                for c in [self._claim(report, text, folded, s, person, own, places, dateline, placed_at)]
                if c is not None
            ]
            home = self.ref.people[person].nationality
            signs = looks_back(folded, sentences, own, places, home, self.cues, found)
            claims.extend(settle_past(strongest_per_destination(found), signs, report.day))
            if not found and unread(report, folded, self.cues):  # a language we have no words for
                claims.extend(c for c in [needs_reader(report, text, person, places, self.ref)] if c is not None)
        return mentions, sorted(claims, key=lambda c: -c.confidence)

    # --- one sentence -------------------------------------------------------------------------------

    def _claim(self, report, text, folded, s, person, own, places, dateline, placed_at) -> Claim | None:
        here = [m for m in own if s.start <= m.start < s.end]
        cues = [c for c in self.cues.find(folded, s.start, s.end) if not _inside_any(c, here)]
        arabic = report.language == "ar" or any(script_of(text[m.start : m.end]) == "Arabic" for m in here)
        accepted: list[tuple[Cue, str]] = []
        for cue in cues:
            participle = report.language == "tr" and TURKISH_PARTICIPLE.search(cue.text) is not None
            inverted = arabic or report.language in SUBJECT_AFTER_VERB or participle
            rule = self._role(text, folded, cue, here, inverted, report.language in VERB_FINAL)
            if rule:
                accepted.append((replace(cue, kind="cancelled") if cue.kind == "stand_in" else cue, rule))
        accepted = [(c, r) for c, r in accepted if not any(covers(o, c) for o, _ in accepted)]
        if accepted:  # a denial or a cancellation anywhere in the sentence speaks of the same trip
            accepted += [(c, "said of the trip in the same sentence") for c in cues if c.kind in MODIFIERS]
        sentence = text[s.start : s.end].strip()
        custody = self._custody(report, text, folded, s, here, places, dateline, arabic, placed_at)
        if custody is not None:
            return custody
        travelling = any(c.kind in ("planned", "ongoing", "cancelled", "denied") for c, _ in accepted)
        proceedings = None if travelling else self._proceedings(text, folded, s, here, places)
        if proceedings is not None:  # unless a verb has the person travel ("will visit ... a failure to arrest")
            return proceedings
        merely = all(self._merely_mentioned(folded, m) for m in here)
        if not accepted:
            met = self._met_abroad(report, text, folded, s, here, places, dateline, arabic, placed_at)
            met = met or self._flight(report, text, folded, s, here, places, dateline, arabic)
            if met is not None:
                return met
            if merely and cues:
                return Claim(person, None, "none", None, 0.6, Evidence(sentence, (), "mentioned only"))
            bound = self._headline_bound(report, text, folded, s, here, places, dateline, arabic)
            return (
                bound
                or self._failed_to_arrest(text, folded, s, here, places)
                or self._present_in(report, text, s, here, places, merely)
            )
        if any(c.kind == "host" for c, _ in accepted):  # "Putin hosts the BRICS summit in Kazan": at home
            return self._hosting(report, folded, s, person, sentence)
        modality, rule, anchor = modality_of(accepted, folded)
        if modality in ("ongoing", "completed") and CONDITIONAL.search(folded, max(0, anchor.start - 40), anchor.start):
            modality, rule = "planned", rule + " (if: a trip in view)"  # "will not be arrested if he attends"
        looked_back = modality == "ongoing" or rule.startswith(NOUN_RULES)  # not "to visit Germany without arrest"
        if looked_back and modality in HOME_CUE and self.cues.aftermath.search(folded, s.start, s.end):
            coming = nearest_date(text, s, anchor, report.day, modality, dateline, self._said_on(folded, arabic))
            if coming is None or coming.first <= report.day:  # "a failure to arrest him would breach ...": to come
                modality, rule = "completed", rule + " (a failure to arrest: the trip is over)"
        if modality == "planned" and (self._negated(folded, anchor) or self.cues.negation.search(anchor.text)):
            modality, rule = "cancelled", rule + " (negated)"
        home = self.ref.people[person].nationality
        travel_cues = tuple(c for c, _ in accepted)
        places = places + compound_places(text, travel_cues)  # "bei einem Deutschlandbesuch"
        place = destination_of(text, s, anchor, places, home, modality, self._situation_territory(person), travel_cues)
        if place is not None and place.start > anchor.start and TOPIC_BEFORE.search(folded, 0, place.start):
            place = placed_at[0] if placed_at else None  # "à capital etíope para uma cúpula dedicada à Somália"
        if rule.startswith("the person among") and place is not None and place.start > anchor.start:
            # "devant les chefs d'État du Soudan et de la Somalie, Omar el-Béchir": the guests' states follow
            before = [p for p in places if s.start <= p.start < anchor.start and p.kind not in ADJECTIVES]
            place = before[-1] if before else (placed_at[0] if placed_at else None)
        window = None
        said = self._said_on(folded, arabic)
        when = nearest_date(text, s, anchor, report.day, modality, dateline, said)
        present = PRESENT_TENSE.fullmatch(anchor.text) or anchor.text in self.cues.present
        if modality == "ongoing" and present:  # "arrives on Wednesday", "arriba este martes": to come
            coming = nearest_date(text, s, anchor, report.day, "planned", dateline, said)
            when = coming if coming is not None and coming.first > report.day else when

        if modality == "ongoing" and when is not None and when.first > report.day and ARRIVED.match(anchor.text):
            when = None  # "est arrivé à Oulan-Bator, où il a prévu de rencontrer ... demain": there already
        if modality == "ongoing" and when is not None and (when.first - report.day).days > 0:
            modality = "planned"  # "Putin visits Mongolia next week": a present tense for a coming trip
        past = nearest_date(text, s, anchor, report.day, "completed", dateline, said)
        modality, when = settle(modality, rule, when, past, anchor, report.day)
        today = when is not None and when.first == report.day and (when.last - when.first).days <= 1
        went_away = ENDED.match(anchor.text) or WENT_AWAY.match(anchor.text)
        if modality == "completed" and today and not went_away:  # "s'est rendu à N'Djamena mercredi", that day
            modality, rule = "ongoing", rule + " (on the report's own day: still there)"
        if modality == "completed" and DEPARTURE.match(anchor.text) and leaves_home(places, anchor, home):
            modality, rule = "ongoing", rule + " (left home: the trip begins)"  # "a quitté Khartoum pour Bagdad"
        after_cue = place is not None and s.start <= place.start < s.end and place.start >= anchor.start
        unknown = UNKNOWN_PLACE_AFTER.match(text, anchor.end) is not None  # "pricestoval v stredu do Pchjongjangu"
        dateline_there = placed_at and placed_at[0].country != home and not unknown
        if modality in ("ongoing", "completed") and not after_cue and dateline_there:
            place = placed_at[0]  # "KAMPALA - ... al-Bashir was in attendance": where the reporter is
        destination = place.country if place else None
        past_trip = modality == "completed"
        event_here = self.events.named_in(folded[s.start : s.end], report.day, past_trip)
        event = event_here or self.events.named_in(folded, report.day, past_trip)
        if event is not None and place is not None and fold(place.name) == fold(event.city):
            destination = event.host  # "the G20 summit in Bali": the summit's city, not a namesake elsewhere
        elif event is not None and destination is not None and event.host != destination:
            there = self.events.hosted_by(event, destination, report.day)  # "the G20 ... in Brazil" next year
            event = there or (None if self._held_in(folded, s, event, place) else event)  # "(G20) in Rome": not Bali
        if event is not None:  # "the BRICS summit": its host, and its days when the text gives none
            led = place is not None and led_from_any(text, s, place, travel_cues)
            if destination is None or (event_here is not None and not led and event.host != destination):
                destination = event.host  # "attends Arab summit ... divided over Iran": the summit's host
        if when is None:  # the date in the headline or the lead
            when = date_elsewhere(text, anchor, report.day, modality, dateline, said)
        if event is not None and event.host == destination and vaguer(when, event, report.day):
            when = None  # "next month's BRICS summit": the summit's own days are more precise
        if destination is None and modality in ("ongoing", "completed", "cancelled"):
            hosts = [p for p in places if s.start <= p.start < s.end and p.kind == "leader" and p.country != home]
            destination = hosts[0].country if hosts else None  # "Kenyan President Kibaki ... the presence of"
        if destination is None and all(WEAK_CUE.search(c.text) for c, _ in accepted):
            return None  # "Putin will hold talks with Modi in Moscow": a meeting at home is no trip
        if destination is None and modality == "denied":
            return Claim(person, None, "none", None, 0.6, Evidence(sentence, (), "a denial of no trip abroad"))
        before_cue = place is not None and place.start < anchor.start  # "Putin in Kyrgyzstan on a trip"
        if modality == "planned" and when is None and rule.startswith(NOUN_RULES) and before_cue:
            there = self._present_in(report, text, s, here, places, False)
            if there is not None and there.destination == destination and there.modality == "ongoing":
                modality, rule = "ongoing", rule + " (the person is there)"
        if when is not None:
            window = (when.first, when.last)
        elif modality == "ongoing":  # under way: it began by the report's day, whatever the event's days
            window = (report.day, report.day)
        elif event is not None and event.host == destination:
            window = (event.start, event.end)
        located = place is not None and s.start <= place.start < s.end
        sure = confidence(here, located, destination is not None, window is not None)
        if s.start < len(report.title.strip()):
            sure = min(1.0, sure + 0.05)  # the headline is what the outlet stands behind
        if modality == "planned" and window is None and self._invited_only(folded, cues, travel_cues):
            sure, rule = min(sure, UNSETTLED), rule + " (an invitation, not yet a trip)"
        elif modality == "planned" and window is None and self._possible_only(folded, anchor):
            sure, rule = min(sure, UNSETTLED), rule + " (weighed, not yet decided)"  # "envisage de visiter"
        elif modality == "planned" and POSSIBLY.search(clause_before(folded, anchor.end, 40)):
            sure, rule = min(sure, UNSETTLED), rule + " (possible, not announced)"  # "could visit in December"
        cue_texts = tuple(dict.fromkeys(c.text for c, _ in accepted))
        date_text = when.text if when else (event.id if window and event else "")
        place_text = place.name if place else (event.city if event else "")
        evidence = Evidence(sentence, cue_texts, rule, date_text, place_text)
        return Claim(person, destination, modality, window, sure, evidence)

    def _possible_only(self, folded: str, anchor: Cue) -> bool:
        """A trip weighed or possible, not decided: "envisage de visiter", "Netanjahu kann Deutschland ...
        besuchen", "wird Deutschland besuchen können"."""
        clause = clause_before(folded, anchor.start, 40)
        return bool(TENTATIVE.match(anchor.text) or MAY.match(folded, anchor.end) or MAY_BEFORE.search(clause))

    def _held_in(self, folded: str, s, event, place: Place) -> bool:
        """The sentence names the event and, right after it, the place where it is held ("(G20) in Rome")."""
        named = self.events.patterns[event.series].search(folded, s.start, s.end)
        return named is not None and HELD_IN.fullmatch(folded, named.end(), place.start) is not None

    def _invited_only(self, folded: str, cues: list[Cue], travel: tuple[Cue, ...]) -> bool:
        """ "Hungary has invited Netanyahu to visit", "Merz will Netanjahu zu einem Besuch einladen": an
        invitation with no day and no acceptance is no trip yet; "at the invitation of", the formula of an
        announced visit, is not meant. `cues`: all of the sentence's; `travel`: those said of the person."""
        invited = [c for c in cues if INVITATION.match(c.text) and not INVITATION_NOUN.search(c.text)]
        formula = any(FORMAL_INVITATION.search(folded, max(0, c.start - 12), c.start) for c in invited)
        # any other travel word ("ma érkezik", arrives today) is more than an invitation, bar its own "to visit"
        others = [c for c in travel if c not in invited and not any(abs(c.start - i.start) <= 60 for i in invited)]
        return bool(invited) and not formula and not others and ACCEPTED.search(folded) is None

    def _with_venues(self, text: str, folded: str, places: list[Place]) -> list[Place]:
        """Buildings that stand for a state ("at the White House") replace what the gazetteer made of them."""
        spans = self.events.venues_in(folded)
        if not spans:
            return places
        kept = [p for p in places if not any(a < p.end and p.start < b for a, b, _ in spans)]
        venues = [Place(text[a:b], a, b, v.host, None, None, "venue", 10.0) for a, b, v in spans]
        return sorted(kept + venues, key=lambda p: p.start)

    def _adjective(self, text: str, folded: str, p: Place) -> Place:
        """ "Indian Prime Minister Modi", "India's Modi": a country named to say whose leader is meant is
        an adjective, no destination."""
        if self.cues.titles_after.match(folded, p.end) or LEADER_OF.match(text, p.end):
            return replace(p, kind="leader")
        return p

    def _overflown(self, folded: str, p: Place) -> bool:
        """ "Canadian airspace", "the airspace of Greece, Italy and France": crossed, not visited."""
        before = folded[max(0, p.start - 40) : p.start]
        return bool(self.cues.airspace.match(folded, p.end + 1) or self.cues.airspace.search(before))

    def _situation_territory(self, person: str) -> tuple[str, ...]:
        """Where the person's alleged crimes were ("war crimes in Ukraine"): named often, seldom visited."""
        situation = self.ref.situations.get(self.ref.people[person].situation)
        return (situation.territory,) if situation and situation.territory else ()

    def _negated(self, folded: str, cue: Cue) -> bool:
        """ "will not travel", «не поедет», "não viajará", "reist nicht": a negation next to the verb."""
        before = folded[max(0, cue.start - 12) : cue.start]
        after = folded[cue.end : cue.end + 8]
        clause = clause_before(folded, cue.start, 40)
        return (
            bool(re.search(r"(?:" + self.cues.negation.pattern + r")\s*$", before))
            or bool(re.match(r"\s*(?:" + self.cues.negation.pattern + r")", after))
            or GERMAN_NEGATION.search(clause) is not None  # "nicht nach Ägypten reist": the verb closes the clause
        )


def _inside_any(cue: Cue, mentions: list[PersonMention]) -> bool:
    return any(cue.start < m.end and m.start < cue.end for m in mentions)
