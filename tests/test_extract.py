"""From a report to travel claims and a decision: the people, the traps, the languages, the dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from alerts.rules import decide
from tests.conftest import run_tracker
from tracker.assess import assess
from tracker.claims import ReportText
from tracker.extract import Extractor
from tracker.people import default_matcher
from tracker.when import find_dates

LABELLED = Path(__file__).with_name("data") / "labelled_reports.jsonl"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def people(text: str) -> list[tuple[str, str]]:
    return [(m.person, text[m.start : m.end]) for m in default_matcher().find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Президент России Владимир Путин прибыл в Улан-Батор", [("putin", "Владимир Путин")]),
        ("Визит Путина в Монголию", [("putin", "Путина")]),
        ("Orbán Viktor Putyinnal tárgyalt", [("putin", "Putyinnal")]),
        ("وصل الرئيس الروسي فلاديمير بوتين إلى منغوليا", [("putin", "فلاديمير بوتين")]),
        ("俄罗斯总统普京访问蒙古", [("putin", "普京")]),
        ("Hungary Withdraws from ICC Amid Netanyahu’s Visit", [("netanyahu", "Netanyahu")]),
        ("Omar Hassan al-Bashir flies to China", [("al-bashir", "al-Bashir")]),  # "Hassan" is his own name
        ("putin refuses to attend the G20 summit in Brazil", [("putin", "putin")]),  # lower case on purpose
    ],
    ids=["ru-full", "ru-genitive", "hu-suffix", "ar-full", "zh", "title-case", "middle-name", "lower-case"],
)
def test_people_in_any_script(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "His wife Sara Netanyahu flew to Washington on Sunday.",
        "Yair Netanyahu posted from Miami.",
        "It was a gallant effort by the defenders.",
        "Kony was the name of the horse that won the race.",
        "شارك في مراسم التنصيب الرئيس المصري عبد الفتاح السيسي",  # watania.net, 2015-06-02: the Egyptian president
    ],
    ids=["sara", "yair", "gallant-word", "kony-alone", "al-masri-after-a-title"],
)
def test_relatives_namesakes_and_words_are_nobody(text):
    assert people(text) == []


def claim_of(extractor, title, summary="", published=date(2024, 8, 29), language="en"):
    claims = extractor.extract(ReportText(title, summary, published=published, language=language))
    return claims[0] if claims else None


@pytest.mark.parametrize(
    ("title", "summary", "published", "language", "expected"),
    [
        (
            "Putin to visit Mongolia next week despite ICC warrant",
            "MOSCOW, Aug 29 (Reuters) - The Kremlin said on Thursday that President Vladimir Putin will visit "
            "Mongolia on Sept. 3.",
            date(2024, 8, 29), "en", ("MN", "planned", date(2024, 9, 3)),
        ),
        (
            "Путин посетит Монголию",
            "Президент России Владимир Путин 2-3 сентября посетит Монголию с официальным визитом.",
            date(2024, 8, 29), "ru", ("MN", "planned", date(2024, 9, 2)),
        ),
        (
            "Poutine se rendra en Mongolie",
            "Le président russe Vladimir Poutine se rendra en Mongolie le 3 septembre.",
            date(2024, 8, 30), "fr", ("MN", "planned", date(2024, 9, 3)),
        ),
        (
            "وصل الرئيس الروسي فلاديمير بوتين إلى منغوليا",
            "وصل الرئيس الروسي فلاديمير بوتين مساء الاثنين إلى أولان باتور في زيارة رسمية.",
            date(2024, 9, 2), "ar", ("MN", "ongoing", date(2024, 9, 2)),
        ),
        (
            "Netanjahu Budapestre érkezik",
            "Benjamin Netanjahu izraeli miniszterelnök csütörtökön Budapestre érkezik Orbán Viktor meghívására.",
            date(2025, 4, 2), "hu", ("HU", "planned", date(2025, 4, 3)),
        ),
        (
            "Putin will attend BRICS summit by video link",
            "South Africa said Putin will not travel to Johannesburg and will participate virtually.",
            date(2023, 7, 19), "en", ("ZA", "cancelled", date(2023, 8, 22)),  # the summit's first day
        ),
        (
            "Kremlin denies Putin will attend G20 in Rio",
            "Kremlin spokesman Dmitry Peskov denied reports that Vladimir Putin would travel to Brazil for the G20.",
            date(2024, 11, 1), "en", ("BR", "denied", date(2024, 11, 18)),
        ),
        (
            "Xi hosts Putin in Beijing",
            "Chinese President Xi Jinping welcomed Vladimir Putin in Beijing on Thursday.",
            date(2024, 5, 16), "en", ("CN", "ongoing", date(2024, 5, 16)),
        ),
        (
            "Wladimir Putin reist nächste Woche nach Ulan Bator",
            "Der russische Präsident Wladimir Putin wird nächste Woche die Mongolei besuchen.",
            date(2024, 8, 29), "de", ("MN", "planned", date(2024, 9, 2)),
        ),
        (
            "Putin si recherà in Mongolia",
            "Il presidente russo Vladimir Putin si recherà in Mongolia il 3 settembre.",
            date(2024, 8, 29), "it", ("MN", "planned", date(2024, 9, 3)),
        ),
        (
            "Putin visitará Mongolia el próximo mes",
            "El presidente ruso, Vladímir Putin, visitará Mongolia el 3 de septiembre.",
            date(2024, 8, 20), "es", ("MN", "planned", date(2024, 9, 3)),
        ),
    ],
    ids=[
        "en-dateline", "ru", "fr", "ar-verb-first", "hu", "video-link", "denied-event", "host-abroad", "de", "it",
        "es",
    ],
)  # fmt: skip
def test_claims(extractor, title, summary, published, language, expected):
    claim = claim_of(extractor, title, summary, published, language)
    assert claim is not None
    assert (claim.destination, claim.modality, claim.travel_start) == expected
    assert claim.evidence.sentence and claim.evidence.rule


@pytest.mark.parametrize(
    ("title", "summary", "published"),
    [
        ("Orbán travels to Moscow to meet Putin", "Viktor Orbán arrived in Moscow for talks with Vladimir Putin.",
         date(2024, 7, 5)),
        ("Putin holds phone talks with Trump", "The two leaders spoke by phone for two hours.", date(2025, 3, 18)),
        ("Russia's Vladimir Putin hosts BRICS 2024 summit in Kazan", "", date(2024, 10, 22)),
        ("Duterte arrested at Manila airport", "Former president Rodrigo Duterte was arrested on an ICC warrant.",
         date(2025, 3, 11)),
    ],
    ids=["meeting-him-at-home", "phone-call", "hosting-at-home", "custody"],
)  # fmt: skip
def test_no_trip_to_warn_about(extractor, title, summary, published):
    result = assess(ReportText(title, summary, published=published, language="en"), extractor)
    assert result.decision.decision == "none", result.as_json("x")


@pytest.mark.parametrize(
    "title",
    [
        "Omar el-Béchir est arrivé lundi soir dans la capitale éthiopienne pour un sommet de l'Union africaine",
        "Sudan's Bashir arrived in the Ethiopian capital on Monday for an African Union summit",
    ],
    ids=["fr", "en"],
)  # paraphrases of the AFP reports of 22 November 2010
def test_the_capital_a_demonym_names_is_the_destination(extractor, title):
    got = assess(ReportText(title, "", published=date(2010, 11, 23)), extractor)
    assert (got.claim.destination, got.claim.modality, got.start) == ("ET", "ongoing", date(2010, 11, 22))


@pytest.mark.parametrize(
    ("title", "summary", "published", "expected"),
    [
        ("Sudanese president banned from leaving South Africa",  # thenational.ae, 2015-06-14
         "JOHANNESBURG // Sudan’s president was banned by a South Africa judge from leaving the country on Sunday "
         "after the International Criminal Court called for his arrest at a summit.", date(2015, 6, 14),
         ("al-bashir", "ZA", "alert")),
        ("Ses déplacements sont rares.",  # an excerpt that names the office only (paraphrase of a 2023 report)
         "Le président de la Fédération de Russie va se rendre le 12 octobre au Kirghizstan, un pays d’Asie "
         "centrale.", date(2023, 10, 9), ("putin", "KG", "monitor")),
        ("Israeli PM lands in Budapest despite ICC warrant", "", date(2025, 4, 2), ("netanyahu", "HU", "alert")),
        ("Russian President Dmitry Medvedev arrives in Canada for G8 summit", "", date(2010, 6, 20), None),
        ("Russian president arrives in Canada for G8 summit", "", date(2010, 6, 25), None),  # Medvedev's term
        ("Former Israeli prime minister Ehud Barak visits Hungary", "", date(2024, 6, 10), None),
        ("South Sudanese President Salva Kiir arrives in Johannesburg for AU summit", "", date(2015, 6, 14), None),
    ],
    ids=["sudanese-president", "french-office", "israeli-pm", "a-name-follows", "another-holder", "former",
         "south-sudanese"],
)  # fmt: skip
def test_an_office_names_its_holder_on_the_day(extractor, title, summary, published, expected):
    got = assess(ReportText(title, summary, published=published), extractor)
    if expected is None:
        assert got.persons == () and got.decision.decision == "none", got.as_json("x")
    else:
        assert (got.persons[0], got.claim.destination, got.decision.decision) == expected, got.as_json("x")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("в следующий понедельник", date(2023, 9, 11), (date(2023, 9, 18), date(2023, 9, 18))),  # said on a Monday
        ("lundi prochain", date(2023, 9, 11), (date(2023, 9, 18), date(2023, 9, 18))),
        ("on Monday", date(2023, 9, 11), (date(2023, 9, 11), date(2023, 9, 11))),
        ("נתניהו ייצא לביקור בשבוע הבא", date(2023, 9, 11), (date(2023, 9, 18), date(2023, 9, 24))),
        ("俄羅斯總統普京下周將出訪中亞國家吉爾吉斯", date(2023, 10, 4), (date(2023, 10, 9), date(2023, 10, 15))),
        ("Putin 10 Ekim'de İstanbul'a geliyor", date(2016, 10, 1), (date(2016, 10, 10), date(2016, 10, 10))),
        ("נתניהו ייצא לביקור ב-21 בדצמבר", date(2025, 12, 2), (date(2025, 12, 21), date(2025, 12, 21))),
        ("the G20 summit in Rio de Janeiro next year", date(2023, 9, 10), (date(2024, 1, 1), date(2024, 12, 31))),
        ("at Mar-a-Lago later this month", date(2025, 12, 8), (date(2025, 12, 9), date(2025, 12, 31))),
        ("the G20 in Rome at the end of the month", date(2021, 10, 19), (date(2021, 10, 25), date(2021, 10, 31))),
        ("will Mitte Februar den Regierungschef empfangen", date(2017, 1, 30), (date(2017, 2, 15), date(2017, 2, 15))),
        ("دعا اوغندا الثلاثاء الماضى الى الغاء دعوة البشير", date(2011, 5, 13), (date(2011, 5, 10), date(2011, 5, 10))),
        ("Putin met Xi last Tuesday", date(2011, 5, 13), (date(2011, 5, 10), date(2011, 5, 10))),
    ],
    ids=["ru-next-monday", "fr-next-monday", "en-this-monday", "he-next-week", "zh-next-week", "tr-month", "he-month",
         "next-year", "later-this-month", "end-of-the-month", "mid-month", "ar-last-tuesday", "en-last-tuesday"],
)  # fmt: skip
def test_dates_in_more_wordings(text, published, expected):
    found = find_dates(text, published)
    assert found and (found[-1].first, found[-1].last) == expected, found


def test_relative_dates_resolve_against_the_publication_date(extractor):
    claim = claim_of(extractor, "Путин в среду посетит Монголию", "", date(2024, 8, 29), "ru")  # a Thursday
    assert claim.travel_start == date(2024, 9, 4)
    claim = claim_of(extractor, "Poutine se rendra en Mongolie le mois prochain", "", date(2024, 8, 20), "fr")
    assert claim.window == (date(2024, 9, 1), date(2024, 9, 30))


@pytest.mark.parametrize(
    ("person", "state", "modality", "start", "published", "decision"),
    [
        ("putin", "MN", "planned", date(2024, 9, 3), date(2024, 8, 29), "alert"),
        ("putin", "CN", "planned", date(2024, 5, 16), date(2024, 5, 10), "monitor"),
        ("netanyahu", "HU", "ongoing", date(2025, 4, 3), date(2025, 4, 3), "alert"),
        ("netanyahu", "HU", "planned", date(2024, 6, 1), date(2024, 5, 20), "none"),  # before the warrant
        ("putin", "BR", "planned", date(2024, 11, 18), date(2024, 9, 1), "monitor"),  # beyond the horizon
        ("putin", "ZA", "cancelled", date(2023, 8, 22), date(2023, 7, 19), "monitor"),
        ("putin", "RU", "ongoing", date(2024, 10, 22), date(2024, 10, 22), "none"),  # at home
    ],
)
def test_decisions(person, state, modality, start, published, decision):
    assert decide(person, state, modality, start, 0.9, published).decision == decision


def test_extract_command_follows_the_contract():
    lines = [
        {"id": "a", "title": "Putin to visit Mongolia next week despite ICC warrant", "published": "2024-08-29",
         "summary": "The Kremlin said President Vladimir Putin will visit Mongolia on Sept. 3.", "language": "en",
         "url": "https://example.org/a"},
        {"id": "b", "title": "Weather in Ulaanbaatar", "summary": "Sunny.", "published": "2024-08-29T10:00:00Z"},
    ]  # fmt: skip
    result = run_tracker("extract", stdin="\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.returncode == 0, result.stderr
    a, b = (json.loads(line) for line in result.stdout.splitlines())
    assert (a["persons"], a["destination"], a["travel_start"], a["modality"], a["decision"]) == (
        ["putin"], "MN", "2024-09-03", "planned", "alert",
    )  # fmt: skip
    assert any("binding duty" in w for w in a["why"])
    assert (b["persons"], b["destination"], b["modality"], b["decision"]) == ([], None, "none", "none")
    bad = run_tracker("extract", stdin='{"id": 1, "title": "x", "published": "yesterday"}\nnot json\n')
    assert bad.returncode == 1 and "line 1" in bad.stderr and "line 2" in bad.stderr


def test_the_labelled_set_stays_at_its_measured_level(extractor):
    """A guard against regressions on 506 real reports (bench/extract_bench.py prints the details); the
    floors sit a little under the levels measured when they were set (F1 0.947, destination 0.901, modality
    0.879)."""
    items = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    tp = fp = fn = 0
    dest = modality = 0
    with_dest = 0
    for item in items:
        published = date.fromisoformat(item["published"][:10])
        got = assess(ReportText(item["title"], item["summary"], published=published, language=item["language"]),
                     extractor).as_json(item["id"])  # fmt: skip
        gold = item["gold"]
        tp += gold["decision"] == "alert" and got["decision"] == "alert"
        fp += gold["decision"] != "alert" and got["decision"] == "alert"
        fn += gold["decision"] == "alert" and got["decision"] != "alert"
        modality += gold["modality"] == got["modality"]
        if gold["destination"]:
            with_dest += 1
            dest += gold["destination"] == got["destination"]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert len(items) >= 506
    assert f1 >= 0.93, f1
    assert dest / with_dest >= 0.88, dest / with_dest
    assert modality / len(items) >= 0.86, modality / len(items)


@pytest.mark.parametrize(
    ("title", "published", "language", "expected"),
    [
        ("Wladimir Putin reist nicht zum Brics-Gipfel nach Südafrika", date(2023, 7, 19), "de",
         ("ZA", "cancelled", date(2023, 8, 22))),
        ("Putin não viajará ao Brasil para a cúpula do G20 no Rio de Janeiro", date(2024, 10, 18), "pt",
         ("BR", "cancelled", date(2024, 11, 18))),
        ("Mongolia explained its refusal to arrest Vladimir Putin", date(2024, 9, 4), "en",
         ("MN", "completed", None)),
        ("Israel's Yoav Gallant welcomed at the White House despite ICC arrest warrant", date(2024, 12, 11), "en",
         ("US", "ongoing", date(2024, 12, 11))),
        ("Former Israeli defense minister Yoav Gallant meets Lloyd Austin at the Pentagon", date(2024, 12, 10), "en",
         ("US", "ongoing", date(2024, 12, 10))),
        ("Megérkezett Budapestre Benjamin Netanjahu", date(2025, 4, 3), "hu", ("HU", "ongoing", date(2025, 4, 3))),
        ("Putins Staatsbesuch in der Mongolei trotz Haftbefehls", date(2024, 9, 3), "de",
         ("MN", "planned", None)),  # a trip named by a noun, with no date, is read as a plan
    ],
    ids=["de-negated", "pt-negated-event", "failure-to-arrest", "white-house", "pentagon", "hu-verb-first",
         "de-genitive"],
)  # fmt: skip
def test_headline_rules(extractor, title, published, language, expected):
    claim = claim_of(extractor, title, "", published, language)
    assert claim is not None, title
    assert (claim.destination, claim.modality, claim.travel_start) == expected


def test_a_suspect_flown_to_the_hague_is_no_trip_to_warn_about(extractor):
    title = "Philippines' ex-president Rodrigo Duterte en route to The Hague to face crimes against humanity charges"
    result = assess(ReportText(title, "", published=date(2025, 3, 11), language="en"), extractor)
    assert result.decision.decision == "none"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("modality:\n  planned:\n    de: ['a']\n    de: ['b']\n", "'de' appears twice"),
        ("modality:\n  planned:\n    en: ['visit (?:\\S+ )?to']\n", "write \\[\\^ \\]"),  # folding makes \S \s
    ],
    ids=["a-repeated-language", "an-escape-folding-would-invert"],
)
def test_a_cue_file_mistake_is_an_error(tmp_path, monkeypatch, content, message):
    import tracker.cues as cues

    broken = tmp_path / "cues.yaml"
    broken.write_text(content)
    monkeypatch.setattr(cues, "CUES_FILE", broken)
    cues.default_cues.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            cues.default_cues()
    finally:
        monkeypatch.undo()
        cues.default_cues.cache_clear()


# Each rule of the reading, on a real headline and lead (the labelled set, `tests/data/labelled_reports.jsonl`,
# holds each with its URL): (destination, modality, travel_start, decision) as `tracker extract` gives them.
READINGS = [
    ("custody-transfer",  # apnews.com, 2025-03-11
     "Philippine ex-leader Duterte is being flown to The Hague to face charges of crimes against humanity",
     "Philippine police arrested former President Rodrigo Duterte in Manila on Tuesday and sent him by plane to the "
     "Netherlands to face charges of crimes against humanity at the International Criminal Court, President "
     "Ferdinand Marcos said.", "2025-03-11", "en", ("NL", "none", "2025-03-11", "none")),
    ("custody-arrest-ends-a-trip",  # topnews.com (DW wire), 2025-03-11
     "Duterte arrested at Manila airport",
     "Former Philippines President Rodrigo Duterte has been arrested at Manila airport on Tuesday the government "
     "said.", "2025-03-11", "en", ("PH", "completed", "2025-03-11", "none")),
    ("stand-in",  # menanews.info, 2024-11-12
     "Russia, il ministro degli Esteri Lavrov sostituirà Putin al vertice del G20",
     "Il ministro degli Esteri russo Sergei Lavrov sostituirà il presidente Vladimir Putin alla guida della "
     "delegazione russa al vertice del G20 che si terrà a Rio de Janeiro, in Brasile, il 18 e 19 novembre.",
     "2024-11-12", "it", ("BR", "cancelled", "2024-11-18", "monitor")),
    ("on-behalf-of",  # pledgetimes.com, 2023-08-29
     "Lavrov to lead delegation to G20 summit in India",
     "Russian Foreign Minister Sergei Lavrov, on behalf of Russian President Vladimir Putin, will head a delegation at "
     "the G20 summit in India.", "2023-08-29", "en", ("IN", "cancelled", "2023-09-09", "monitor")),
    ("origin-is-no-destination",  # theyeshivaworld.com, 2025-07-06
     "Netanyahu departs Israel for US after hours-long delay",
     "Prime Minister Binyamin Netanyahu and his wife, Sara, took off from Ben Gurion Airport on the Wing of Zion plane "
     "on Sunday evening at about 8:30 p.m. to fly to Washington, D.C., for Netanyahu’s meeting with Trump and senior "
     "administration officials this week.", "2025-07-06", "en", ("US", "ongoing", "2025-07-06", "monitor")),
    ("arrival-day-not-the-next-meeting",  # de.euronews.com (AP), 2025-02-02
     "Netanjahu reist in die USA, um mit Trump über Sieg über Hamas zu sprechen",
     "Der israelische Ministerpräsident Benjamin Netanjahu ist am Sonntagmorgen aus Tel Aviv in die Vereinigten "
     "Staaten gereist, wo er am Dienstag mit US-Präsident Donald Trump zusammentreffen wird.",
     "2025-02-02", "de", ("US", "ongoing", "2025-02-02", "monitor")),
    ("no-sentence-before-lower-case",  # juedische-allgemeine.de, 2017-02-14
     "Ankunft in Washington",
     "Der israelische Premierminister Benjamin Netanjahu ist am Montagabend mit seiner Ehefrau Sara in Washington "
     "D.C. gelandet.", "2017-02-14", "de", ("US", "ongoing", "2017-02-13", "none")),
    ("spanish-weighing-a-trip",  # enteratenoticias.com.ar, 2025-07-29
     "Netanyahu evalúa visitar Argentina en agosto para reunirse con Javier Milei",
     "El primer ministro israelí, Benjamín Netanyahu, está evaluando viajar a la Argentina en agosto para mantener "
     "un encuentro con el presidente Javier Milei.", "2025-07-29", "es", ("AR", "planned", "2025-08-01", "alert")),
    ("hebrew-met-at-the-white-house",  # inn.co.il, 2026-02-11
     "נתניהו נפגש עם טראמפ בחדר הסגלגל",
     "ראש הממשלה בנימין נתניהו נפגש הערב (רביעי) עם נשיא ארה\"ב דונלד טראמפ בחדר הסגלגל בבית הלבן.",
     "2026-02-11", "he", ("US", "ongoing", "2026-02-11", "monitor")),
    ("arabic-heading-today",  # masress.com (Elbalad), 2017-02-13
     "نتنياهو يتوجه إلى واشنطن",
     "يتوجه رئيس الوزراء الإسرائيلي بنيامين نتنياهو،إلى واشنطن اليوم \"الاثنين\"،لعقد أول لقاء مع الرئيس الأمريكي "
     "دونالد ترامب.", "2017-02-13", "ar", ("US", "ongoing", "2017-02-13", "none")),
    ("day-of-saying",  # people.cn (Xinhua), 2023-07-20
     "Putin not to attend BRICS summit in Johannesburg: S. African president",
     "JOHANNESBURG, July 19 (Xinhua) -- South African President Cyril Ramaphosa announced Wednesday that by mutual "
     "agreement, Russian President Vladimir Putin will not attend the BRICS summit set to be held here in South "
     "Africa in August.", "2023-07-20", "en", ("ZA", "cancelled", "2023-08-22", "monitor")),
    ("court-finding-is-no-trip",  # thematics.live (Reuters), 2024-10-24
     "ICC accuses Mongolia of failing to arrest Putin, refers matter for further action",
     "The International Criminal Court on Thursday accused member state Mongolia of failing to arrest Russian "
     "President Vladimir Putin during a trip there last month, saying it was referring the matter for further "
     "action.", "2024-10-24", "en", ("MN", "none", None, "none")),
    ("denied-cancellation",  # english.ahram.org.eg, 2013-09-26
     "Sudan denies president called off UN trip",
     "Sudan's foreign ministry denied Thursday that President Omar Al-Bashir, who faces an international arrest "
     "warrant, has called off a trip to New York to address the United Nations General Assembly.",
     "2013-09-26", "en", ("US", "planned", "2013-09-24", "monitor")),
    ("met-abroad",  # tiempodesanjuan.com, 2025-09-25
     "Milei se reunió en Nueva York con Benjamín Netanyahu",
     "El presidente Javier Milei culminó su gira oficial por Estados Unidos con una reunión con el primer ministro "
     "israelí, Benjamín Netanyahu.", "2025-09-25", "es", ("US", "ongoing", "2025-09-25", "monitor")),
    ("flight-route",  # siasat.com, 2026-02-11
     "Netanyahu’s plane crosses airspace of four ICC states despite arrest warrant",
     "Tel Aviv: The official plane carrying Israeli Prime Minister Benjamin Netanyahu to the United States on "
     "Tuesday, February 10, crossed the airspace of four member states that are parties to the Rome Statute of the "
     "International Criminal Court (ICC), despite an outstanding arrest warrant against him.",
     "2026-02-11", "en", ("US", "ongoing", "2026-02-10", "monitor")),
    ("hosting-a-summit-at-home",  # scandals.pk, 2024-10-22
     "Russia's Vladimir Putin hosts BRICS 2024 summit in Kazan", "", "2024-10-22", "en",
     ("RU", "ongoing", "2024-10-22", "none")),
    ("last-day-of-a-visit",  # tass.ru, 2025-10-09
     "Путин в последний день визита в Таджикистан примет участие в саммите СНГ",
     "МОСКВА, 10 октября. /ТАСС/. Президент РФ Владимир Путин в последний день визита в Таджикистан примет участие "
     "в работе Совета глав государств - участников СНГ, который пройдет в Душанбе.",
     "2025-10-09", "ru", ("TJ", "ongoing", "2025-10-09", "alert")),
    ("current-visit",  # anews.com.tr, 2024-12-11
     "ICC arrest warrant casts shadow over ex-Israeli defense minister's visit to US",
     "An arrest warrant issued by the International Criminal Court (ICC) for former Israeli Defense Minister Yoav "
     "Gallant for war crimes in Gaza has cast a shadow over his current visit to the US.",
     "2024-12-11", "en", ("US", "ongoing", "2024-12-11", "monitor")),
    ("gerund-after-from",  # mabvutojobani.wordpress.com, 2012-05-21
     "African Union says no to Malawi’s Banda on Bashir",
     "Eight members of the African Union (AU) Ad hoc Committee of Heads of State and Government meeting in Benin "
     "have rejected President Joyce Banda’s request that the 54-member grouping should block Sudanese President "
     "Omar Hassan al-Bashir from attending the AU summit in Malawi this July.",
     "2012-05-21", "en", ("MW", "planned", "2012-07-01", "monitor")),
    ("left-home-for",  # europe1.fr (AFP), 2012-03-28
     "Le président soudanais part pour Bagdad",
     "Le président soudanais Omar el-Béchir, sous le coup d'un mandat d'arrêt de la Cour pénale internationale "
     "(CPI), a quitté Khartoum mercredi pour se rendre à un sommet arabe prévu jeudi à Bagdad, a rapporté la radio "
     "officielle.", "2012-03-28", "fr", ("IQ", "ongoing", "2012-03-28", "monitor")),
    ("historic-present-headline",  # devdiscourse.com (Reuters), 2024-05-14
     "Russian President Putin Visits China for State Visit",
     "Russian President Vladimir Putin will make a two-day state visit to China this week, the Chinese Foreign "
     "Ministry said on Tuesday.", "2024-05-14", "en", ("CN", "planned", "2024-05-15", "monitor")),
    ("called-by-office",  # pressafrik.com, 2018-12-17
     "Omar El-Béchir chez Bashar Al-Assad",
     "Le président soudanais a effectué une brève visite dimanche à Damas où il a rencontré son homologue syrien "
     "Bashar al-Assad.", "2018-12-17", "fr", ("SY", "completed", "2018-12-16", "monitor")),
    ("delegation-led-by",  # menafn.com, 2024-04-25
     "Qatar Hosts Russian Delegation As Part Of Its Reunification Efforts Of Separated Families",
     "Doha, Qatar: The State of Qatar hosted a delegation from the Russian Federation, led by the Presidential "
     "Commissioner for Children's Rights HE Maria Lvova Belova.", "2024-04-25", "en",
     ("QA", "ongoing", "2024-04-25", "monitor")),
    ("ceremony-host-state",  # bloomberg.com, 2010-08-27
     "Kenya Charter Ceremony Overshadowed by al-Bashir",
     "Kenyan President Mwai Kibaki signed into law a new constitution today during a ceremony partly overshadowed "
     "by the presence of Sudanese President Umar al-Bashir, wanted by the International Criminal Court for "
     "genocide.", "2010-08-27", "en", ("KE", "ongoing", "2010-08-27", "alert")),
    ("headline-name-in",  # nyasatimes.com, 2011-10-13
     "13 presidents shun Malawi summit as Mugabe, Bashir in", "", "2011-10-13", "en",
     ("MW", "ongoing", "2011-10-13", "alert")),
    ("german-compound",  # finanznachrichten.de (dpa), 2025-02-26
     "Union weist Kritik an Umgang mit Haftbefehl gegen Netanjahu zurück",
     "Berlin - Die Union hat Kritik von Völkerrechtlern an der Ankündigung von CDU-Chef Friedrich Merz "
     "zurückgewiesen, er werde \"Mittel und Wege\" finden, um den israelischen Ministerpräsidenten Benjamin "
     "Netanjahu trotz eines internationalen Haftbefehls bei einem Deutschlandbesuch nicht festnehmen zu lassen.",
     "2025-02-26", "de", ("DE", "cancelled", None, "monitor")),
    ("mongolian-verb-final",  # arslan.mn, 2024-09-03
     "Ерөнхийлөгч У.Хүрэлсүх, ОХУ-ын Ерөнхийлөгч В.В.Путин нар өнөөдөр албан ёсны хэлэлцээ хийнэ",
     "Ерөнхийлөгч В.В.Путиныг “Буянт-Ухаа” нисэх онгоцны буудалд Гадаад харилцааны сайд Б.Батцэцэг, ОХУ-аас Монгол "
     "Улсад суугаа Онц бөгөөд Бүрэн эрхт Элчин сайд А.Н.Евсиков болон албаны бусад хүн угтаж авлаа.",
     "2024-09-03", "mn", ("MN", "ongoing", "2024-09-03", "alert")),
    ("polish",  # tvn24.pl, 2025-04-06
     "Benjamin Netanjahu w USA. Ma rozmawiać z Donaldem Trumpem o cłach, Turcji, Iranie i Strefie Gazy",
     "Szef izraelskiego rządu Benjamin Netanjahu wyruszył do Waszyngtonu, by spotkać się z przywódcą USA.",
     "2025-04-06", "pl", ("US", "ongoing", "2025-04-06", "monitor")),
    ("ukrainian",  # tsn.ua, 2024-08-30
     "МЗС України закликало Монголію заарештувати Птуіна",
     "МЗС України закликало Монголію заарештувати Путіна за ордером Міжнародного кримінального суду. 3 вересня Путін "
     "уперше їде до країни, яка ратифікувала Римський статут.", "2024-08-30", "uk",
     ("MN", "planned", "2024-09-03", "alert")),
    ("hebrew-white-house",  # epoch.org.il, 2025-12-02
     "נתניהו צפוי להיפגש בקרוב עם טראמפ בבית הלבן; מספר נושאים על הפרק", "", "2025-12-02", "he",
     ("US", "planned", None, "monitor")),
    ("arabic-cancelled-elsewhere",  # menafn.com, 2025-09-28
     "الأرجنتين تلغي زيارة نتينياهو",
     "(MENAFN) أفادت التقارير بأن رئيس وزراء الاحتلال بنيامين نتنياهو، الذي يشارك حاليًا في اجتماعات الجمعية العامة "
     "للأمم المتحدة في نيويورك، كان يخطط للقيام بزيارة رسمية إلى الأرجنتين، إلا أن الزيارة أُلغيّت بطلب من الرئيس "
     "الأرجنتيني خافيير ميلي.", "2025-09-28", "ar", ("AR", "cancelled", None, "monitor")),
    ("this-weekend",  # lapresse.ca (AFP), 2010-10-26
     "La CPI presse le Kenya d'arrêter Omar el-Béchir",
     "La Cour pénale internationale appelle le Kenya à arrêter le président soudanais Omar el-Béchir, qui doit se "
     "rendre dans le pays ce week-end pour un sommet.", "2010-10-26", "fr", ("KE", "planned", "2010-10-30", "alert")),
    ("undated-trip-just-over",  # asiaplustj.info, 2024-09-05
     "Mongolia explained its refusal to arrest Vladimir Putin",
     "Mongolia explained its refusal to arrest Russian President Vladimir Putin by saying that it “has always "
     "adhered to a policy of neutrality”.", "2024-09-05", "en", ("MN", "completed", "2024-09-04", "monitor")),
    ("quoted-nickname",  # cebudailynews.inquirer.net, 2025-03-17
     "Dela Rosa explains HK absence: I got info on ICC arrest warrant",
     "MANILA, Philippines — Why was Senator Ronald “Bato” Dela Rosa absent from the Partido Demokratiko Pilipino "
     "(PDP) event at Hong Kong last weekend prior to former President Rodrigo Duterte’s arrest?",
     "2025-03-17", "en", ("HK", "cancelled", None, "none")),
    ("sent-a-delegation",  # nv.ua, 2025-11-04
     "Путин отправил делегацию на саммит G20 в ЮАР, где могла состояться его встреча с Трампом", "", "2025-11-04",
     "ru", ("ZA", "cancelled", "2025-11-22", "monitor")),
    ("visit-ended-outweighs-arrival",  # dabangasudan.org, 2016-05-12
     "الرئيس البشير يتحدى الجنائية مجددا ويزور اوغندا ليوم واحد",
     "أنهى الرئيس عمر البشير، مساء  يوم الخميس، زيارته الى أوغندا شارك خلالها في الاحتفال بتنصيب الرئيس، يوري "
     "موسفيني، لدورة رئاسية جديدة، في وقت رفضت الحكومة الأوغندية، طلبا لمنظمة العفو الدولية دعت فيه كمبالا للقبض "
     "على البشير، وتسليمه للمحكمة للجنائية الدولية، بعد أن وصل صباح الخميس لكمبالا", "2016-05-12", "ar",
     ("UG", "completed", "2016-05-12", "monitor")),
    ("expected-there",  # paperblog.fr, 2010-07-20
     "Le président soudanais el-Béchir attendu au Tchad",
     "Malgré le mandat d'arrêt de la CPI, Omar el-Béchir devrait être ce mercredi 21 juillet à Ndjamena pour "
     "l'ouverture du sommet des chefs d'Etat de la Communauté des Etats Sahélo-Sahariens (Cen-Sad).",
     "2010-07-20", "fr", ("TD", "planned", "2010-07-21", "alert")),
    ("hungarian-subject-after-verb",  # nepszava.hu, 2026-02-08
     "A CPAC Hungary 2026 konferenciára jön.",
     "A 2026. március 21-én tartandó CPAC Hungary 2026 konferencia alkalmából újra Magyarországra jön Benjamin "
     "Netanjahu izraeli kormányfői – írja a The Times of Israel.", "2026-02-08", "hu",
     ("HU", "planned", "2026-03-21", "monitor")),
    ("counterpart-says-where",  # diasporas-news.com, 2011-08-07
     "Omar el-Béchir est arrivé vers 15h00 locale (14h00 GMT) et a été accueilli à l’aéroport par son homologue "
     "tchadien qui a aussi accueilli personnellement les présidents centrafricain François Bozizé.", "",
     "2011-08-07", "fr", ("TD", "ongoing", "2011-08-07", "alert")),
    ("went-there-on-the-report-day",  # afrik.com, 2010-07-21 (a Wednesday)
     "Le président El-Béchir défie la CPI en se rendant au Tchad",
     "Le président soudanais Omar el-Béchir, sous le coup de deux mandats d’arrêt émanant de la Cour pénale "
     "internationale (CPI), s’est rendu à N’Djamena mercredi pour la conférence des chefs d’Etat de la communauté "
     "des Etats sahélo-sahariens (Censad).", "2010-07-21", "fr", ("TD", "ongoing", "2010-07-21", "alert")),
    ("hebrew-expected-arrival",  # emess.co.il, 2025-04-01
     "ארגונים אנטי-ישראליים וארגוני שמאל מפנים כעת דרישות להונגריה לעצור את ראש הממשלה בנימין נתניהו עם הגעתו "
     "הצפויה מחר לשטחה.", "", "2025-04-01", "he", ("HU", "planned", "2025-04-02", "alert")),
    ("bulgarian-arrival",  # actualno.com, 2024-09-02
     "Правителственият самолет с Владимир Путин току-що пристигна на летището в монголската столица Улан Батор, с "
     "което започва официалното посещение на диктатора в съседната държава.", "", "2024-09-02", "bg",
     ("MN", "ongoing", "2024-09-02", "alert")),
    ("the-person-there-on-a-trip",  # arabnews.com, 2023-10-12
     "Putin in Kyrgyzstan for first trip abroad since court arrest warrant", "", "2023-10-12", "en",
     ("KG", "ongoing", "2023-10-12", "monitor")),
    ("if-he-attends-next-year",  # thenews.com.pk (AFP), 2023-09-10
     "No arrest risk for Putin at Brazil G20: Lula",
     "NEW DELHI: Russian leader Vladimir Putin will not be arrested if he attends the G20 summit in Rio de Janeiro "
     "next year, Brazilian President Luiz Inacio Lula da Silva said.", "2023-09-10", "en",
     ("BR", "planned", "2024-11-18", "monitor")),
    ("flight-to-the-un-summit",  # dawn.com (AFP), 2025-09-25
     "Netanyahu’s plane takes unusual route to UN summit", "", "2025-09-25", "en",
     ("US", "ongoing", "2025-09-25", "monitor")),
    ("skipping-europe-on-a-flight",  # newsaih.com, 2025-09-25 (date from the UN speech it announces for Friday)
     "Netanyahu skips most of Europe on flight to UN amid ICC warrant",
     "Israeli PM Benjamin Netanyahu avoids most of European skies on flight to New York.", "2025-09-25", "en",
     ("US", "ongoing", "2025-09-25", "monitor")),
    ("reported-to-the-security-council",  # naharnet.com, 2010-08-27
     "International Court Reports Bashir in Kenya to UN Security Council",
     "The International Criminal Court said Friday that it was reporting indicted Sudanese President Omar al-Bashir's "
     "visit to Kenya to the UN Security Council, so that appropriate steps might be taken.", "2010-08-27", "en",
     ("KE", "none", None, "none")),
    ("german-participle-closes-the-clause",  # kleinezeitung.at via ru24.net, 2024-09-03
     "Der russische Präsident Wladimir Putin ist ungeachtet des gegen ihn vorliegenden Haftbefehls des "
     "Internationalen Strafgerichtshofs (IStGH) vom mongolischen Staatschef Uchnaagiin Chüreslsüch in Ulan Bator "
     "empfangen worden.", "", "2024-09-03", "de", ("MN", "ongoing", "2024-09-03", "alert")),
    ("barred-from-leaving",  # realites.com.tn, 2015-06-14
     "Présent en Afrique du Sud pour assister au sommet de l’Union Africaine, le président soudanais Omar El-Béchir "
     "a été interdit par la justice sud-africaine de quitter le pays.", "", "2015-06-14", "fr",
     ("ZA", "ongoing", "2015-06-14", "alert")),
    ("chinese-flew-to",  # sdctnews.com, 2024-09-03
     "普京抵蒙古國 被發逮捕令後首訪ICC成員國",
     "俄羅斯總統普京(Vladimir Putin)於週一(9月2日)飛抵蒙古國首都烏蘭巴托,"
     "這是他自去年3月被國際刑事法院(ICC)發出逮捕令後,首次訪問ICC成員國。",
     "2024-09-03", "zh", ("MN", "ongoing", "2024-09-02", "alert")),
    ("a-warrant-years-ago-is-no-date-of-the-visit",  # liberation.fr, 2010-07-23
     "Pour la toute jeune Cour pénale internationale (CPI), c’est un camouflet sans précédent.",
     "Une semaine après avoir été inculpé de génocide au Darfour, en plus des crimes de guerre et des crimes contre "
     "l’humanité qui lui ont déjà valu un mandat d’arrêt en mars 2009, le président soudanais, Omar el-Béchir, la "
     "nargue ouvertement en effectuant une visite officielle au Tchad.", "2010-07-23", "fr",
     ("TD", "ongoing", "2010-07-23", "alert")),
    ("no-plans-to-arrest-him",  # defenceweb.co.za, 2011-10-13
     "Malawi to allow Sudan’s Bashir in for summit",
     "Malawi will allow Sudanese President Omar al-Bashir into the country for a regional trade summit "
     "starting on Friday and has no plans to arrest him under an International Criminal Court warrant, "
     "said a senior government official.",
     "2011-10-13", "en", ('MW', 'planned', '2011-10-14', 'alert')),
    ("russian-taking-part",  # news.rambler.ru, 2025-10-10
     "Президент России Владимир Путин принимает участие в саммите глав государств СНГ в Душанбе в пятницу, "
     "10 октября.",
     "К мероприятию также присоединятся лидеры Азербайджана, Армении, Белоруссии, Казахстана, Кыргызстана, "
     "Туркменистана, Таджикистана и Узбекистана, чтобы обсудить политическое и экономическое "
     "сотрудничество, в том числе вопросы региональной безопасности, торговли и интеграционных инициатив.",
     "2025-10-10", "ru", ('TJ', 'ongoing', '2025-10-10', 'alert')),
    ("french-attending",  # agenceafrique.com, 2016-05-12
     "Amnesty International a invité, ce jeudi, les autorités de Kampala de procéder à l’arrestation "
     "immédiate du président soudanais, Omar el Béchir qui assiste dans la capitale ougandaise à la "
     "cérémonie d’investiture du président ougandais, Yoweri Museveni et le remettre à la Cour pénale "
     "internationale (CPI).",
     "«L’Ouganda doit respecter ses obligations internationales et arrêter Omar el Béchir qui est "
     "recherché pour génocide», a déclaré Muthoni Wanyeki, directrice régionale du bureau Afrique de l’Est "
     "d’Amnesty, affirmant que tout refus de Kampala serait une trahison.",
     "2016-05-12", "fr", ('UG', 'ongoing', '2016-05-12', 'alert')),
    ("among-those-present",  # legriot.info, 2016-05-12
     "Ouganda : Le président Museveni prête serment pour son 5ème mandat",
     "Réélu pour un cinquième mandant à la tête du pays en février dernier, le président Yoweri Museveni a "
     "prêté serment ce jeudi, en présence de nombreux chefs d’Etat africains, dont le président soudanais, "
     "Omar el-Béchir qui fait l’objet d’un mandat d’arrêt émis par la Cour pénale internationale (CPI).",
     "2016-05-12", "fr", ('UG', 'ongoing', '2016-05-12', 'alert')),
    ("visiting-president",  # dainikdisha.com, 2015-06-15
     "Johannesburg, June 15 (IANS) As a Pretoria judge on Monday prepared to rule on whether South African "
     "authorities must arrest visiting Sudanese President Omar al-Bashir for “crimes against humanity”, "
     "there were conflicting reports about his whereabouts.",
     "The South African Broadcasting Corporation (SABC) said that one of its reporters saw al-Bashir "
     "outside a hotel near the Sandton International Convention Centre where the 25th session of the "
     "African Union (AU) Summit has been taking place since Sunday, Xinhua news agency reported.",
     "2015-06-15", "en", ('ZA', 'ongoing', '2015-06-15', 'alert')),
    ("portuguese-will-be-in",  # famaaominuto.com, 2025-03-31
     "O primeiro-ministro húngaro, Viktor Orbán, já tinha convidado publicamente Netanyahu a efetuar esta "
     "visita, apesar do mandado de detenção emitido pelo Tribunal Penal Internacional (TPI) por alegados "
     "crimes cometidos por Israel no âmbito da ofensiva militar na Faixa de Gaza.",
     "No domingo, o gabinete do chefe do executivo de Israel anunciou a data de início da viagem, e um "
     "porta-voz do Governo húngaro, Zoltan Kovacs, indicou agora que Benjamin Netanyahu estará na Hungria "
     "entre 02 e 06 de abril, sem fornecer pormenores sobre a agenda da visita.",
     "2025-03-31", "pt", ('HU', 'planned', '2025-04-02', 'alert')),
    ("arrived-then-tomorrow",  # menanews.info, 2024-09-02
     "Le président russe Vladimir Poutine est arrivé à Oulan-Bator, en Mongolie, où il a prévu de "
     "rencontrer les autorités du pays demain, rapporte l’agence «Tass».",
     "La Mongolie est le premier pays à adhérer au Traité de Rome, qui établit la Cour pénale "
     "internationale (CPI), visitée par Poutine après qu’un mandat d’arrêt a été délivré à son encontre "
     "par cette même Cour pour déportation d’enfants ukrainiens.",
     "2024-09-02", "fr", ('MN', 'ongoing', '2024-09-02', 'alert')),
    ("heading-there-on-a-weekday",  # sudantribune.com, 2010-11-30
     "Sudan’s Bashir heading to Central African Republic on Wednesday: report",
     "November 30, 2010 (WASHINGTON) – The Sudanese president Omer Hassan Al-Bashir will fly to Central "
     "African Republic (CAR) on Wednesday in defiance of the arrest warrant against him, according to a "
     "newspaper report.",
     "2010-11-30", "en", ('CF', 'planned', '2010-12-01', 'alert')),
    ("an-invitation-is-no-trip-yet",  # khaleejtimes.com, 2024-11-23
     "Hungary has invited Netanyahu to visit: Israeli PM office",
     "Hungarian Prime Minister Viktor Orban has invited Israeli counterpart Benjamin Netanyahu to visit "
     "his country, Netanyahu's office confirmed on Saturday.",
     "2024-11-23", "en", ('HU', 'planned', None, 'monitor')),
    ("back-from-a-visit",  # lidtime.com, 2016-05-12
     "Sudan’s Bashir defies arrest warrant with trip to Uganda",
     "A Sudanese observer says President Omar al-Bashir’s returned to Khartoum on Thursday from a one-day "
     "visit to Uganda in defiance of an global warrant for his arrest on charges of genocide.",
     "2016-05-12", "en", ('UG', 'completed', '2016-05-12', 'monitor')),
    ("german-spelling",  # spiegel.de, 2009-03-23
     "Sudan Baschir reist trotz Haftbefehl nach Eritrea",
     "Der Haftbefehl wegen Kriegsverbrechen scheint ihn nicht zu stören: Sudans Präsident Umar al-Baschir "
     "ist zu einem Staatsbesuch nach Eritrea aufgebrochen.",
     "2009-03-23", "de", ('ER', 'ongoing', '2009-03-23', 'monitor')),
    ("the-g20-in-rome-not-bali",  # newsghana.com.gh, 2021-10-19
     "Russian President Vladimir Putin is not planning to attend the summit of the leaders of the top 20 "
     "industrialized nations (G20) in Rome at the end of the month, the Kremlin said on Tuesday.",
     "Putin is prepared to participate by video, the government said, after Putin held a telephone call "
     "with Italian Prime Minister Mario Draghi.",
     "2021-10-19", "en", ('IT', 'denied', '2021-10-25', 'none')),
    ("will-not-fly",  # tag911.ae, 2021-10-20
     "Russian President Vladimir Putin will not fly to Glasgow to attend the COP26 climate summit, the "
     "Kremlin said on Wednesday, a setback for host Britain's hopes of getting world leaders to agree a "
     "significant climate deal.",
     "Britain, which hosts the 26th United Nations Climate Change Conference of the Parties, or COP26, in "
     "Glasgow from October 31 to November 12, is seeking to get support from major powers for a more "
     "radical plan to tackle climate change.",
     "2021-10-20", "en", ('GB', 'cancelled', '2021-10-31', 'none')),
    ("met-at-the-white-house",  # trtespanol.com:443, 2026-02-11
     "Washington D. C. — El primer ministro israelí, Benjamín Netanyahu, se reunió con el presidente de "
     "Estados Unidos, Donald Trump, en la Casa Blanca, tras viajar a la capital con el objetivo de "
     "instarlo a adoptar una postura más firme en las negociaciones nucleares con Irán.",
     "Se trata de su sexta visita desde el inicio del segundo mandato de Trump, un viaje que ha desatado "
     "protestas.",
     "2026-02-11", "es", ('US', 'ongoing', '2026-02-11', 'monitor')),
    ("a-town-inside-a-name",  # 897contactfm.blogspot.com, 2011-05-12
     "Several dignitaries are already in Uganda ready for the swearing in of president Yoweri Museveni for "
     "his fourth term in office.",
     "Meanwhile, The Sudanese president Omar Hassan Al-Bashir has delegated one of his advisers to attend "
     "the swearing-in of his Ugandan counterpart into a new term.",
     "2011-05-12", "en", ('UG', 'cancelled', None, 'monitor')),
    ("polish-visited",  # pism.pl, 2025-10-14
     "Tadżykistan gości Władimira Putina mimo wydanego przez MTK nakazu aresztowania",
     "Putin odwiedził Tadżykistan w dniach 8–10 października, by wziąć udział w szczycie Rosja – Azja "
     "Centralna, spotkaniu Wspólnoty Niepodległych Państw i rozmowach dwustronnych.",
     "2025-10-14", "pl", ('TJ', 'completed', '2025-10-08', 'monitor')),
    ("a-trip-weighed-not-decided",  # netafrique.net, 2024-01-15
     "Le Président russe, Vladimir Poutine, envisage de visiter l’Afrique, plus précisément le Burundi et la Guinée "
     "équatoriale, parmi ses déplacements à l’étranger cette année.", "", "2024-01-15", "fr",
     ("BI", "planned", None, "monitor")),
    ("a-visit-in-preparation",  # studio341news.com, 2025-07-30
     "Netanyahu vendría a la Argentina para ver a Milei y devolver el gesto por su visita a Israel",
     "El primer ministro de Israel, Benjamín Netanyahu, prepara una visita a la Argentina en el corto plazo para "
     "reunirse con el presidente Javier Milei, según confirmó la Agencia Judía de Noticias (AJN).", "2025-07-30",
     "es", ("AR", "planned", None, "monitor")),
    ("attendance-of-the-office-holder",  # theguardian.com, 2016-05-12
     "Ugandan president Yoweri Museveni sworn in for fifth term",
     "Yoweri Museveni has been sworn in for his fifth term as Uganda’s president but representatives from Europe and "
     "North America walked out of the ceremony over the attendance of the Sudanese president who is wanted on "
     "genocide charges.", "2016-05-12", "en", ("UG", "ongoing", "2016-05-12", "alert")),
    ("german-verb-before-its-subject",  # viennaoffices.at, 2017-07-18 (before the warrant: none)
     "Am Montag, am Abend, den 17. Juli 2017 kam Benjamin Netanjahu, Israels Ministerpräsident nach Budapest.",
     "Am 18. Juli wurde er vom Premier Viktor Orbán (Fidesz – Bund Junger Demokraten) im Parlament empfangen.",
     "2017-07-18", "de", ("HU", "ongoing", "2017-07-17", "none")),
    ("german-host-wants-to-receive",  # AFP via a German outlet, 2017-01-30 (before the warrant: none)
     "Washington (AFP) US-Präsident Donald Trump will Mitte Februar den israelischen Regierungschef Benjamin "
     "Netanjahu in Washington empfangen.",
     "Netanjahu werde am 15. Februar im Weißen Haus erwartet, teilte Trumps Sprecher Sean Spicer am Montag mit.",
     "2017-01-30", "de", ("US", "planned", "2017-02-15", "none")),
    ("those-who-took-part",  # burkina24.com, 2016-05-13
     "Ouganda: Un incident se produit à l’investiture de Yoweri Museveni",
     "Ce jeudi 12 mai, Yoweri Museveni, réélu à la dernière présidentielle en Ouaganda pour cinq (5) "
     "autres années, a prêté serment lors d’une investiture à laquelle ont participé de nombreux chefs "
     "d’Etat dont le président soudanais, Omar el-Béchir.",
     "2016-05-13", "fr", ('UG', 'completed', '2016-05-12', 'monitor')),
    ("before-the-heads-of-state",  # jeuneafrique.com, 2011-05-10
     "Djibouti : investiture d’Ismaïl Omar Guelleh",
     "Inaugurant son troisième mandat à la tête de Djibouti, le président Ismaïl Omar Guelleh (IOG, comme "
     "l’appellent ses compatriotes), a prêté serment, le 8 mai. La cérémonie s’est déroulée au Kempinski "
     "Palace de Djibouti devant  les chefs d’État du Soudan et de la Somalie, Omar el-Béchir et Cheikh "
     "Sharif Cheikh Ahmed, les Premiers ministres éthiopien et rwandais, Mélès Zenawi et Bernard Makuza.",
     "2011-05-10", "fr", ('DJ', 'completed', '2011-05-09', 'monitor')),
    ("dateline-in-the-first-sentence",  # correiobraziliense.com.br, 2010-11-22
     "Adis Abeba - O presidente do Sudão, Omar al-Bashir, sobre quem pesa uma ordem de prisão da justiça "
     "internacional, chegou nesta segunda-feira (22/11) à noite à capital etíope para uma cúpula dedicada "
     "ao país e à Somália, constatou a AFP.",
     "Al-Bashir, procurado pelo Tribunal Penal Internacional (TPI) pelas acusações de genocídio e crimes "
     "de guerra na província sudanesa de Darfur, chegou ao hotel Sheraton, local da conferência, "
     "acompanhado por uma delegação.",
     "2010-11-22", "pt", ('ET', 'ongoing', '2010-11-22', 'monitor')),
    ("a-summit-not-to-be-held",  # nepszava.hu, 2025-10-21
     "Úgy tűnik, a közeljövőben nem fognak Trump–Putyin-csúcsot tartani Budapesten, a CBS News kérdésére "
     "legalábbis egy fehér házi tisztségviselő kedden azt mondta, találkozó jelenleg nincs tervben.",
     "Mint ismert, Donald Truump amerikai elnök október 16-án jelentette be, hogy Budapest lesz a "
     "helyszíne a Vlagyimir Putyin orosz elnökkel tartandó következő találkozójának az orosz-ukrán háború "
     "lezárása érdekében.",
     "2025-10-21", "hu", ('HU', 'cancelled', '2025-10-21', 'monitor')),
    ("hungarian-meeting-verb-last",  # magyarnemzet.hu, 2025-10-17
     "Putyin elnökkel ezután egy előre egyeztetett helyszínen, Budapesten, Magyarországon találkozunk, "
     "hogy megnézzük, véget tudunk-e vetni ennek a dicstelen háborúnak Oroszország és Ukrajna között",
     "Később Trump újságíróknak azt mondta, hogy körülbelül két héten belül személyesen is találkozik "
     "Vlagyimir Putyinnal – írja a CNN.",
     "2025-10-17", "hu", ('HU', 'planned', None, 'alert')),
    ("alaska-in-hungarian",  # oroszhirek.hu, 2025-08-12
     "A Fehér Ház bejelentette a Putyin–Trump csúcstalálkozó helyszínét",
     "Vlagyimir Putyin orosz és Donald Trump amerikai elnök találkozója augusztus 15-én Alaszka államban, "
     "Anchoridge-ben lesz, jelentette be Karoline Leavitt, a Fehér Ház sajtótitkára egy sajtótájékoztatón.",
     "2025-08-12", "hu", ('US', 'planned', '2025-08-15', 'monitor')),
    ("welcomed-at-an-airport",  # indiatvnews.com, 2025-12-04
     "PM Modi's surprise airport welcome for President Putin draws Kremlin praise, termed 'unexpected'",
     "The Kremlin expressed appreciation for Prime Minister Narendra Modi's unexpected decision to "
     "personally welcome President Vladimir Putin at Palam Airport. The warm gesture, which the Russian "
     "side said it had not been informed about, underscored the strength of the bilateral relationship.",
     "2025-12-04", "en", ('IN', 'ongoing', '2025-12-04', 'monitor')),
    ("a-two-day-visit-ended",  # news.mail.ru, 2025-12-05
     "Российский лидер Владимир Путин завершил двухдневный государственный визит в Индию.", "", "2025-12-05", "ru",
     ("IN", "completed", "2025-12-04", "monitor")),
]  # fmt: skip


@pytest.mark.parametrize(("title", "summary", "published", "language", "expected"), [r[1:] for r in READINGS],
                         ids=[r[0] for r in READINGS])  # fmt: skip
def test_reading_rules_on_real_reports(extractor, title, summary, published, language, expected):
    got = assess(ReportText(title, summary, published=date.fromisoformat(published), language=language), extractor)
    out = got.as_json("x")
    assert (out["destination"], out["modality"], out["travel_start"], out["decision"]) == expected, out["why"]


@pytest.mark.parametrize(
    ("title", "summary", "published"),
    [
        ("Putin to meet India’s Modi for talks in Moscow",  # dfa.co.za, 2024-07-08
         "MOSCOW - Russian President Vladimir Putin will hold face-to-face talks with Indian Prime Minister Narendra "
         "Modi in Moscow on Monday, the Kremlin said.", "2024-07-08"),
        ("Rubio meets Netanyahu in Jerusalem",  # ejpress.org, 2025-09-15
         "U.S. Secretary of State Marco Rubio met for some three hours with Israeli Prime Minister Benjamin Netanyahu "
         "in Jerusalem on Monday morning.", "2025-09-15"),
        ("Netanyahu: Rubio's visit shows ‘strength’ of ties between Israel and US",  # voz.us, 2025-09-14
         "Israeli Prime Minister Benjamin Netanyahu asserted Sunday that the visit of top U.S. diplomat Marco Rubio to "
         "Israel demonstrates the \"strength\" of ties between the two countries.", "2025-09-14"),
        ("President of Mongolia Arrives in Moscow to Attend the Celebration of the 80th Anniversary of the Victory",
         "Ulaanbaatar, May 7, 2025 /MONTSAME/. At the invitation of President of the Russian Federation Vladimir "
         "Vladimirovich Putin, President of Mongolia Khurelsukh Ukhnaa arrived in Moscow on May 7, 2025.",
         "2025-05-07"),  # montsame.mn
        ("Première visite depuis le début de la guerre : le Premier ministre indien Modi rencontre son « ami » "
         "Poutine au Kremlin",  # democratienouvelle.ca, 2024-07-08
         "Le Premier ministre indien Narendra Modi rend visite au chef du Kremlin, Vladimir Poutine, pour la première "
         "fois depuis le début de la guerre.", "2024-07-08"),
        ("El presidente electo Donald Trump se reunió con Sara Netanyahu, esposa del primer ministro Benjamin "
         "Netanyahu, para cenar en el Trump International Golf Course en Florida.", "", "2024-12-03"),  # jpost.com
        ("Песков опроверг утверждения о том, что Путин якобы вылетел в Петербург",  # tass.ru, 2023-06-24
         "Пресс-секретарь президента РФ Дмитрий Песков опроверг сообщения о том, что борт с Владимиром Путиным якобы "
         "направился в Санкт-Петербург.", "2023-06-24"),
        ("Berlin (dts Nachrichtenagentur) – Die Bundesregierung will Israels Ministerpräsident Benjamin Netanjahu "
         "weiterhin nicht nach Deutschland einladen.", "", "2025-11-28"),  # unitednetworker.com
        ("A budapesti amerikai–orosz csúcstalálkozó ötlete Donald Trump amerikai elnöktől származott – erre "
         "emlékeztetett Vlagyimir Putyin orosz elnök november 28-án, amikor a Kremlben fogadta a magyar delegációt.",
         "", "2025-11-28"),  # origo.hu
        ("Sara Netanyahu, la moglie del premier israeliano è scappata a Miami per evitare di essere interrogata?",
         "", "2025-01-18"),  # ilfattoquotidiano.it: the wife of the office holder
        ("A RIA pedig arról ír, hogy Orbán Viktor megérkezett a Kremlbe, hogy tárgyaljon Vlagyimir Putyin elnökkel.",
         "", "2025-11-28"),  # borsonline.hu: the verb's subject is named before it
        ("A budapesti amerikai–orosz csúcstalálkozó ötlete Donald Trump amerikai elnöktől származott.",
         "Az orosz elnök hozzátette, hogy örülne, ha az amerikai delegációval éppen Magyarországon, Budapesten "
         "találkozhatnának, amennyiben sikerül erről megállapodni.", "2025-11-28"),  # origo.hu: a wish
    ],
    ids=["talks-at-home", "met-at-home", "someone-elses-visit", "the-host-who-invited", "visits-the-person",
         "met-the-wife", "a-flight-denied", "not-to-be-invited", "hungarian-host-received", "the-office-holders-wife",
         "hungarian-subject-before-the-verb", "a-wish-to-meet"],
)  # fmt: skip
def test_the_person_goes_nowhere(extractor, title, summary, published):
    got = assess(ReportText(title, summary, published=date.fromisoformat(published)), extractor)
    assert (got.claim is None or got.claim.modality == "none") and got.decision.decision == "none", got.as_json("x")


@pytest.mark.parametrize(
    ("title", "summary", "published", "expected"),
    [
        ("Zelensky met Macron in Paris to discuss Putin's ceasefire offer", "", "2025-05-10", None),
        ("Putin arrives in Mongolia as protesters are detained in Ulaanbaatar", "", "2024-09-02", ("MN", "alert")),
        ("Putin will visit Mongolia on 3 September; a failure to arrest him would breach the Rome Statute, the ICC "
         "said", "", "2024-08-30", ("MN", "alert")),
        ("Netanyahu said the plane that crashed in Kazakhstan was shot down", "", "2024-12-26", None),
        ("Macron says Putin will be arrested if he comes to France",
         "French President Emmanuel Macron said Putin would be arrested if he set foot in France.", "2024-05-10", None),
        ("Trump meeting with Netanyahu at Mar-a-Lago later this month",  # jewishinsider.com, 2025-12-08
         "Netanyahu will travel to Florida, not Washington, as part of his latest U.S. trip", "2025-12-08",
         ("US", "monitor")),
        ("Trump says he will meet Putin in Budapest",
         "US President Donald Trump said on Thursday he would meet Russian President Vladimir Putin in Budapest to "
         "discuss ending the war in Ukraine.", "2025-10-16", ("HU", "alert")),
    ],
    ids=["talked-about-at-a-meeting", "someone-else-detained", "warned-of-a-failure-to-come", "a-plane-he-speaks-of",
         "if-he-came", "a-resort-abroad", "meeting-to-come-abroad"],
)  # fmt: skip
def test_readings_need_the_person_in_them(extractor, title, summary, published, expected):
    got = assess(ReportText(title, summary, published=date.fromisoformat(published), language="en"), extractor)
    if expected is None:
        assert got.claim is None or got.claim.destination is None or got.decision.decision == "none", got.as_json("x")
    else:
        assert (got.claim.destination, got.decision.decision) == expected, got.as_json("x")


# Phenomena the rules must read in any report, each on real excerpts (outlet and date beside each) or,
# where marked "paraphrase", on a sentence written in the way such reports are worded.
PHENOMENA = [
    # refusals and non-attendance: the trip is off, and the summit's place says where it would have gone
    (
        "refusal-en",
        "Putin will not attend G20 summit in India",  # newsdrum.in, 2023-08-25
        "Moscow: Russian President Vladimir Putin will not personally attend the G20 summit to be held in New Delhi "
        "next month, the Kremlin announced on Friday.",
        "2023-08-25",
        "en",
        ("IN", "cancelled"),
    ),
    (
        "refusal-ru",
        "Путин не будет участвовать в саммите G20 в ЮАР",  # vedomosti.ru, 2025-10-22
        "Президент РФ Владимир Путин не примет участия в саммите G20 в ЮАР, но Россия будет представлена на "
        "«достойном уровне».",
        "2025-10-22",
        "ru",
        ("ZA", "cancelled"),
    ),
    (
        "refusal-es",
        "El Kremlin anuncia que Putin no acudirá a la cumbre del G20 en Johannesburgo",  # abc.com.py
        "",
        "2025-10-22",
        "es",
        ("ZA", "cancelled"),
    ),
    (
        "refusal-ru-summit-place",
        "Путин не поедет на саммит G20 в Йоханнесбурге",
        "",
        "2025-10-22",
        "ru",
        ("ZA", "cancelled"),
    ),  # paraphrase
    (
        "rules-out-en",
        "Putin rules out going to the G20 summit in Johannesburg",
        "",
        "2025-10-22",
        "en",
        ("ZA", "cancelled"),
    ),  # paraphrase
    (
        "descarta-es",
        "Putin descarta ir a la cumbre del G20 en Johannesburgo",
        "",
        "2025-10-22",
        "es",
        ("ZA", "cancelled"),
    ),  # paraphrase
    (
        "nira-pas-fr",
        "Poutine n'ira pas au sommet du G20 à Johannesburg",
        "",
        "2025-10-22",
        "fr",
        ("ZA", "cancelled"),
    ),  # paraphrase
    (
        "nem-megy-hu",
        "Putyin nem megy el a johannesburgi G20-csúcsra",
        "",
        "2025-10-22",
        "hu",
        ("ZA", "cancelled"),
    ),  # paraphrase
    # completion verbs: the trip is over, and the visited state is the destination
    (
        "returned-ar",
        "الرئيس السوداني يعود لبلاده بعد زيارته الرسمية إلى الجزائر",  # egypt-today.com
        "عاد إلى الخرطوم مساء اليوم الثلاثاء الرئيس السوداني عمر البشير، بعد زيارة رسمية للجزائر استغرقت ثلاثة أيام.",
        "2018-01-02",
        "ar",
        ("DZ", "completed"),
    ),
    (
        "ended-ar",
        "عودة البشير من الإمارات",  # masress.com (albawabh), headline paraphrased
        "عاد الرئيس السودانى عمر البشير، إلى الخرطوم، اليوم الخميس، بعد أن أنهى زيارة إلى دولة الإمارات العربية "
        "المتحدة، استغرقت أسبوعا",
        "2017-03-02",
        "ar",
        ("AE", "completed"),
    ),
    (
        "completed-en",
        "Putin completed a state visit to Mongolia",
        "",
        "2024-09-04",
        "en",
        ("MN", "completed"),
    ),  # paraphrase
    (
        "termine-fr",
        "Omar el-Béchir a terminé sa visite au Tchad",
        "",
        "2016-05-13",
        "fr",
        ("TD", "completed"),
    ),  # paraphrase
    ("rentre-fr", "Netanyahou est rentré de Hongrie", "", "2025-04-07", "fr", ("HU", "completed")),  # paraphrase
    ("zavershil-ru", "Путин завершил визит в Монголию", "", "2024-09-04", "ru", ("MN", "completed")),  # paraphrase
    # a verbless headline sends the person somewhere, on the day it gives
    (
        "bound-ar",
        "البشير إلى جيبوتي الأحد للمشاركة في مراسم تنصيب عمر قيلي",  # sudantribune.net, 2016-05-06
        "يغادر الرئيس السوداني عمر البشير، يوم الأحد، إلى دولة جيبوتي الموقعة على ميثاق روما",
        "2016-05-06",
        "ar",
        ("DJ", "planned", date(2016, 5, 8)),
    ),
    (
        "bound-en",
        "Netanyahu to Washington on Monday",
        "",
        "2025-04-03",
        "en",
        ("US", "planned", date(2025, 4, 7)),
    ),  # paraphrase
    ("bound-de", "Netanjahu nach Budapest", "", "2025-04-02", "de", ("HU", "planned")),  # paraphrase
    ("bound-ru-dash", "Путин — в Монголию", "", "2024-08-30", "ru", ("MN", "planned")),  # paraphrase
    # arrivals are under way; a future tense is planned on the next such weekday
    (
        "arrived-ru",
        "Путин прибыл в Монголию",  # mamul.am, 2024-09-02
        "Президент России Владимир Путин прибыл в Монголию с официальным визитом, сообщает «РИА Новости».",
        "2024-09-02",
        "ru",
        ("MN", "ongoing", date(2024, 9, 2)),
    ),
    ("priehal-ru", "Путин приехал в Монголию", "", "2024-09-02", "ru", ("MN", "ongoing")),  # paraphrase
    (
        "future-de",
        "Netanjahu besucht Orban in Ungarn trotz Haftbefehl",  # hasepost.de, 2025-03-30 (a Sunday)
        "Der israelische Ministerpräsident Benjamin Netanjahu wird am Mittwoch nach Ungarn reisen, um dort den "
        "ungarischen Regierungschef Viktor Orban zu treffen.",
        "2025-03-30",
        "de",
        ("HU", "planned", date(2025, 4, 2)),
    ),
    (
        "present-de",
        "Netanjahu reist trotz Haftbefehls",  # ard-text.de (tagesschau), 2025-04-02
        "Der israelische Ministerpräsident Netanjahu besucht heute Ungarn.",
        "2025-04-02",
        "de",
        ("HU", "ongoing", date(2025, 4, 2)),
    ),
    (
        "future-en",
        "Netanyahu to meet Trump in White House, discuss tariffs",  # ejpress.org (JNS), 2025-04-05
        "Israeli Prime Minister Benjamin Netanyahu will travel to Washington on Monday to meet with President Donald "
        "Trump, U.S. officials with knowledge about the visit said.",
        "2025-04-05",
        "en",
        ("US", "planned", date(2025, 4, 7)),
    ),
    # denials: the denied trip's destination
    (
        "denied-ru",
        "Песков отрицает информацию о готовящемся визите Путина в Турцию",  # kommersant.ru, 2023-03-27
        "",
        "2023-03-27",
        "ru",
        ("TR", "denied"),
    ),
    (
        "denied-ru-before",
        "Песков опроверг информацию о визите Путина в Турцию",  # interfax-russia.ru lead
        "Пресс-секретарь президента РФ Дмитрий Песков опроверг информацию турецких СМИ о якобы готовящемся в Анкару "
        "визите главы российского государства Владимира Путина.",
        "2023-03-27",
        "ru",
        ("TR", "denied"),
    ),
    (
        "refuted-en",
        "Peskov refutes reports on Putin's visit to Turkey",  # tass.com, 2023-03-27 (headline paraphrased)
        "MOSCOW, March 27. /TASS/. Kremlin Spokesman Dmitry Peskov refuted media reports about alleged preparations "
        "for Russian President Vladimir Putin’s visit to Turkey.",
        "2023-03-27",
        "en",
        ("TR", "denied"),
    ),
    (
        "yalanladi-tr",
        "Kremlin, Putin'in Türkiye ziyareti iddialarını yalanladı",
        "",
        "2023-03-27",
        "tr",
        ("TR", "denied"),
    ),  # paraphrase
    # Chinese, Simplified and Traditional
    (
        "zh-planned",
        "俄罗斯总统普京将对华进行国事访问",  # weidunews.com, 2024-05-14
        "中国外交部发言人华春莹5月14日宣布:应国家主席习近平邀请,俄罗斯总统弗拉基米尔·弗拉基米罗维奇·普京将于5月16日至17日"
        "对中国进行国事访问。",
        "2024-05-14",
        "zh",
        ("CN", "planned", date(2024, 5, 16)),
    ),
    (
        "zh-arrived",
        "普京抵达北京!访华行程三大看点",  # canadaasians.com, citing chinanews.com, 2024-05-16
        "",
        "2024-05-16",
        "zh",
        ("CN", "ongoing", date(2024, 5, 16)),
    ),
    ("zh-cancelled", "普京取消访问南非", "", "2023-07-19", "zh", ("ZA", "cancelled")),  # paraphrase
    ("summit-city", "Vladimir Putin not to travel to Bali to attend G20 summit next week",  # anews.com.tr
     "Russian President Vladimir Putin will not travel to Bali to attend the G20 summit next week, but Foreign "
     "Minister Sergei Lavrov will be there, officials said on Thursday.", "2022-11-10", "en", ("ID", "cancelled")),
    ("present-weekday-en", "Netanyahu arrives in Budapest on Wednesday", "", "2025-03-30", "en",
     ("HU", "planned", date(2025, 4, 2))),  # paraphrase; 30 March 2025 was a Sunday
    ("smentisce-it", "Il Cremlino smentisce la visita di Putin in Turchia", "", "2023-03-27", "it",
     ("TR", "denied")),  # paraphrase
    ("bound-he-prefix", "נתניהו לוושינגטון ביום שני", "", "2025-03-30", "he",
     ("US", "planned", date(2025, 3, 31))),  # paraphrase: ל- is "to", ביום שני "on Monday"
    ("bound-hu-suffix", "Netanjahu Budapestre", "", "2025-03-30", "hu", ("HU", "planned")),  # paraphrase
    ("weekday-uk", "Путін у понеділок відвідає Монголію", "", "2024-08-30", "uk",
     ("MN", "planned", date(2024, 9, 2))),  # paraphrase
    ("weekday-he", "פוטין יבקר במונגוליה ביום שני", "", "2024-08-30", "he",
     ("MN", "planned", date(2024, 9, 2))),  # paraphrase
    ("declined-en", "Putin declined to attend the G20 summit in Johannesburg", "", "2025-10-22", "en",
     ("ZA", "cancelled")),  # paraphrase
    ("dismisses-en", "Kremlin dismisses reports of Putin trip to Turkey", "", "2023-03-27", "en",
     ("TR", "denied")),  # paraphrase
    ("future-ru", "Нетаньяху не страшен ордер МУС",  # icma.az, 2025-03-30 (a Sunday)
     "Премьер-министр Израиля Биньямин Нетаньяху вылетит в Венгрию в среду вечером и останется там с визитом до "
     "утра воскресенья, сообщило издание Times of Israel.", "2025-03-30", "ru", ("HU", "planned", date(2025, 4, 2))),
    ("arrived-ru-netanyahu", "Нетаньяху прибыл в Венгрию, несмотря ордер МУС",  # pazl.az, 2025-04-03
     "Биньямин Нетаньяху прибыл с государственным визитом в Венгрию, которая признает юрисдикцию Международного "
     "уголовного суда (МУС) в Гааге.", "2025-04-03", "ru", ("HU", "ongoing", date(2025, 4, 3))),
    ("present-for-future-de", "Netanjahu fliegt am Mittwoch nach Ungarn", "", "2025-03-30", "de",
     ("HU", "planned", date(2025, 4, 2))),  # paraphrase
    ("present-for-future-es", "Netanyahu viaja el miércoles a Hungría", "", "2025-03-30", "es",
     ("HU", "planned", date(2025, 4, 2))),  # paraphrase
    ("present-for-future-fr", "Netanyahou se rend mercredi en Hongrie", "", "2025-03-30", "fr",
     ("HU", "planned", date(2025, 4, 2))),  # paraphrase
    ("in-place-on-a-day-to-come", "Netanjahu am Mittwoch in Budapest", "", "2025-03-30", "de",
     ("HU", "planned", date(2025, 4, 2))),  # paraphrase: no verb, a day still to come
]  # fmt: skip


@pytest.mark.parametrize(("title", "summary", "published", "language", "expected"), [p[1:] for p in PHENOMENA],
                         ids=[p[0] for p in PHENOMENA])  # fmt: skip
def test_general_phenomena(extractor, title, summary, published, language, expected):
    claim = claim_of(extractor, title, summary, date.fromisoformat(published), language)
    assert claim is not None
    got = (claim.destination, claim.modality, claim.travel_start)
    assert got[: len(expected)] == expected, claim.evidence


@pytest.mark.parametrize(
    ("title", "summary", "published", "language"),
    [
        ("Poutine a accueilli Modi pour une réunion privée et un dîner dans sa résidence à Novo-Ogarevo", "",
         "2024-07-09", "fr"),  # theindiancommunity.org
        ("Le Premier ministre indien Narendra Modi a rencontré lundi le président russe Vladimir Poutine", "",
         "2024-07-09", "fr"),  # ordo-ab-chao.fr
        ("Il Primo Ministro indiano Narendra Modi è in visita in Russia, dove ha incontrato il Presidente Vladimir "
         "Putin nella sua residenza ufficiale.", "", "2024-07-08", "it"),  # adnkronos.com
        ("Modi rend visite à Poutine", "", "2024-07-08", "fr"),  # paraphrase
        ("Orbán visited Putin in Moscow", "", "2024-07-05", "en"),  # paraphrase
        ("Peskov denied reports about Putin's health", "", "2023-03-27", "en"),  # paraphrase: no trip denied
        ("Sara Netanyahu, esposa del primer ministro, viajó a Miami", "", "2024-07-08", "es"),  # paraphrase
        ("سارة نتنياهو زوجة رئيس الوزراء تصل إلى واشنطن", "", "2024-07-08", "ar"),  # paraphrase
        ("Erdoğan, Putin'i Moskova'da ziyaret etti", "", "2024-07-05", "tr"),  # paraphrase: Putin is the one visited
        ("Peskov denied that Putin flew to Sochi", "", "2025-03-30", "en"),  # paraphrase: a flight at home
        ("Netanyahu's wife Sara flew to Washington on Sunday", "", "2025-03-30", "en"),  # paraphrase
        ("אשתו של נתניהו נחתה בוושינגטון", "", "2025-03-30", "he"),  # paraphrase: his wife landed
        ("La esposa de Netanyahu, Sara, viajó a Miami", "", "2025-03-30", "es"),  # paraphrase
    ],
    ids=["fr-hosts", "fr-met", "it-visited-by", "fr-rend-visite", "en-visited-him", "denied-health", "es-wife",
         "ar-wife", "tr-object", "denied-home-flight", "en-his-wife", "he-his-wife", "es-his-wife"],
)  # fmt: skip
def test_a_visit_to_the_person_is_no_trip_of_theirs(extractor, title, summary, published, language):
    got = assess(ReportText(title, summary, published=date.fromisoformat(published), language=language), extractor)
    assert got.claim is None or got.claim.destination is None or got.claim.modality == "none", got.as_json("x")
    assert got.decision.decision == "none"


def test_a_trip_before_the_warrant_was_public_is_no_alert(extractor):
    """embassies.gov.il, 2017-07-17: years before the Court's warrant of 21 November 2024."""
    report = ReportText(
        "PM Netanyahu arrives in Hungary on official visit",
        "Prime Minister Benjamin Netanyahu has, today (Monday, 17 July 2017), landed in Budapest, Hungary, where he "
        "will meet with Hungarian Prime Minister Viktor Orban and ministers in his government.",
        published=date(2017, 7, 17), language="en",
    )  # fmt: skip
    got = assess(report, extractor)
    assert (got.claim.destination, got.claim.modality) == ("HU", "ongoing")
    assert got.decision.decision == "none", got.as_json("x")


@pytest.mark.parametrize(
    ("title", "summary", "published", "language"),
    [
        ("Sudan's president back from Chad",  # a return home in the headline, the visit in the lead
         "Omar al-Bashir returned home from Chad on Friday after attending the summit of Sahel leaders in N'Djamena.",
         "2010-07-24", "en"),
        ("Rights groups: Kenya should have arrested al-Bashir",  # the visit as a noun, the look back elsewhere
         "Omar al-Bashir's visit to Nairobi was a blow to the Court. Kenya should have arrested him, they said.",
         "2010-08-30", "en"),
        ("Визит Путина в Монголию завершился",  # "the visit ended": no plan and no visit under way
         "Официальный визит президента России Владимира Путина в Монголию завершился.", "2024-09-03", "ru"),
        ("Baschir in Südafrika - und wieder weg", "", "2015-06-16", "de"),  # "gone again"
        ("Presidente Bashir regresa a Sudán, tras una visita a Kenia", "", "2010-08-28", "es"),  # back home
    ],
)  # fmt: skip
def test_a_report_that_looks_back_tells_of_a_trip_over(extractor, title, summary, published, language):
    got = assess(ReportText(title, summary, published=date.fromisoformat(published), language=language), extractor)
    assert got.claim is not None and got.claim.modality == "completed", got.as_json("x")
    assert "looks back" in got.claim.evidence.rule
    assert got.decision.decision != "alert"


def test_looking_back_leaves_a_visit_of_the_day_and_a_trip_to_come(extractor):
    """ "Should have arrested him as he landed on Monday", said on Tuesday: he may still be there; a return
    from one trip says nothing of the next one, dated in days to come."""
    landed = ReportText(
        "Mongolia should have arrested Putin",
        "Mongolia should have arrested Vladimir Putin as soon as he landed in Ulaanbaatar on Monday evening.",
        published=date(2024, 9, 3), language="en",
    )  # fmt: skip
    assert (claim_of(extractor, landed.title, landed.summary, date(2024, 9, 3)).modality) == "ongoing"
    next_trip = ReportText(
        "Bashir back from Chad",
        "Omar al-Bashir returned home from Chad on Saturday. Sudan's President Omar al-Bashir will travel to Nairobi "
        "on 27 August for the promulgation of Kenya's new constitution.",
        published=date(2010, 8, 22), language="en",
    )  # fmt: skip
    got = assess(next_trip, extractor)
    assert (got.claim.destination, got.claim.modality) == ("KE", "planned"), got.as_json("x")
    assert got.decision.decision == "alert"


@pytest.mark.parametrize(
    ("title", "language", "expected"),
    [
        ("تحدى الرئيس السوداني عمر البشير المحكمة ووصل إلى نجامينا", "ar", ("TD", "ongoing")),  # "and arrived"
        ("الرئيس السوداني عمر البشير فوصل إلى نجامينا ظهر اليوم", "ar", ("TD", "ongoing")),  # "so arrived"
        ("ראש הממשלה בנימין נתניהו והגיע לבודפשט", "he", ("HU", "ongoing")),  # "and arrived"
    ],
)  # fmt: skip
def test_cues_cover_the_words_written_joined_to_them(extractor, title, language, expected):
    got = claim_of(extractor, title, published=date(2010, 7, 21), language=language)
    assert got is not None and (got.destination, got.modality) == expected


def test_a_hebrew_infinitive_is_no_arrival(extractor):
    """«להגיע», "to arrive": the joined ל makes the infinitive of «הגיע», "arrived"."""
    got = claim_of(extractor, "נתניהו צפוי להגיע לבודפשט בשבוע הבא", published=date(2025, 3, 28), language="he")
    assert got is None or got.modality != "ongoing"


@pytest.mark.parametrize(
    ("title", "published", "language", "expected"),
    [
        # forms no cue list spelt out, from the conjugated lemmas of tracker/data/verbs.yaml
        ("Omar el-Béchir assistait au sommet de Nairobi", "2010-08-27", "fr", ("KE", "ongoing")),
        ("Omar al-Bashir asistió a la cumbre de Kampala", "2010-07-28", "es", ("UG", "completed")),
        ("Omar al-Bashir acudía a la cumbre de Johannesburgo", "2015-06-14", "es", ("ZA", "ongoing")),
        ("Omar al-Bashir participou na cimeira de Kinshasa", "2014-02-28", "pt", ("CD", "completed")),
        ("Владимир Путин приедет в Будапешт", "2025-10-17", "ru", ("HU", "planned")),  # pymorphy3's forms
        ("Владимир Путин посещал Монголию", "2024-09-05", "ru", ("MN", "completed")),
        ("Володимир Путін приїде до Будапешта", "2025-10-17", "uk", ("HU", "planned")),
        # "visita" is also the noun: the trip named, still to come
        ("La visita de Vladimir Putin a Mongolia", "2024-08-30", "es", ("MN", "planned")),
        # leaving a place abroad ends the trip there, whatever the clause that recalls it
        ("Omar el-Béchir a rapidement quitté le Nigeria où il participait à un sommet africain", "2013-07-16", "fr",
         ("NG", "completed")),
    ],
)  # fmt: skip
def test_conjugated_travel_verbs_give_the_time_of_the_trip(extractor, title, published, language, expected):
    got = claim_of(extractor, title, published=date.fromisoformat(published), language=language)
    assert got is not None and (got.destination, got.modality) == expected, got


def test_the_verb_forms_are_built_from_the_lemmas_with_their_source():
    """tracker/data/verb_forms.csv is what `python -m tracker.build_verb_forms` made of verbs.yaml: every
    lemma is there, every row says where it comes from, and no tense is read two ways."""
    import csv

    import yaml

    from tracker.build_verb_forms import FORMS_FILE, MODALITY, VERBS_FILE

    lexicon = yaml.safe_load(VERBS_FILE.read_text(encoding="utf-8"))
    rows = list(csv.DictReader(FORMS_FILE.open(encoding="utf-8")))
    lemmas = {(r["language"], r["class"], r["lemma"]) for r in rows}
    assert lemmas == {
        (lang, kind, lemma) for lang, kinds in lexicon.items() for kind, ls in kinds.items() for lemma in ls
    }
    assert all(r["source"].startswith(("verbecc ", "pymorphy3 ")) and r["tense"] for r in rows)
    assert all(r["modality"] in MODALITY[r["class"]].values() for r in rows)


def test_a_report_that_looks_back_reads_a_day_without_its_year_backwards(extractor):
    """ "His visit in March", written in January about a refusal to arrest him: last March, not next."""
    got = claim_of(
        extractor,
        "La CPI renvoie la Jordanie devant le Conseil de sécurité",
        "La Cour reproche à la Jordanie son refus d'arrêter Omar el-Béchir lors de sa visite à Amman en mars.",
        published=date(2018, 1, 30), language="fr",
    )  # fmt: skip
    assert got is not None and (got.destination, got.modality) == ("JO", "completed"), got
    assert got.window[0] == date(2017, 3, 1)


def test_a_possible_trip_is_monitored_even_with_a_day_and_a_reported_one_is_not(extractor):
    """ "could visit in December" is a possibility, under the alert threshold whatever its day; "said he
    would attend on Monday" reports a plan."""
    possible = ReportText("Omar al-Bashir could visit South Africa in December", "", published=date(2015, 11, 20))
    got = assess(possible, extractor)
    assert (got.claim.destination, got.claim.modality) == ("ZA", "planned")
    assert got.decision.decision == "monitor", got.as_json("x")
    reported = ReportText(
        "Sudan's Bashir to attend summit",
        "Sudan's President Omar al-Bashir would attend the African Union summit in Johannesburg on Sunday, his "
        "office said.",
        published=date(2015, 6, 11), language="en",
    )  # fmt: skip
    assert assess(reported, extractor).decision.decision == "alert"


@pytest.mark.parametrize(
    ("title", "summary", "published", "language", "expected"),
    [
        ("Tchad: Idriss Déby investi pour un cinquième mandat",
         "Etaient présents également le Soudanais Omar el-Béchir et le Zimbabwéen Robert Mugabe à N'Djamena.",
         "2016-08-08", "fr", ("TD", "ongoing")),
        ("Kenya's new constitution",
         "The ceremony is under way in Nairobi. In attendance are several heads of state, among them Sudanese "
         "president Omar al-Bashir.", "2010-08-27", "en", ("KE", "ongoing")),
    ],
)  # fmt: skip
def test_a_list_of_those_present_puts_the_person_there(extractor, title, summary, published, language, expected):
    got = claim_of(extractor, title, summary, published=date.fromisoformat(published), language=language)
    assert got is not None and (got.destination, got.modality) == expected, got


def test_a_court_order_that_keeps_the_person_in_the_country_puts_the_person_there(extractor):
    got = claim_of(extractor, "Gericht: Al-Baschir darf Südafrika vorerst nicht verlassen", "",
                   published=date(2015, 6, 14), language="de")  # fmt: skip
    assert got is not None and (got.destination, got.modality) == ("ZA", "ongoing"), got


@pytest.mark.parametrize(
    ("title", "published", "language", "nowhere"),
    [
        # a place in a news outlet's name
        ("Sudan's President Omar al-Bashir will attend the summit on Monday, France 24 reported.", "2017-05-17", "en",
         "FR"),
        ("وقال المسؤول إن الرئيس السوداني عمر البشير سيحضر القمة، حسبما ذكرت وكالة فرانس برس", "2017-05-17", "ar",
         "FR"),
        ("Omar al-Bashir will attend the summit on Monday, Hungary Today reported.", "2017-05-17", "en", "HU"),
        # a place talked about
        ("Putin chegou na quinta-feira para uma visita que incluirá conversações sobre a Ucrânia", "2024-05-16", "pt",
         "UA"),
        ("Vladimir Putin arrived on Thursday for talks on Ukraine", "2024-05-16", "en", "UA"),
    ],
)  # fmt: skip
def test_a_place_nobody_goes_to_is_no_destination(extractor, title, published, language, nowhere):
    got = claim_of(extractor, title, published=date.fromisoformat(published), language=language)
    assert got is None or got.destination != nowhere, got


def test_every_outlet_has_a_source():
    import csv

    from tracker.outlets import OUTLETS_FILE

    rows = list(csv.DictReader(OUTLETS_FILE.open(encoding="utf-8")))
    assert rows and all(r["name"] and r["source"].startswith("https://") and r["as_of"] for r in rows)


def test_calling_on_a_state_is_no_topic(extractor):
    got = claim_of(extractor, "Rights group calls on Tajikistan to arrest Vladimir Putin during his visit next week",
                   published=date(2025, 10, 1))  # fmt: skip
    assert got is not None and got.destination == "TJ", got
