"""How a sentence speaks of a trip when no travel verb has the person as its subject: arrests and
transfers, the Court's findings, summits, meetings, flights, failures to arrest, "in Budapest"."""

from __future__ import annotations

import re

from geo.geoparse import Place
from geo.names import fold
from geo.reference import Reference
from tracker.claim_dates import nearest_date
from tracker.claim_places import ADJECTIVES, AUTHORITIES, PREPOSITION, PRESENT_IN, TOPIC_WORDS, near_any, placed_in
from tracker.claims import (
    CUSTODY_RULE,
    FAILED_TO_ARREST_RULE,
    FLIGHT_RULE,
    MEETING_RULE,
    PRESENT_RULE,
    PROCEEDINGS_RULE,
    Claim,
    Evidence,
    clause_before,
)
from tracker.cues import Cue, Cues
from tracker.events import Events

MEETING_REACH = 60  # characters between a meeting word and the person meeting
MEETING_REACH_AFTER = 90  # "Putyin elnökkel ezután egy előre egyeztetett helyszínen, Budapesten ... találkozunk"
CLAUSE_BREAK = re.compile(r"\b(?:as|while|when|whereas|because|but|and|after|before|et|y|и|و)\b")
HYPOTHETICAL = re.compile(r"\b(?:if|would|could|should|might|unless|si|wenn|falls|если|اذا|إذا|אם|ha)\b")
TOPIC = re.compile(rf"\b(?:discuss\w*|{TOPIC_WORDS})\b")
POSSESSED = re.compile(r"(?:['’]s?|-)?\s*(?:\w+\s+)?")  # "Netanyahu's plane", "Netanyahu's official plane"
FLEW = re.compile(r"\s+(?:took|takes|flew|flies|altered|changed|chose|used)\b")  # "Netanyahu took a route"
ON_BOARD = re.compile(r"\s(?:on|aboard|during) (?:his |her |a |an |the )?(?:\w+ )?$")  # "... on flight to UN"
CARRYING = re.compile(r"\b(?:carrying|with|transportant|avec|con|com|mit|с|на борту|يقل|עם)\b")
HEADLINE_IN = re.compile(r"\s+in[.!]?\s*$")  # a headline's last word: "Bashir in" (has arrived)
# a headline with no verb that sends the person somewhere: "Netanyahu to Washington on Monday", "Netanjahu
# nach Budapest", «Путин — в Монголию», «البشير إلى جيبوتي الأحد»; a dash before в/на/до (without it,
# «Путин в Монголии» says where he is), "rumbo a" (a bare "a", "à", "en" says where, not whither)
BOUND_FOR = re.compile(
    r"\s*(?:(?:[—–:-]|,)\s*)?(?:to|nach|naar|rumbo a|rumo a|verso|ila|إلى|الى|الي)\s+(?:the\s+)?"
    r"|\s*[—–-]\s*(?:в|во|на|до|у)\s+"
)
# a place written with its own "to": Hebrew prefix ל (לוושינגטון), Hungarian -ba/-be/-ra/-re/-hoz
# (Budapestre, Mongóliába), Turkish dative after the apostrophe (Ankara'ya)
TOWARDS = re.compile(r"^ל(?=\w\w\w)|\w\w\w(?:ba|be|ra|re|hoz|hez)$|\w['’]y?[ae]$")
ARRIVED = re.compile(r"arriv|landed|atterri|llego|chegou|прибыл|прилетел|وصل|נחת|megerkez")


class Readings:
    """The readings of a sentence that speak of a trip without a travel cue for the person, or that
    override one: custody and transfers, the Court's proceedings, a summit hosted at home, a meeting
    abroad, a flight, a state's failure to arrest, the person "in" a foreign place. Mixed into
    `Extractor`, whose cue lexicon, reference data and events table they use."""

    cues: Cues
    ref: Reference
    events: Events

    def _custody(self, report, text, folded, s, here, places, dateline, arabic, placed_at) -> Claim | None:
        """ "Duterte arrested at Manila airport", "flown to The Hague": no trip to warn of, but where and
        when. An arrest at a place ends the person's trip there; a transfer to the Court is no trip."""
        moved = next(
            (m for m in self.cues.transfer.finditer(folded, s.start, s.end) if _of_person(folded, m, here)), None
        )
        arrested = (m for m in self.cues.custody.finditer(folded, s.start, s.end) if _of_person(folded, m, here))
        found = moved or next(arrested, None)  # "Putin arrives as protesters are detained": not him
        if found is None:
            return None
        cue = Cue("custody", found.start(), found.end(), found.group(0))
        clause = clause_before(folded, cue.start, 25, s.start)
        if self._negated(folded, cue) or self.cues.negation.search(cue.text) or self.cues.negation.search(clause):
            return None  # "was not arrested", "non sarebbe stato arrestato"

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
        when = nearest_date(text, s, cue, report.day, "completed", dateline, said)
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

    def _met_abroad(self, report, text, folded, s, here, places, dateline, arabic, placed_at=()) -> Claim | None:
        """ "Milei met Netanyahu in New York", «встреча Путина и Трампа в Анкоридже»: a meeting with the
        person in a place outside the person's own state puts the person there; so does the dateline of the
        sentence right after it ("WASHINGTON — Netanyahu met Trump"). When: the date said, else the tense
        ("took place", "will be held"), else now."""
        meets = [
            m for m in self.cues.meeting.finditer(folded, s.start, s.end) if _takes_part(folded, m, here, self.cues)
        ]
        if not meets:
            return None
        held_in = [
            p
            for p in self._abroad(s, here[0].person, places)
            if near_any(p, [*meets, *here], 80) and placed_in(text, folded, p)
            and not self.cues.saying_word.match(folded, p.end + 1)  # "the White House announced": the speaker
        ]  # fmt: skip
        avoid = (self.ref.people[here[0].person].nationality, *self._situation_territory(here[0].person))
        datelined = dateline is not None and dateline[1] == s.start and placed_at and placed_at[0].country not in avoid
        held_in = held_in or (list(placed_at[:1]) if datelined else [])
        if not held_in:
            return None
        meet = meets[0]
        if HYPOTHETICAL.search(folded, max(s.start, meet.start() - MEETING_REACH_AFTER), meet.start()):
            return None  # "örülne, ha ... Budapesten találkozhatnának": a wish, no meeting
        place = min(held_in, key=lambda p: (p.start < meet.start(), abs(p.start - meet.end())))
        cue = Cue("noun", meet.start(), meet.end(), meet.group(0))
        when = nearest_date(text, s, cue, report.day, "ongoing", dateline, self._said_on(folded, arabic))
        if when is not None:
            modality = _dated(when, report.day)
        elif any(self.cues.to_be_held.search(folded, a, b) for a, b in ((s.start, s.end), (0, len(report.title)))):
            modality = "planned"
        elif any(self.cues.held.search(folded, a, b) for a, b in ((s.start, s.end), (0, len(report.title)))):
            modality = "completed"  # «как прошла встреча»: the headline may say it is over
        else:
            modality = "ongoing"
        if self.cues.negation.search(folded, max(s.start, meet.start() - 40), meet.start()):
            modality = "cancelled"  # "nem fognak Trump–Putyin-csúcsot tartani Budapesten": no summit there
        window = (when.first, when.last) if when else ((report.day, report.day) if modality == "ongoing" else None)
        evidence = Evidence(text[s.start : s.end].strip(), (meet.group(0),), MEETING_RULE,
                            when.text if when else "", place.name)  # fmt: skip
        return Claim(here[0].person, place.country, modality, window, 0.6, evidence)

    def _flight(self, report, text, folded, s, here, places, dateline, arabic) -> Claim | None:
        """ "Netanyahu's plane took an exceptional route to Washington", "the plane carrying Netanyahu to
        the United States crossed the airspace of four ICC states": the flight is the trip, under way
        unless a date says otherwise; the states crossed are no destination (left out of `places`)."""
        flights = [m for m in self.cues.flight.finditer(folded, s.start, s.end) if _flies(folded, m, here)]
        if not flights:
            return None
        bound = [
            p
            for p in self._abroad(s, here[0].person, places)
            if PREPOSITION.search(fold(text[max(s.start, p.start - 12) : p.start]))  # "to Washington"
        ]
        cue = Cue("ongoing", flights[0].start(), flights[0].end(), flights[0].group(0))
        if self.cues.modality["denied"].search(folded, s.start, s.end):  # "denied that Putin's plane flew to ..."
            return Claim(
                here[0].person, None, "none", None, 0.6, Evidence(text[s.start : s.end].strip(), (), "a denied flight")
            )
        when = nearest_date(text, s, cue, report.day, "ongoing", dateline, self._said_on(folded, arabic))
        modality = _dated(when, report.day) if when else "ongoing"
        window = (when.first, when.last) if when else (report.day, report.day)
        place = bound[0] if bound else None
        event = None if place else self.events.named_in(folded[s.start : s.end], report.day)  # "on way to the UNGA"
        destination = place.country if place else (event.host if event else None)
        evidence = Evidence(text[s.start : s.end].strip(), (cue.text,), FLIGHT_RULE, when.text if when else "",
                            place.name if place else "")  # fmt: skip
        return Claim(here[0].person, destination, modality, window, 0.6, evidence)

    def _abroad(self, s, person: str, places: list[Place]) -> list[Place]:
        """The sentence's places outside the person's own state and the territory of the situation."""
        avoid = (self.ref.people[person].nationality, *self._situation_territory(person))
        return [p for p in places if s.start <= p.start < s.end and p.kind not in ADJECTIVES and p.country not in avoid]

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
        evidence = Evidence(sentence, (), FAILED_TO_ARREST_RULE, "", states[0].name)
        return Claim(person, states[0].country, "completed", None, 0.6, evidence)

    def _headline_bound(self, report, text, folded, s, here, places, dateline, arabic) -> Claim | None:
        """A headline's verbless "PERSON to PLACE [day]": a trip to come, on the day the headline gives."""
        if s.start >= len(report.title.strip()):
            return None
        home = self.ref.people[here[0].person].nationality
        for m in here:
            bound = BOUND_FOR.match(folded, m.end) or _towards(folded, m.end, places)
            place = bound and next((p for p in places if p.start == bound.end() and p.country != home), None)
            if place:
                said = text[bound.start() : bound.end()].strip() or text[place.start : place.end]  # "Budapestre"
                cue = Cue("planned", bound.start(), bound.end(), said)
                when = nearest_date(text, s, cue, report.day, "planned", dateline, self._said_on(folded, arabic))
                window = (when.first, when.last) if when else None
                evidence = Evidence(text[s.start : s.end].strip(), (cue.text,), "a headline sends the person there",
                                    when.text if when else "", place.name)  # fmt: skip
                return Claim(m.person, place.country, "planned", window, 0.6, evidence)
        return None

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
                between = fold(text[m.end : p.start])  # "Netanyahu said the plane ... in", "if he set foot in"
                hearsay = self.cues.saying_word.search(between) or HYPOTHETICAL.search(between)
                hearsay = hearsay or self.cues.negation.search(between)  # "Netanjahu weiterhin nicht nach Deutschland"
                if PRESENT_IN.search(fold(text[max(s.start, p.start - 10) : p.start])) and not hearsay:
                    sentence = text[s.start : s.end].strip()
                    at = Cue("ongoing", p.start, p.end, p.name)
                    coming = nearest_date(text, s, at, report.day, "planned", None)  # "am Mittwoch nach Ungarn"
                    if coming is not None and coming.first > report.day:
                        evidence = Evidence(sentence, (), PRESENT_RULE, coming.text, p.name)
                        return Claim(m.person, p.country, "planned", (coming.first, coming.last), 0.6, evidence)
                    evidence = Evidence(sentence, (), PRESENT_RULE, "", p.name)
                    return Claim(m.person, p.country, "ongoing", (report.day, report.day), 0.6, evidence)
        headline = text[: len(report.title.strip())]
        if any(HEADLINE_IN.match(headline, m.end) for m in here):  # "... as Mugabe, Bashir in": arrived
            named = [p for p in places if p.end <= len(headline) and p.kind not in ADJECTIVES and p.country != home]
            if named:
                evidence = Evidence(headline, ("in",), PRESENT_RULE, "", named[0].name)
                return Claim(here[0].person, named[0].country, "ongoing", (report.day, report.day), 0.6, evidence)
        return None

    def _said_on(self, folded: str, arabic: bool):
        """Whether a date at an offset is the day something was said ("announced Wednesday")."""

        def said(at: int) -> bool:
            before = folded[max(0, at - 40) : at]
            far = arabic and self.cues.saying_verb_first.search(before)  # "أعلن متحدث باسم السفارة الثلاثاء"
            return bool(self.cues.saying.search(before) or far)

        return said


def _towards(folded: str, at: int, places: list[Place]) -> re.Match | None:
    """ "Netanjahu Budapestre", «נתניהו לוושינגטון»: a place right after the name that says whither itself."""
    gap = re.compile(r"\s*[—–:-]?\s*").match(folded, at)
    place = next((p for p in places if p.start == gap.end()), None)
    return gap if place is not None and TOWARDS.search(folded[place.start : place.end]) else None


def _dated(when, day) -> str:
    """A trip's modality from its date alone: to come, under way (a day's slack), or over."""
    if (when.first - day).days > 0:
        return "planned"
    return "completed" if (day - when.last).days > 1 else "ongoing"


def _takes_part(folded: str, meet: re.Match, here, cues: Cues) -> bool:
    """The person is one of those meeting ("Milei met Netanyahu", "the meeting between Putin and Trump"),
    not what they talk about ("met Macron to discuss Putin"), nor a relative's husband ("met Sara
    Netanyahu, wife of Prime Minister Benjamin Netanyahu")."""
    for m in here:
        a, b = (meet.end(), m.start) if meet.end() <= m.start else (m.end, meet.start())
        reach = MEETING_REACH_AFTER if meet.start() > m.end else MEETING_REACH  # the verb may close the sentence
        if 0 <= b - a <= reach and not TOPIC.search(folded, a, b) and not cues.relative_word.search(folded, a, b):
            return True
    return False


def _flies(folded: str, flight: re.Match, here) -> bool:
    """The person's own flight: "Netanyahu's plane", "Netanyahu took an unusual flight route", "the plane
    carrying Netanyahu"; not a plane the person speaks of."""
    for m in here:
        between = folded[m.end : flight.start()] if 0 <= flight.start() - m.end <= 25 else None
        if between is not None and (POSSESSED.fullmatch(between) or FLEW.match(between)):
            return True
        aboard = folded[m.end : flight.start()] if 0 <= flight.start() - m.end <= 60 else ""
        if ON_BOARD.search(aboard) and not CLAUSE_BREAK.search(aboard):  # "Netanyahu avoids Europe on flight to"
            return True
        if 0 <= m.start - flight.end() <= 40 and CARRYING.search(folded, flight.end(), m.start):
            return True
    return False


def _of_person(folded: str, cue: re.Match, here) -> bool:
    """An arrest or a transfer said of the person: "Duterte has been arrested", "police arrested former
    President Duterte", "sent him by plane"; not of others in another clause ("as protesters are detained")."""
    if re.search(r"\b(?:him|her|lui|le|la|его|ее|ihn|sie)\b", cue.group(0)):
        return True
    for m in here:
        before = 0 <= cue.start() - m.end <= 60 and not CLAUSE_BREAK.search(folded, m.end, cue.start())
        after = 0 <= m.start - cue.end() <= 40 and not CLAUSE_BREAK.search(folded, cue.end(), m.start)
        if before or after:
            return True
    return False
