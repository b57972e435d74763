"""Dates of travel in report text, resolved against the report's publication date ("time is data").

Explicit dates in the languages of the cue lexicon ("Sept. 3", "2–3 September 2024", «3 сентября»,
"le 3 septembre", "el 3 de septiembre", "3. September", "szeptember 3-án", "3 أيلول", 2024-09-03),
weekdays ("on Tuesday", «в среду»), and relative expressions (tomorrow, next week, next month, in the
coming days) become a window (first day, last day). A year left out is the one that puts the date
nearest the publication; a weekday is the next one for a trip still to come, the last one for a trip
that is over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.names import fold
from tracker.cues import ARABIC_MARK, marks_optional

# the months of the lexicon's languages; Greek, Indonesian, Swahili, Serbian, Croatian, Czech, Slovak,
# Hindi, Bengali, Thai and Persian as CLDR writes them with a day (genitive where the language has one); Croatian
# "listopada" (October) is left out, since Polish "listopada" is November
MONTHS = {
    1: "gennaio|january|jan|janvier|enero|januar|januari|janeiro|января|январе|يناير|كانون الثاني|січня"
    "|ocak|ינואר|בינואר"
    "|stycznia"
    "|Ιανουαρίου|januari|januara|siječnja|јануара|जनवरी|ژانویه"
    "|ledna|januára"
    "|জানুয়ারি"
    "|มกราคม",
    2: "febbraio|february|feb|fevrier|febrero|februar|februari|fevereiro|февраля|феврале|فبراير|شباط|лютого"
    "|subat|פברואר|בפברואר"
    "|lutego"
    "|Φεβρουαρίου|februari|februara|veljače|фебруара|फ़रवरी|फरवरी|فوریه"
    "|února|februára"
    "|ফেব্রুয়ারি"
    "|กุมภาพันธ์",
    3: "marzo|march|mar|mars|marzo|marz|marcius|marco|марта|марте|مارس|اذار|березня|mart|מרץ|במרץ|מרס|במרס|marca"
    "|Μαρτίου|maret|machi|marta|ožujka|марта|मार्च"
    "|března"
    "|মার্চ"
    "|มีนาคม",
    4: "aprile|april|apr|avril|abril|aprilis|апреля|апреле|ابريل|نيسان|квітня|nisan|אפריל|באפריל|kwietnia"
    "|Απριλίου|aprili|aprila|travnja|априла|अप्रैल|آوریل"
    "|dubna|apríla"
    "|এপ্রিল"
    "|เมษายน",
    5: "maggio|may|mai|mayo|majus|maio|мая|мае|مايو|ايار|травня|mayis|מאי|במאי|maja|Μαΐου|mei|maja|svibnja|маја|मई"
    "|května|mája"
    "|মে"
    "|พฤษภาคม",
    6: "giugno|june|jun|juin|junio|juni|junius|junho|июня|июне|يونيو|حزيران|червня|haziran|יוני|ביוני|czerwca"
    "|Ιουνίου|juni|juna|lipnja|јуна|जून|ژوئن"
    "|června|júna"
    "|জুন"
    "|มิถุนายน",
    7: "luglio|july|jul|juillet|julio|juli|julius|julho|июля|июле|يوليو|تموز|липня|temmuz|יולי|ביולי|lipca"
    "|Ιουλίου|julai|jula|srpnja|јула|जुलाई|ژوئیه"
    "|července|júla"
    "|জুলাই"
    "|กรกฎาคม",
    8: "agosto|august|aug|aout|agosto|augusztus|августа|августе|اغسطس|اب|серпня|agustos|אוגוסט|באוגוסט|sierpnia"
    "|Αυγούστου|agustus|agosti|avgusta|kolovoza|августа|अगस्त"
    "|srpna"
    "|আগস্ট"
    "|สิงหาคม",
    9: "settembre|september|sept|sep|septembre|septiembre|setiembre|szeptember|setembro|сентября|сентябре|вересня"
    "|سبتمبر|ايلول|eylul|ספטמבר|בספטמבר"
    "|wrzesnia"
    "|Σεπτεμβρίου|septemba|septembra|rujna|септембра|सितंबर|सितम्बर|سپتامبر"
    "|září"
    "|সেপ্টেম্বর"
    "|กันยายน",
    10: "ottobre|october|oct|octobre|octubre|oktober|outubro|октября|октябре|اكتوبر|تشرين الاول|жовтня"
    "|ekim|אוקטובר|באוקטובר"
    "|pazdziernika"
    "|Οκτωβρίου|oktoba|oktobra|октобра|अक्टूबर|اکتبر"
    "|října|októbra"
    "|অক্টোবর"
    "|ตุลาคม",
    11: "novembre|november|nov|novembre|noviembre|novembro|ноября|ноябре|نوفمبر|تشرين الثاني|листопада"
    "|kasim|נובמבר|בנובמבר"
    "|listopada"
    "|Νοεμβρίου|novemba|novembra|studenoga|новембра|नवंबर|नवम्बर|نوامبر"
    "|listopadu"
    "|নভেম্বর"
    "|พฤศจิกายน",
    12: "dicembre|december|dec|decembre|diciembre|dezember|dezembro|декабря|декабре|ديسمبر|كانون الاول|грудня"
    "|aralik|דצמבר|בדצמבר"
    "|grudnia"
    "|Δεκεμβρίου|desember|desemba|decembra|prosinca|децембра|दिसंबर|दिसम्बर|دسامبر"
    "|prosince"
    "|ডিসেম্বর"
    "|ธันวาคม",
}
# Greek Tuesday to Thursday are also the ordinals third to fifth, Indonesian Minggu (Sunday) is also
# "week", and Persian دوشنبه (Monday) is also Dushanbe: left out
WEEKDAYS = {
    0: "lunedi|monday|lundi|lunes|montag|hetfo|segunda-feira|понедельник|الاثنين|понеділок|pazartesi|יום שני"
    "|poniedzialek|ponedjeljak|ponedeljak|понедељак|Δευτέρα|senin|jumatatu|सोमवार"
    "|pondělí|pondelok"
    "|সোমবার",
    1: "martedi|tuesday|mardi|martes|dienstag|kedd|terca-feira|вторник|الثلاثاء|вівторок|יום שלישי"
    "|wtorek|utorak|уторак|selasa|jumanne|मंगलवार|سه شنبه|سه‌شنبه|سهشنبه"
    "|úterý|utorok"
    "|মঙ্গলবার",
    2: "mercoledi|wednesday|mercredi|miercoles|mittwoch|szerda|quarta-feira|среду|среда|الاربعاء"
    "|середу|середа|carsamba|יום רביעי"
    "|sroda|srode|srijeda|srijedu|sreda|sredu|rabu|jumatano|बुधवार|چهارشنبه"
    "|středu|středa|stredu|streda"
    "|বুধবার",
    3: "giovedi|thursday|jeudi|jueves|donnerstag|csutortok|quinta-feira|четверг|الخميس|четвер|persembe|יום חמישי"
    "|czwartek|četvrtak|четвртак|kamis|alhamisi|गुरुवार|پنجشنبه|پنج‌شنبه|پنج شنبه"
    "|čtvrtek|štvrtok"
    "|বৃহস্পতিবার",
    4: "venerdi|friday|vendredi|viernes|freitag|pentek|sexta-feira|пятницу|пятница|الجمعة|п'ятницю"
    "|п'ятниця|cuma|יום שישי"
    "|piatek|petak|петак|Παρασκευή|jumat|ijumaa|शुक्रवार|جمعه"
    "|pátek|piatok"
    "|শুক্রবার",
    5: "sabato|saturday|samedi|sabado|samstag|szombat|субботу|суббота|السبت|суботу|субота|cumartesi|שבת"
    "|sobota|sobote|subota|subotu|Σάββατο|sabtu|jumamosi|शनिवार|شنبه"
    "|sobotu"
    "|শনিবার",
    6: "domenica|sunday|dimanche|domingo|sonntag|vasarnap|воскресенье|الاحد|неділю|неділя|pazar|יום ראשון"
    "|niedziela|niedziele|nedjelja|nedjelju|nedelja|nedelju|недеља|недељу|Κυριακή|jumapili|रविवार|یکشنبه|یک‌شنبه"
    "|neděli|neděle|nedeľu|nedeľa"
    "|রবিবার",
}
# Swahili "leo" (today) is left out: a given name too; Hindi "कल" is both yesterday and tomorrow
RELATIVE = {
    "today": "today|tonight|aujourd'hui|hoy|heute|oggi|hoje|сегодня|сьогодні|өнөөдөр|dzisiaj|dziś|היום|اليوم|bugun"
    "|ma este|ma reggel|ma delutan"
    "|i dag|hari ini|danas|σήμερα|आज|امروز|ngayong araw|ngayon",
    "tomorrow": "tomorrow|demain|manana|morgen|domani|amanha|holnap|завтра|маргааш|jutro|מחר|غدا|yarin"
    "|i morgen|besok|kesho|sutra|αύριο|فردا|bukas",
    "this_week": "this week|cette semaine|esta semana|diese woche|diesen woche|ezen a heten|на этой неделе|هذا الاسبوع"
    "|denne uken|pekan ini|minggu ini|ove sedmice|ovog tjedna|ove nedelje|w tym tygodniu"
    "|αυτή την εβδομάδα|wiki hii|इस सप्ताह|इस हफ्ते|این هفته|ngayong linggo",
    "next_week": "next week|la prossima settimana|la semaine prochaine|la proxima semana|la semana que viene"
    "|nachste woche|nachsten woche|kommende woche|kommenden woche"
    "|jovo heten|jovo het|на следующей неделе|на будущей неделе|الاسبوع المقبل|الاسبوع القادم"
    "|la semana proxima|proxima semana|semana que vem|בשבוע הבא|gelecek hafta|haftaya|w przyszlym tygodniu"
    "|neste uke|pekan depan|minggu depan|wiki ijayo|sljedeći tjedan|sljedećeg tjedna|idućeg tjedna"
    "|sledeće nedelje|sledeće sedmice|την επόμενη εβδομάδα|अगले सप्ताह|अगले हफ्ते|هفته آینده"
    "|susunod na linggo",
    "next_month": "next month|il mese prossimo|le mois prochain|el proximo mes|el mes que viene"
    "|nachsten monat|nachster monat"
    "|jovo honapban|в следующем месяце|الشهر المقبل|الشهر القادم|proximo mes|בחודש הבא|gelecek ay",
    "weekend": "this weekend|ce week-end|ce weekend|este fin de semana|este fim de semana|questo fine settimana"
    "|dieses wochenende|am wochenende|a hetvegen|в эти выходные|на выходных|نهاية هذا الاسبوع",
    "earlier_this_month": "earlier this month|plus tot ce mois-ci|a principios de este mes|anfang des monats"
    "|в начале этого месяца|في وقت سابق من هذا الشهر",
    "coming_days": "coming days|next few days|prochains jours|proximos dias|kommenden tagen|kovetkezo napokban"
    "|ближайшие дни|الايام المقبلة",
    "yesterday": "yesterday|hier|ayer|gestern|ieri|ontem|tegnap|вчера|вчора|өчигдөр|wczoraj|אתמול|امس"
    "|i går|kemarin|jana|jučer|juče|χθες|دیروز|kahapon",
    "later_this_month": "later this month|plus tard ce mois-ci|في وقت لاحق من هذا الشهر",
    "end_of_month": "end of the month|end of this month|fin du mois|a finales de este mes|a fin de mes"
    "|ende des monats|ende dieses monats|в конце месяца|в конце этого месяца|نهاية الشهر|בסוף החודש|לסוף החודש",
    "next_year": "next year|l'annee prochaine|el proximo ano|el ano que viene|nachstes jahr|nachsten jahr"
    "|jovore|в следующем году|العام المقبل|العام القادم|o proximo ano|no proximo ano|בשנה הבאה",
    "last_week": "last week|la semaine derniere|la semana pasada|letzte woche|vergangene woche|a mult heten"
    "|на прошлой неделе|الاسبوع الماضي"
    "|forrige uke|pekan lalu|minggu lalu|wiki iliyopita|prošlog tjedna|prošle nedelje|w zeszłym tygodniu"
    "|την περασμένη εβδομάδα|पिछले सप्ताह|पिछले हफ्ते|هفته گذشته|noong nakaraang linggo",
    "last_month": "last month|le mois dernier|el mes pasado|letzten monat|vergangenen monat|a mult honapban"
    "|в прошлом месяце|الشهر الماضي",
}


def _alternation(words: str) -> str:
    """The words as one alternation, longest first; Arabic short vowels may stand after any letter ("غدًا")."""
    escaped = (marks_optional(re.escape(fold(w))) for w in words.split("|"))
    return "|".join(sorted(escaped, key=len, reverse=True))


MONTH_OF = {fold(w): m for m, words in MONTHS.items() for w in words.split("|")}
# Bengali, Devanagari, Arabic-Indic and Persian digits ("৩ সেপ্টেম্বর"), one character for one
ASCII_DIGITS = str.maketrans({chr(base + i): str(i) for base in (0x09E6, 0x0966, 0x0660, 0x06F0) for i in range(10)})
WEEKDAY_OF = {fold(w): d for d, words in WEEKDAYS.items() for w in words.split("|")}
RELATIVE_OF = {fold(w): kind for kind, words in RELATIVE.items() for w in words.split("|")}
_MONTH = "(?P<month>" + "|".join(_alternation(w) for w in MONTHS.values()) + r")\.?"
# "8 по 10", "2 au 3", "18 e 19": a range of days
_DAY = r"(?P<day>[0-3]?\d)(?:\s*(?:[-–]|по|au|al|a|to|bis|es|and|et|e|y|und|и|és)\s*(?P<day2>[0-3]?\d))?"
_YEAR = r"(?:,?\s+(?:de\s+)?(?P<year>(?:19|20)\d\d))?"
ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
DAY_MONTH = re.compile(
    r"(?<!\w)" + _DAY + r"(?:st|nd|rd|th|er|\.|-?(?:an|en|jan|jen|ig))?\s+(?:de\s+)?" + _MONTH + _YEAR + r"(?!\w)"
)
MONTH_DAY = re.compile(
    r"(?<!\w)" + _MONTH + r"\s+" + _DAY + r"(?:st|nd|rd|th|\.|-?(?:an|en|ig|[aeoöu]?n|i))?" + _YEAR + r"(?!\w)"
)
# "5月16日至17日", "9月2日": Chinese writes month and day with 月 and 日, without spaces
ZH_DATE = re.compile(
    r"(?P<month>1[0-2]|[1-9])\s*月\s*(?P<day>[0-3]?\d)\s*[日号號]"
    r"(?:\s*(?:至|到|-|–)\s*(?:(?:1[0-2]|[1-9])\s*月\s*)?(?P<day2>[0-3]?\d)\s*[日号號])?"
)
# "下周", "明天": relative days in Chinese, with no word boundary around them
ZH_RELATIVE = {"今天": "today", "明天": "tomorrow", "昨天": "yesterday", "下周": "next_week", "下週": "next_week",
               "本周": "this_week", "本週": "this_week", "下个月": "next_month", "下個月": "next_month",
               "上周": "last_week", "上週": "last_week", "上个月": "last_month", "上個月": "last_month"}  # fmt: skip
ZH_RELATIVE_WORDS = re.compile("|".join(ZH_RELATIVE))
# "周一", "週三", "星期五": a weekday in Chinese, with no word boundary around it
ZH_WEEKDAY = re.compile(r"(?:星期|礼拜|禮拜|周|週)(?P<day>[一二三四五六日天])")
ZH_WEEKDAY_OF = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
MN_DATE = re.compile(r"(?P<month>1[0-2]|[1-9])\s*(?:-?р|-?(?:дугаар|дүгээр))\s+сарын\s+(?P<day>[0-3]?\d)")
# "in March", "en mars", «в марте», "im März", "márciusban": a month without a day is the whole month
MONTH_ONLY = re.compile(
    r"(?<!\w)(?:(?:(?:in|en|im|em|в|во|a partir de|this|next|this coming)\s+(?:early |late )?"
    r"|(?P<mid>(?:in |by )?mid-?\s?|mitte |mi-|a mediados de |в середине |a meados de |a meta ))"
    + _MONTH
    + r"|(?P<hu>"
    + "|".join(_alternation(w) for w in MONTHS.values())
    + r")(?:ban|ben|i|tol))"
    + _YEAR
    + r"(?!\w)"
)
WEEKDAY = re.compile(
    r"(?:(?<!\w)|(?<=ב))(?:" + "|".join(_alternation(w) for w in WEEKDAYS.values()) + r")"
    r"(?:morgen|abend|nachmittag|vormittag|nacht|\w{0,3})(?!\w)"  # "Sonntagmorgen"
)
ARABIC_MARKS = re.compile(ARABIC_MARK)
NEXT_BEFORE = re.compile(r"(?:next|следующ\w*|будущ\w*|el proximo|la proxima|nachsten|kommenden|kovetkezo)\s+$")
NEXT_AFTER = re.compile(r"\s+(?:prochain|prochaine|que vem|que viene|المقبل|القادم)(?!\w)")
LAST_BEFORE = re.compile(r"(?:last|прошл\w*|letzten|vergangenen|el pasado|o passado)\s+$")
LAST_AFTER = re.compile(r"\s+(?:dernier|pasado|passado|scorso|الماضي|الماضى)(?!\w)")
RELATIVE_WORDS = re.compile(r"(?<!\w)(?:" + "|".join(_alternation(w) for w in RELATIVE.values()) + r")(?!\w)")


@dataclass(frozen=True)
class When:
    first: date
    last: date
    start: int  # offsets in the text
    end: int
    text: str


def find_dates(text: str, published: date, future: bool = True) -> list[When]:
    """Every date or window named in `text`, in text order; `future` picks the next weekday, not the last."""
    folded = fold(text).translate(ASCII_DIGITS)
    found: list[When] = []
    for pattern in (ISO, DAY_MONTH, MONTH_DAY, MN_DATE, ZH_DATE):
        for m in pattern.finditer(folded):
            when = _explicit(m, published)
            if when and not any(m.start() < w.end and w.start < m.end() for w in found):
                found.append(When(when[0], when[1], m.start(), m.end(), text[m.start() : m.end()]))
    for m in MONTH_ONLY.finditer(folded):
        if any(m.start() < w.end and w.start < m.end() for w in found):
            continue
        month_text = m.group("month") or m.group("hu")
        month = MONTH_OF.get(_bare(month_text).rstrip(".")) if month_text and len(month_text) > 3 else None
        if month:
            ahead = future or m.group(0).startswith(("this", "next"))  # "this July": still to come
            first, last = _month(month, m.group("year"), published, ahead)
            if m.group("mid"):  # "mid-July", "Mitte Februar": about the 15th
                first = last = first.replace(day=15)
            found.append(When(first, last, m.start(), m.end(), text[m.start() : m.end()]))
    for m in RELATIVE_WORDS.finditer(folded):
        first, last = _relative(RELATIVE_OF[_bare(m.group(0))], published, future)
        found.append(When(first, last, m.start(), m.end(), text[m.start() : m.end()]))
    for m in WEEKDAY.finditer(folded):
        if any(m.start() < w.end and w.start < m.end() for w in found):
            continue
        stem = next(w for w in sorted(WEEKDAY_OF, key=len, reverse=True) if _bare(m.group(0)).startswith(w))
        day = _weekday(WEEKDAY_OF[stem], published, future)
        if day == published and (NEXT_BEFORE.search(folded, 0, m.start()) or NEXT_AFTER.match(folded, m.end())):
            day += timedelta(days=7)  # "next Monday", said on a Monday
        if LAST_BEFORE.search(folded, 0, m.start()) or LAST_AFTER.match(folded, m.end()):
            day = _weekday(WEEKDAY_OF[stem], published - timedelta(days=1), False)  # "last Tuesday", «الثلاثاء الماضي»
        found.append(When(day, day, m.start(), m.end(), text[m.start() : m.end()]))
    for m in ZH_RELATIVE_WORDS.finditer(folded):
        first, last = _relative(ZH_RELATIVE[m.group(0)], published, future)
        found.append(When(first, last, m.start(), m.end(), text[m.start() : m.end()]))
    for m in ZH_WEEKDAY.finditer(folded):
        if any(m.start() < w.end and w.start < m.end() for w in found):
            continue  # "下周" is next week, not a weekday
        day = _weekday(ZH_WEEKDAY_OF[m.group("day")], published, future)
        found.append(When(day, day, m.start(), m.end(), text[m.start() : m.end()]))
    return sorted(found, key=lambda w: w.start)


def _bare(word: str) -> str:
    """The word without Arabic short vowels and tatweel, as the lookup tables hold it."""
    return ARABIC_MARKS.sub("", word)


def _explicit(m: re.Match, published: date) -> tuple[date, date] | None:
    groups = m.groupdict()
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else MONTH_OF.get(_bare(month_text).rstrip("."))
    if month is None:
        return None
    day, day2 = int(groups["day"]), int(groups.get("day2") or groups["day"])
    year = groups.get("year")
    try:
        if year:
            first = date(int(year), month, day)
        else:
            candidates = [date(published.year + k, month, day) for k in (-1, 0, 1)]
            first = min(candidates, key=lambda d: abs((d - published).days))
        last = first.replace(day=day2) if day2 >= day else first
    except ValueError:
        return None
    return first, last


def _month(month: int, year: str | None, published: date, future: bool) -> tuple[date, date]:
    if year:
        y = int(year)
    elif future:  # a month just gone ("in September", written in October) is that month, not next year's
        y = published.year + ((published.month - month) % 12 > 2 and month < published.month)
    else:
        y = published.year - (month > published.month)
    first = date(y, month, 1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _relative(kind: str, published: date, future: bool = True) -> tuple[date, date]:
    monday = published - timedelta(days=published.weekday())
    if kind == "today":
        return published, published
    if kind == "tomorrow":
        return published + timedelta(days=1), published + timedelta(days=1)
    if kind == "this_week":  # a trip to come "this week" is not today's, or the report would say today
        sunday = monday + timedelta(days=6)
        return (min(published + timedelta(days=1), sunday) if future else published), sunday
    if kind == "next_week":
        return monday + timedelta(days=7), monday + timedelta(days=13)
    if kind == "next_month":
        first = (published.replace(day=1) + timedelta(days=32)).replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if kind in ("later_this_month", "end_of_month"):
        end = (published.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        first = published + timedelta(days=1) if kind == "later_this_month" else end - timedelta(days=6)
        return min(max(first, published + timedelta(days=1)), end), end
    if kind == "next_year":
        return date(published.year + 1, 1, 1), date(published.year + 1, 12, 31)
    if kind == "weekend":
        saturday = monday + timedelta(days=5)
        return max(saturday, published), monday + timedelta(days=6)
    if kind == "earlier_this_month":
        return published.replace(day=1), published
    if kind == "yesterday":
        return published - timedelta(days=1), published - timedelta(days=1)
    if kind == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if kind == "last_month":
        last = published.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    return published, published + timedelta(days=7)  # coming days


def _weekday(weekday: int, published: date, future: bool) -> date:
    if future:
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    return published - timedelta(days=(published.weekday() - weekday) % 7)
