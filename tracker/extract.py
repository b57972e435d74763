"""From one report to travel claims: who goes where, when, and how sure the report is.

Most reports name no watched person and are rejected by one multi-pattern scan. For the others, the
text is cut into sentences; in each sentence that names the person, a travel cue counts only where the
person is its subject ("Putin will visit"), its guest ("Xi hosts Putin") or its possessor ("Putin's
visit", «визит Путина»), and not where the person is merely talked with ("talks with Putin by phone").
The destination is the first place after the cue in that sentence (else elsewhere in the sentence,
else in the headline), never the dateline ("MOSCOW, Aug 29 (Reuters) -") and never the person's own
state unless it is the only place the cue points to. The travel date is the date nearest the cue. The
claim keeps its evidence: the sentence, the cues, the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from geo.gazetteer import default_gazetteer
from geo.geoparse import Place, geoparse
from geo.names import fold, script_of
from geo.reference import default_reference
from tracker.cues import MODALITIES, Cue, Cues, default_cues
from tracker.events import default_events
from tracker.people import PeopleMatcher, PersonMention, default_matcher
from tracker.when import When, find_dates

# "MOSCOW, Aug 29 (Reuters) -", "ULAANBAATAR (AP) —", "Budapest, 3 avril (AFP) -"
DATELINE = re.compile(
    r"^\s*([^\W\d_][^\W\d_ .'’/-]*(?:[ .'’/-]+[^\W\d_]+){0,3})\s*(?:,[^()\n—–/-]{0,40})?\s*"
    r"(?:(?:\([^)]{1,40}\))?\s*[-–—:]+\s|/[^/\n]{1,20}/\.?\s)"  # "(Reuters) -", "(Xinhua) --", "/ТАСС/."
)
SENTENCE_END = re.compile(r"(?<=[.!?。؟])\s+(?=[\"'«“(]?[^\W\d_])|\n+")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "lt",
        "col",
        "sen",
        "rep",
        "gov",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "u.s",
        "u.k",
    ]
)
SUBJECT_REACH = 120  # characters between the person and a cue they are the subject of
VERB_FINAL = ("mn", "tr", "ja", "ko")  # the verb closes the sentence, far from its subject or object
VERB_FINAL_REACH = 300
ARABIC_REACH = 60  # a verb-first language: the cue may come first
PREPOSITION = re.compile(
    r"(?:^|\s)(?:to|in|into|for|at|à|a|au|aux|en|vers|nach|in|ins|zum|zur|в|во|на|إلى|الى|الي|في|ل)"
    r"(?:\s+(?:the|la|le|les|l'|el|los|das|der|die|dem|den))?\s*$"  # "in the Netherlands", "à la Haye"
)
AUTHORITIES = re.compile(r"\s*(?:authorities|police|officials|government|forces|autorites|polizei|полиция|власти)")
HOME_CUE = ("ongoing", "planned")
PASSIVE_BEFORE = re.compile(r"(?:\bis|\bwas|\bwere|\bbeen|\bbeing|\bbe|\bget|\bgot)\s+$")
PASSIVE_AFTER = re.compile(r"\s+(?:at|in|by|to|into|on)\b")
POSSESSIVE = re.compile(r"(?:['’]s?|-)?\s*(?:[^\W\d_]+\s+){0,2}", re.UNICODE)
MODIFIERS = ("denied", "cancelled")
PRESENT_RULE = "the person in a foreign place"
CUSTODY_RULE = "the person is in custody"
FLIGHT_RULE = "the person's flight"
MEETING_RULE = "a meeting with the person in a place abroad"
PROCEEDINGS_RULE = "the Court's finding that a state failed to arrest: proceedings, not travel"
REPORT_RULES = (CUSTODY_RULE, PROCEEDINGS_RULE)  # what the whole report is about, whatever else it recalls
# present-tense wording that describes a visit rather than reports an arrival: a plan beside it wins
WEAK_ONGOING = re.compile(
    r"visits|is visiting|on (?:a|an|his|her|the) (?:\w+ )?(?:visit|trip|tour) (?:to|of)|in town for"
)
PRESENT_IN = re.compile(r"(?:^|\s)(?:in|à|en|в|во|nach|in|a|na|em|ban|ben|في)\s*$")
GENITIVE_SUBJECT = re.compile(r"\s(?:of|by|de|du|des|von)$|^(?:в присутствии|بحضور)$")
OWNER_AFTER = re.compile(r"\s+(?:of|by|de|du|des|von|da|do)\s+(?:[\w.-]+\s+){0,4}?[A-Z][a-z]+\s+[A-Z][a-z]+")
LEADER_OF = re.compile(r"['’]s\s+(?:[A-Z][a-z]+|[A-ZÁÉÍÓÖŐÚÜŰ][\w-]+)")  # "India's Modi", "Hungary's Orbán"
DEPARTURE = re.compile(
    r"^(?:left|leaves|a quitte|покинул\w*|غادر|verließ|verliess|elhagyta|deixou|abandono|ha lasciato)"
)
ARRIVED = re.compile(r"arriv|landed|atterri|llego|chegou|прибыл|прилетел|وصل|נחת|megerkez")
GERUND_AFTER = r"\b(?:from|of|against|about|before|without|prevent\w*|stop)\s+$"
DELEGATION = re.compile(
    r"(?:delegation|delegacion|delegacao|делегаци\w*|وفد)\b.{0,60}(?:led|headed) by|conduite par|encabezada por"
    r"|chefiada por|во главе с|برئاسة"
)
ADJECTIVES = ("demonym", "leader")  # "the Israeli prime minister", "India's Modi": nobody goes there
HEAD_TITLE = re.compile(
    r"president|presidente|prasident\w*|elnok\w*|президент\w*|prime minister|premier|премьер\w*|primer ministro"
    r"|ministerprasident\w*|miniszterelnok\w*|leader|лидер\w*|dirigeant|lider|head of state|chef d'etat"
    r"|глав\w+ государства|الرئيس|رئيس الوزراء|ראש הממשלה|נשיא|ерөнхийлөгч\w*"
)
ADJACENT_BEFORE = re.compile(r"(\w+)\s+$")
ADJACENT_AFTER = re.compile(r"\s+(\w+)")
HEADLINE_IN = re.compile(r"\s+in[.!]?\s*$")  # a headline's last word: "Bashir in" (has arrived)
WEAK_CUE = re.compile(r"\b(?:hold|holds|held|meet|meets|met|talks)\b")  # a trip only with a place abroad
INVITATION = re.compile(r"^(?:invit|a invit|convid|пригла|meghiv|دعا|يدعو|lädt|ladt|eingeladen)")
FUTURE_HOST = re.compile(r"^(?:will|wird|recevra|accueillera|recibira|acogera|примет|سيستقبل|fogadni fogja)")


@dataclass(frozen=True)
class Evidence:
    sentence: str
    cues: tuple[str, ...]
    rule: str
    date_text: str = ""
    place_text: str = ""


@dataclass
class Claim:
    person: str
    destination: str | None
    modality: str
    window: tuple[date, date] | None
    confidence: float
    evidence: Evidence

    @property
    def travel_start(self) -> date | None:
        return self.window[0] if self.window else None

    def likely_start(self, published: date) -> date | None:
        """The travel start, or for news of a trip just over that gives no date, the day before the
        report's: such news follows the trip (an estimate, for a single report read alone; episodes
        keep the claim undated so that it joins the trip it speaks of)."""
        if self.window is None and self.modality == "completed" and self.evidence.rule != CUSTODY_RULE:
            return published - timedelta(days=1)
        return self.travel_start


@dataclass(frozen=True)
class ReportText:
    title: str
    summary: str = ""
    content: str = ""
    published: datetime | date | None = None
    language: str | None = None

    @property
    def text(self) -> str:
        parts = [p.strip() for p in (self.title, self.summary, self.content) if p and p.strip()]
        return "\n".join(parts)

    @property
    def day(self) -> date:
        when = self.published
        if isinstance(when, datetime):
            return when.date()
        return when or date.today()


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int


class Extractor:
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
        mentions = self.matcher.find(text)
        if not mentions:
            return [], []
        folded = fold(text)
        places = [self._adjective(text, folded, p) for p in geoparse(text) if p.country and p.kind != "continent"]
        places = [p for p in places if not self._overflown(folded, p) and fold(p.name) not in self.cues.not_places]
        dateline = _dateline(text, report.title)
        placed_at = [
            p for p in places if dateline and dateline[0] <= p.start < dateline[1] and p.kind not in ADJECTIVES
        ]
        places = [p for p in places if not (dateline and dateline[0] <= p.start < dateline[1])]
        places = self._with_venues(text, folded, places)
        sentences = _sentences(text)
        claims: list[Claim] = []
        for person in dict.fromkeys(m.person for m in mentions):
            own = [m for m in mentions if m.person == person] + self._called_by_office(
                text, folded, person, mentions, places
            )
            found = [
                c
                for s in sentences
                if any(s.start <= m.start < s.end for m in own)
                for c in [self._claim(report, text, folded, s, person, own, places, dateline, placed_at)]
                if c is not None
            ]
            claims.extend(_strongest_per_destination(found))
        return mentions, sorted(claims, key=lambda c: -c.confidence)

    # --- one sentence -------------------------------------------------------------------------------

    def _claim(self, report, text, folded, s, person, own, places, dateline, placed_at) -> Claim | None:
        here = [m for m in own if s.start <= m.start < s.end]
        cues = [c for c in self.cues.find(folded, s.start, s.end) if not _inside_any(c, here)]
        arabic = report.language == "ar" or any(script_of(text[m.start : m.end]) == "Arabic" for m in here)
        accepted: list[tuple[Cue, str]] = []
        for cue in cues:
            rule = self._role(text, folded, cue, here, arabic, report.language in VERB_FINAL)
            if rule:
                accepted.append((replace(cue, kind="cancelled") if cue.kind == "stand_in" else cue, rule))
        if accepted:  # a denial or a cancellation anywhere in the sentence speaks of the same trip
            accepted += [(c, "said of the trip in the same sentence") for c in cues if c.kind in MODIFIERS]
        sentence = text[s.start : s.end].strip()
        custody = self._custody(report, text, folded, s, here, places, dateline, arabic, placed_at)
        if custody is not None:
            return custody
        proceedings = self._proceedings(text, folded, s, here, places)
        if proceedings is not None:
            return proceedings
        merely = all(self._merely_mentioned(folded, m) for m in here)
        if not accepted:
            met = self._met_abroad(report, text, folded, s, here, places, dateline, arabic)
            met = met or self._flight(report, text, folded, s, here, places, dateline, arabic)
            if met is not None:
                return met
            if merely and cues:
                return Claim(person, None, "none", None, 0.6, Evidence(sentence, (), "mentioned only"))
            return self._failed_to_arrest(text, folded, s, here, places) or self._present_in(
                report, text, s, here, places, merely
            )
        if any(c.kind == "host" for c, _ in accepted):  # "Putin hosts the BRICS summit in Kazan": at home
            return self._hosting(report, folded, s, person, sentence)
        modality, rule, anchor = _modality(accepted, folded)
        if modality in HOME_CUE and self.cues.aftermath.search(folded, s.start, s.end):
            modality, rule = "completed", rule + " (a failure to arrest: the trip is over)"
        if modality == "planned" and self._negated(folded, anchor):
            modality, rule = "cancelled", rule + " (negated)"
        home = self.ref.people[person].nationality
        travel_cues = tuple(c for c, _ in accepted)
        places = places + _compound_places(text, travel_cues)  # "bei einem Deutschlandbesuch"
        place = _destination(text, s, anchor, places, home, modality, self._situation_territory(person), travel_cues)
        window = None
        said = self._said_on(folded, arabic)
        when = _nearest_date(text, s, anchor, report.day, modality, dateline, said)

        if modality == "ongoing" and when is not None and (when.first - report.day).days > 1:
            modality = "planned"  # "Putin visits Mongolia next week": a present tense for a coming trip
        past = _nearest_date(text, s, anchor, report.day, "completed", dateline, said)
        modality, when = _settle(modality, rule, when, past, anchor, report.day)
        if modality == "completed" and DEPARTURE.match(anchor.text) and _leaves_home(places, anchor, home):
            modality, rule = "ongoing", rule + " (left home: the trip begins)"  # "a quitté Khartoum pour Bagdad"
        after_cue = place is not None and s.start <= place.start < s.end and place.start >= anchor.start
        if modality in ("ongoing", "completed") and not after_cue and placed_at and placed_at[0].country != home:
            place = placed_at[0]  # "KAMPALA - ... al-Bashir was in attendance": where the reporter is
        destination = place.country if place else None
        past_trip = modality == "completed"
        event_here = self.events.named_in(folded[s.start : s.end], report.day, past_trip)
        event = event_here or self.events.named_in(folded, report.day, past_trip)
        if event is not None:  # "the BRICS summit": its host, and its days when the text gives none
            led = place is not None and _led_from_any(text, s, place, travel_cues)
            if destination is None or (event_here is not None and not led and event.host != destination):
                destination = event.host  # "attends Arab summit ... divided over Iran": the summit's host
        if when is None:  # the date in the headline or the lead
            when = _date_elsewhere(text, anchor, report.day, modality, dateline, said)
        if event is not None and event.host == destination and _vaguer(when, event, report.day):
            when = None  # "next month's BRICS summit": the summit's own days are more precise
        if destination is None and modality in ("ongoing", "completed"):
            hosts = [p for p in places if s.start <= p.start < s.end and p.kind == "leader" and p.country != home]
            destination = hosts[0].country if hosts else None  # "Kenyan President Kibaki ... the presence of"
        if destination is None and all(WEAK_CUE.search(c.text) for c, _ in accepted):
            return None  # "Putin will hold talks with Modi in Moscow": a meeting at home is no trip
        if when is not None:
            window = (when.first, when.last)
        elif modality == "ongoing":  # under way: it began by the report's day, whatever the event's days
            window = (report.day, report.day)
        elif event is not None and event.host == destination:
            window = (event.start, event.end)
        located = place is not None and s.start <= place.start < s.end
        confidence = _confidence(here, located, destination is not None, window is not None)
        if s.start < len(report.title.strip()):
            confidence = min(1.0, confidence + 0.05)  # the headline is what the outlet stands behind
        cue_texts = tuple(dict.fromkeys(c.text for c, _ in accepted))
        date_text = when.text if when else (event.id if window and event else "")
        place_text = place.name if place else (event.city if event else "")
        evidence = Evidence(sentence, cue_texts, rule, date_text, place_text)
        return Claim(person, destination, modality, window, confidence, evidence)

    def _role(self, text: str, folded: str, cue: Cue, here: list[PersonMention], arabic: bool, final=False) -> str:
        """How the person stands to the cue, or "" when they do not (someone else travels)."""
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
        if cue.kind == "host":
            passive = PASSIVE_BEFORE.search(folded[max(0, cue.start - 12) : cue.start]) or PASSIVE_AFTER.match(
                folded, cue.end
            )
            hosting = any(0 <= cue.start - m.end <= 40 for m in here)
            return "" if passive or not hosting else "the person hosts"
        if cue.kind == "noun":
            if any(_joined(text, cue.end, m.start) for m in here):
                return "trip named with the person"  # "visit by Putin", «визит Путина»
            if any(_joined(text, m.end, cue.start, possessive=True) for m in here):
                return "the person's trip"  # "Putin's visit", "Netanjahu-Besuch"
            if OWNER_AFTER.match(text, cue.end):
                return ""  # "the visit of top U.S. diplomat Marco Rubio": someone else's trip
            if any(0 <= cue.start - m.end <= 60 and not re.search(r"[,;:]", text[m.end : cue.start]) for m in here):
                return "the trip the person's clause speaks of"  # «Путин пока не принял решения о поездке»
            return ""
        for m in here:
            gap = cue.start - m.end
            if 0 <= gap <= (VERB_FINAL_REACH if final else SUBJECT_REACH) and not self._merely_mentioned(folded, m):
                between = folded[m.end : cue.start]
                if "," in between and _another_subject(text[m.end : cue.start]):
                    continue
                return "subject of the travel verb"
            first = cue.start - s_start(text, cue.start) <= 2  # "Megérkezett Budapestre Benjamin Netanjahu"
            if (arabic or first) and 0 <= m.start - cue.end <= ARABIC_REACH:
                return "subject after the verb (verb-first)"
        return ""

    def _custody(self, report, text, folded, s, here, places, dateline, arabic, placed_at) -> Claim | None:
        """ "Duterte arrested at Manila airport", "flown to The Hague": no trip to warn of, but where and
        when. An arrest at a place ends the person's trip there; a transfer to the Court is no trip."""
        moved = self.cues.transfer.search(folded, s.start, s.end)
        found = moved or self.cues.custody.search(folded, s.start, s.end)
        if found is None:
            return None
        cue = Cue("custody", found.start(), found.end(), found.group(0))
        if self._negated(folded, cue) or self.cues.negation.search(cue.text):  # "was not arrested"
            return None

        def where(p: Place) -> tuple:
            led = PREPOSITION.search(fold(text[max(s.start, p.start - 12) : p.start])) is not None  # "to The Hague"
            pointed = led and cue.start <= p.start <= cue.end + 40  # "arrested at Manila airport"
            arresting = p.kind in ADJECTIVES and AUTHORITIES.match(folded, p.end) is not None  # "Italian authorities"
            return not (pointed or arresting), not led, p.kind in ADJECTIVES, abs(p.start - cue.start)

        inside = [p for p in places if s.start <= p.start < s.end]
        place = min(inside, key=where, default=placed_at[0] if placed_at else None)
        if moved and ARRIVED.search(folded, s.start, s.end):
            moved = None  # "handed over to the ICC after arriving in the Netherlands": the transfer is over
        said = self._said_on(folded, arabic)
        when = _nearest_date(text, s, cue, report.day, "completed", dateline, said)
        window = (when.first, when.last) if when else (report.day, report.day)
        evidence = Evidence(text[s.start : s.end].strip(), (cue.text,), CUSTODY_RULE, when.text if when else "",
                            place.name if place else "")  # fmt: skip
        destination = place.country if place else None
        return Claim(here[0].person, destination, "none" if moved else "completed", window, 0.6, evidence)

    def _hosting(self, report, folded, s, person, sentence) -> Claim:
        """The person hosts: no trip abroad. A summit the person's state hosts puts the person at it, at
        home, on its days ("Putin hosts the BRICS summit in Kazan"); anyone else comes to the person."""
        home = self.ref.people[person].nationality
        event = self.events.named_in(folded[s.start : s.end], report.day)
        if event is None or event.host != home:
            return Claim(person, None, "none", None, 0.6, Evidence(sentence, (), "the person hosts"))
        modality = "planned" if report.day < event.start else "ongoing" if report.day <= event.end else "completed"
        window = (event.start, event.end) if modality == "planned" else (report.day, report.day)
        evidence = Evidence(sentence, (), "the person hosts a summit at home", event.id, event.city)
        return Claim(person, home, modality, window, 0.6, evidence)

    def _proceedings(self, text, folded, s, here, places) -> Claim | None:
        """ "ICC accuses Mongolia of failing to arrest Putin": the Court's finding of non-compliance is news
        of the proceedings, not of travel; it names the state and reports no trip."""
        if not (self.cues.aftermath.search(folded, s.start, s.end) and self.cues.court.search(folded, s.start, s.end)):
            return None
        home = self.ref.people[here[0].person].nationality
        states = [p for p in places if s.start <= p.start < s.end and p.kind not in ADJECTIVES and p.country != home]
        evidence = Evidence(text[s.start : s.end].strip(), (), PROCEEDINGS_RULE, "", states[0].name if states else "")
        return Claim(here[0].person, states[0].country if states else None, "none", None, 0.6, evidence)

    def _met_abroad(self, report, text, folded, s, here, places, dateline, arabic) -> Claim | None:
        """ "Milei met Netanyahu in New York", «встреча Путина и Трампа в Анкоридже»: a meeting with the
        person in a place outside the person's own state puts the person there. When: the date said, else
        the tense ("took place", "will be held"), else now."""
        meets = [m for m in self.cues.meeting.finditer(folded, s.start, s.end) if _near_any(m, here, 60)]
        if not meets:
            return None
        home = self.ref.people[here[0].person].nationality
        avoid = (home, *self._situation_territory(here[0].person))
        held_in = [
            p
            for p in places
            if s.start <= p.start < s.end and p.kind not in ADJECTIVES and p.country not in avoid
            and _near_any(p, [*meets, *here], 80) and _placed_in(text, folded, p)
            and not self.cues.saying_word.match(folded, p.end + 1)  # "the White House announced": the speaker
        ]  # fmt: skip
        if not held_in:
            return None
        meet = meets[0]
        place = min(held_in, key=lambda p: (p.start < meet.start(), abs(p.start - meet.end())))
        cue = Cue("noun", meet.start(), meet.end(), meet.group(0))
        when = _nearest_date(text, s, cue, report.day, "ongoing", dateline, self._said_on(folded, arabic))
        if when is not None:
            ahead, gone = (when.first - report.day).days, (report.day - when.last).days
            modality = "planned" if ahead > 0 else "completed" if gone > 1 else "ongoing"
        elif any(self.cues.to_be_held.search(folded, a, b) for a, b in ((s.start, s.end), (0, len(report.title)))):
            modality = "planned"
        elif any(self.cues.held.search(folded, a, b) for a, b in ((s.start, s.end), (0, len(report.title)))):
            modality = "completed"  # «как прошла встреча»: the headline may say it is over
        else:
            modality = "ongoing"
        window = (when.first, when.last) if when else ((report.day, report.day) if modality == "ongoing" else None)
        evidence = Evidence(text[s.start : s.end].strip(), (meet.group(0),), MEETING_RULE,
                            when.text if when else "", place.name)  # fmt: skip
        return Claim(here[0].person, place.country, modality, window, 0.6, evidence)

    def _flight(self, report, text, folded, s, here, places, dateline, arabic) -> Claim | None:
        """ "Netanyahu's plane took an exceptional route to Washington", "the plane carrying Netanyahu to
        the United States crossed the airspace of four ICC states": the flight is the trip, under way
        unless a date says otherwise; the states crossed are no destination (left out of `places`)."""
        flights = [m for m in self.cues.flight.finditer(folded, s.start, s.end) if _near_any(m, here, 60)]
        if not flights:
            return None
        home = self.ref.people[here[0].person].nationality
        avoid = (home, *self._situation_territory(here[0].person))
        bound = [
            p
            for p in places
            if s.start <= p.start < s.end and p.kind not in ADJECTIVES and p.country not in avoid
            and PREPOSITION.search(fold(text[max(s.start, p.start - 12) : p.start]))
        ]  # fmt: skip
        cue = Cue("ongoing", flights[0].start(), flights[0].end(), flights[0].group(0))
        when = _nearest_date(text, s, cue, report.day, "ongoing", dateline, self._said_on(folded, arabic))
        modality = "ongoing"
        if when is not None and (when.first - report.day).days > 0:
            modality = "planned"
        elif when is not None and (report.day - when.last).days > 1:
            modality = "completed"
        window = (when.first, when.last) if when else (report.day, report.day)
        place = bound[0] if bound else None
        evidence = Evidence(text[s.start : s.end].strip(), (cue.text,), FLIGHT_RULE, when.text if when else "",
                            place.name if place else "")  # fmt: skip
        return Claim(here[0].person, place.country if place else None, modality, window, 0.6, evidence)

    def _failed_to_arrest(self, text, folded, s, here, places) -> Claim | None:
        """ "Mongolia explains its refusal to arrest Putin": the state that did not arrest him is where he
        was; a trip that is over, and no reason to warn."""
        if not self.cues.aftermath.search(folded, s.start, s.end):
            return None
        person = here[0].person
        home = self.ref.people[person].nationality
        states = [p for p in places if s.start <= p.start < s.end and p.kind not in ADJECTIVES and p.country != home]
        if not states:
            return None
        sentence = text[s.start : s.end].strip()
        evidence = Evidence(sentence, (), "a state's failure to arrest the person there", "", states[0].name)
        return Claim(person, states[0].country, "completed", None, 0.6, evidence)

    def _present_in(self, report, text, s, here, places, merely) -> Claim | None:
        """No travel word, but the person "in" a foreign place right after the name ("Netanjahu trotz
        Haftbefehls in Budapest"), in the headline or the first sentence of the lead: the person is there
        now, said weakly."""
        # the headline and the lead's first sentence only: "Netanjahu trotz Haftbefehls in Budapest"
        if merely or s.start > len(report.title) + 1:
            return None
        home = self.ref.people[here[0].person].nationality
        avoid = self._situation_territory(here[0].person)
        for m in here:
            for p in places:
                outside = not s.start <= p.start < s.end
                if outside or p.kind in ADJECTIVES or p.country in (home, *avoid) or not 0 <= p.start - m.end <= 40:
                    continue
                if PRESENT_IN.search(fold(text[max(s.start, p.start - 6) : p.start])):
                    sentence = text[s.start : s.end].strip()
                    evidence = Evidence(sentence, (), PRESENT_RULE, "", p.name)
                    return Claim(m.person, p.country, "ongoing", (report.day, report.day), 0.6, evidence)
        headline = text[: len(report.title.strip())]
        if any(HEADLINE_IN.match(headline, m.end) for m in here):  # "... as Mugabe, Bashir in": arrived
            named = [p for p in places if p.end <= len(headline) and p.kind not in ADJECTIVES and p.country != home]
            if named:
                evidence = Evidence(headline, ("in",), PRESENT_RULE, "", named[0].name)
                return Claim(here[0].person, named[0].country, "ongoing", (report.day, report.day), 0.6, evidence)
        return None

    def _with_venues(self, text: str, folded: str, places: list[Place]) -> list[Place]:
        """Buildings that stand for a state ("at the White House") replace what the gazetteer made of them."""
        spans = self.events.venues_in(folded)
        if not spans:
            return places
        kept = [p for p in places if not any(a < p.end and p.start < b for a, b, _ in spans)]
        venues = [Place(text[a:b], a, b, v.host, None, None, "venue", 10.0) for a, b, v in spans]
        return sorted(kept + venues, key=lambda p: p.start)

    def _called_by_office(self, text, folded, person, mentions, places) -> list[PersonMention]:
        """ "Le président soudanais a effectué une visite", "the Russian leader arrived": a head of state or
        government named once is then called by office and nationality. Such a phrase counts as the person
        when no other watched person of that nationality is named and no name follows it."""
        who = self.ref.people[person]
        others = {m.person for m in mentions} - {person}
        if any(self.ref.people[o].nationality == who.nationality for o in others):
            return []
        if not re.search(r"president|prime minister|head of state", who.position, re.IGNORECASE):
            return []
        found = []
        for t in self.cues.title_anywhere.finditer(folded):
            if not HEAD_TITLE.fullmatch(t.group(0)):
                continue
            for w in (ADJACENT_BEFORE.search(folded, 0, t.start()), ADJACENT_AFTER.match(folded, t.end())):
                # "Russian leader", "président soudanais", «президент России»; not "President Museveni"
                entries = default_gazetteer().lookup(w.group(1)) if w else []
                if not any(e.country == who.nationality and e.kind in ("demonym", "country") for e in entries):
                    continue
                a, b = min(t.start(), w.start(1)), max(t.end(), w.end(1))
                named = any(a <= m.start < b + 3 for m in mentions)
                if not re.match(r"\s+[A-Z][a-z]", text[b : b + 3]) and not named:
                    found.append(PersonMention(person, a, b, False))
        return found

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
        return bool(re.search(r"(?:" + self.cues.negation.pattern + r")\s*$", before)) or bool(
            re.match(r"\s*(?:" + self.cues.negation.pattern + r")", after)
        )

    def _said_on(self, folded: str, arabic: bool):
        """Whether a date at an offset is the day something was said ("announced Wednesday")."""

        def said(at: int) -> bool:
            before = folded[max(0, at - 40) : at]
            far = arabic and self.cues.saying_verb_first.search(before)  # "أعلن متحدث باسم السفارة الثلاثاء"
            return bool(self.cues.saying.search(before) or far)

        return said

    def _merely_mentioned(self, folded: str, m: PersonMention) -> bool:
        return self.cues.mention_only.search(folded[max(0, m.start - 60) : m.start]) is not None


def s_start(text: str, at: int) -> int:
    """Where the line or sentence holding `at` begins."""
    cut = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at), text.rfind(": ", 0, at))
    return 0 if cut < 0 else cut + (1 if text[cut] == "\n" else 2)


def _joined(text: str, start: int, end: int, possessive: bool = False) -> bool:
    """Nothing but a possessive, a preposition, a title or two, between a trip word and the person
    ("Putin's planned visit", "visit by President Putin", «визит Президента России Путина»)."""
    if not 0 <= end - start <= 40:
        return False
    between = text[start:end]
    if possessive:
        return bool(POSSESSIVE.fullmatch(between))
    return ":" not in between and ";" not in between and len(between.split()) <= 4


def _near_any(span, others, reach: int) -> bool:
    """Whether a match or place lies within `reach` characters of any of `others` (matches or spans)."""
    a, b = (span.start(), span.end()) if isinstance(span, re.Match) else (span.start, span.end)
    for o in others:
        c, d = (o.start(), o.end()) if isinstance(o, re.Match) else (o.start, o.end)
        if a - d <= reach and c - b <= reach:
            return True
    return False


def _placed_in(text: str, folded: str, p: Place) -> bool:
    """A place said as where something happens: "in New York", «в Анкоридже», "Budapesten"."""
    return PRESENT_IN.search(fold(text[max(0, p.start - 6) : p.start])) is not None or bool(
        re.search(r"(?:ban|ben|on|en|ön)$", folded[p.start : p.end])
    )


def _inside_any(cue: Cue, mentions: list[PersonMention]) -> bool:
    return any(cue.start < m.end and m.start < cue.end for m in mentions)


def _another_subject(between: str) -> bool:
    """ "Putin, whom Khurelsukh invited, ..." : a capitalised name inside a clause before the verb."""
    return re.search(r",\s*(?:who|whom|which|que|qui|который)\b", between, re.IGNORECASE) is None and bool(
        re.search(r",[^,]*\b[A-Z][a-z]+\b[^,]*\b(?:said|says|told|announced)\b", between)
    )


def _modality(accepted: list[tuple[Cue, str]], folded: str) -> tuple[str, str, Cue]:
    """The strongest modality among the cues (denied > cancelled > ongoing > completed > planned); a trip
    named only as a noun is planned, unless "after" puts it in the past."""
    modal = [(c, r) for c, r in accepted if c.kind in MODALITIES]
    modal = [(replace(c, kind="planned") if _gerund(c, folded) else c, r) for c, r in modal]
    if modal:
        cue, rule = min(modal, key=lambda cr: (MODALITIES.index(cr[0].kind), cr[0].start))
        if cue.kind == "denied" and any(c.kind == "cancelled" and c.start > cue.end for c, _ in modal):
            return "planned", rule + " (a denial that the trip is off)", cue  # "denied ... called off a trip"
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


def _compound_places(text: str, cues) -> list[Place]:
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


def _leaves_home(places: list[Place], anchor: Cue, home: str) -> bool:
    """ "left Khartoum", «покинул Москву»: the place left, right after the verb, is in the person's state."""
    return any(p.country == home and 0 <= p.start - anchor.end <= 3 for p in places)


def _gerund(cue: Cue, folded: str) -> bool:
    """ "block him from attending", "the prospect of visiting": no trip under way, one in view."""
    before = folded[max(0, cue.start - 10) : cue.start]
    return cue.kind == "ongoing" and cue.text.endswith("ing") and re.search(GERUND_AFTER, before) is not None


def _destination(
    text: str, s: _Sentence, anchor: Cue, places: list[Place], home: str, modality: str, avoid=(), cues=()
):
    """The place the cue points to: after it in the sentence and led by a preposition first (or led so
    from another of the person's travel cues: "planned to go to Argentina, but the visit was cancelled"),
    then after it, then before it, then in the headline. The person's own state only when the cue points
    there and nothing else is named; the territory of the person's situation ("war crimes in Ukraine")
    last."""
    places = [p for p in places if p.kind not in ADJECTIVES]  # "the Israeli prime minister" goes nowhere

    def score(p: Place) -> tuple:
        inside = s.start <= p.start < s.end
        after = inside and p.start >= anchor.start
        pointed = inside and _led_from(text, s, p, anchor)
        elsewhere = inside and _led_from_any(text, s, p, cues)
        near = after and p.start - anchor.end <= 40
        distance = abs(p.start - anchor.start)
        return (p.country in avoid, not inside, not pointed, not elsewhere, not near, not after, distance)

    ordered = sorted(places, key=score)
    abroad = [p for p in ordered if p.country != home]
    if abroad:
        return abroad[0]
    pointed = [p for p in ordered if score(p)[2] is False]
    return pointed[0] if pointed and modality in HOME_CUE else None


def _led_from(text: str, s: _Sentence, p: Place, cue: Cue) -> bool:
    """ "visit to Mongolia", "se rendre en Argentine": the place follows the cue, led by a preposition."""
    led = PREPOSITION.search(fold(text[max(s.start, p.start - 12) : p.start])) is not None
    return led and 0 <= p.start - cue.end <= 40


def _led_from_any(text: str, s: _Sentence, p: Place, cues) -> bool:
    return any(_led_from(text, s, p, c) for c in cues if c.kind not in MODIFIERS)


def _nearest_date(
    text: str, s: _Sentence, anchor: Cue, day: date, modality: str, dateline, said=lambda at: False
) -> When | None:
    """The date nearest the cue in the sentence, leaving out the dateline's and the day of a saying
    ("the Kremlin said on Thursday"); a trip still to come has no date long past, one over none to come."""
    future = modality in ("planned", "cancelled", "denied")
    dates = [
        w
        for w in find_dates(text[s.start : s.end], day, future)
        if not (dateline and dateline[0] <= s.start + w.start < dateline[1]) and not said(s.start + w.start)
    ]
    if modality in ("planned", "ongoing"):
        dates = [w for w in dates if (w.last - day).days >= -3]
    if modality == "completed":
        dates = [w for w in dates if w.first <= day]
    if not dates:
        return None
    cue_at = anchor.start - s.start
    return min(dates, key=lambda w: abs(w.start - cue_at))


def _date_elsewhere(text: str, anchor: Cue, day: date, modality: str, dateline, said) -> When | None:
    """For a plan with no date in its sentence, the nearest date still to come elsewhere in the report
    (not today's: that is the report's own date, "Москва. 4 сентября. INTERFAX")."""
    if modality not in ("planned", "cancelled", "denied"):
        return None
    when = _nearest_date(text, _Sentence(0, len(text)), anchor, day, modality, dateline, said)
    return when if when is not None and when.first > day else None


def _settle(modality: str, rule: str, when, past, anchor: Cue, day: date):
    """A plan said with a past date is a trip that is over ("during his visit last month"); a trip named
    as a noun on a day it spans is under way ("un voyage d'Etat en Mongolie ce mardi", said on Tuesday)."""
    over = modality in HOME_CUE and past is not None and (day - past.last).days > 1
    over = over and not (modality == "planned" and when is not None and when.last >= day)
    if over and (when is None or abs(past.start - anchor.start) < abs(when.start - anchor.start)):
        return "completed", past
    noun = rule.startswith(("trip named", "the person's trip"))
    if noun and modality == "planned" and when is not None and when.first <= day <= when.last:
        return "ongoing", when
    return modality, when


def _vaguer(when, event, day: date) -> bool:
    """A week or a month that holds the event's first day says less than the event's own days; so does
    the report's own day when the event is still to come ("Lula said on Saturday Putin will be invited")."""
    if when is None:
        return False
    if when.first == when.last and abs((when.first - day).days) <= 1 and event.start > day + timedelta(days=1):
        return True  # "announced on Wednesday": the day of the saying
    return (when.last - when.first).days >= 6 and when.first <= event.start <= when.last


def _confidence(here: list[PersonMention], located: bool, destination: bool, dated: bool) -> float:
    """How much the claim rests on: the full name, a destination in the same sentence, a date."""
    score = 0.45
    score += 0.15 if any(m.full for m in here) else 0.05
    score += 0.25 if located else (0.1 if destination else 0.0)
    score += 0.1 if dated else 0.0
    return round(min(score, 1.0), 2)


def _strongest_per_destination(claims: list[Claim]) -> list[Claim]:
    """Per destination, the claim of the strongest modality (a denial or cancellation outweighs the plan
    it denies), then the most confident; claims without a destination only when there is nothing else."""
    best: dict[str | None, Claim] = {}
    for c in claims:
        key = c.destination
        current = best.get(key)
        if current is None or _rank(c) < _rank(current):
            best[key] = c
    for key, c in best.items():  # "Putin Visits China" said of "a state visit to China this week"
        plans = [p for p in claims if p.destination == key and p.modality == "planned"]
        if _historic_present(c) and plans:
            best[key] = max(plans, key=lambda p: p.confidence)
    located = [c for k, c in best.items() if k is not None]
    return located or [c for k, c in best.items() if k is None]


def _historic_present(c: Claim) -> bool:
    """A headline's "visits" for a visit the lead says is to come."""
    return c.modality == "ongoing" and any(WEAK_ONGOING.fullmatch(t) for t in c.evidence.cues)


def _rank(c: Claim) -> tuple[bool, bool, int, float]:
    """A claim from a travel word before one guessed from "in <place>"; then the strongest modality."""
    order = (*MODALITIES, "none")
    overriding = c.evidence.rule in REPORT_RULES  # once arrested, what the person was doing before is moot
    return not overriding, c.evidence.rule == PRESENT_RULE, order.index(c.modality), -c.confidence


def _dateline(text: str, title: str) -> tuple[int, int] | None:
    """The span of a dateline at the start of the body (after the headline line)."""
    body_start = len(title.strip()) + 1 if title.strip() else 0
    match = DATELINE.match(text[body_start:])
    if not match:
        return None
    return body_start + match.start(), body_start + match.end()


def _sentences(text: str) -> list[_Sentence]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)[.!?]$", text[start : m.start()])
        if word and fold(word.group(1)).rstrip(".") in ABBREVIATIONS and m.group(0).strip() == "":
            continue
        out.append(_Sentence(start, m.start()))
        start = m.end()
    out.append(_Sentence(start, len(text)))
    return [s for s in out if s.end > s.start]
