"""The Court's public outputs: its press-release feed (RSS) and the Legal Tools database's JSON API
(`api/ltdDocs`), read into RawReports, and the judicial acts an output announces.

The Legal Tools API answers a list of document records (`slug`, `title`, `externalId`, `caseNumber`,
`dateCreated`, `judicialDocumentType`, `confidentiality`, `isPublished`, `deleted`…); a record's page is
`/doc/<slug>/` on the same host. The parser takes that list bare or wrapped in an object (`data`, `items`,
`results`), skips records that are deleted, unpublished or not public, and ignores fields it does not know.

Recognising an act is reading words, not deciding: each act is proposed to a person at the desk, who
confirms or rejects it. The package knows nothing of people or states; the caller names them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from sources.feeds import FeedError, parse_feed, text_of
from sources.report import RawReport

# The judicial acts worth a change to the reference data.
NON_COMPLIANCE = "non_compliance"  # a finding under Art. 87(7), with or without a referral
REFERRAL = "referral"  # the Assembly or the Security Council informed of non-cooperation
WARRANT_ISSUED = "warrant_issued"
WARRANT_UNSEALED = "warrant_unsealed"
ARREST = "arrest"
SURRENDER = "surrender"
DEATH = "death"
WARRANT_WITHDRAWN = "warrant_withdrawn"
ACTS = (NON_COMPLIANCE, REFERRAL, WARRANT_ISSUED, WARRANT_UNSEALED, ARREST, SURRENDER, DEATH, WARRANT_WITHDRAWN)

_I = re.IGNORECASE
PATTERNS = {
    NON_COMPLIANCE: re.compile(
        r"non-?\s?compliance|fail(?:ed|ure|ing)? to comply|did not comply|article\s+87\s*\(7\)|art\.\s*87\s*\(7\)"
        r"|fail(?:ed|ure|ing)? to (?:arrest|surrender|cooperate)|non-?\s?cooperation",
        _I,
    ),
    REFERRAL: re.compile(
        r"(?:refer\w*|inform\w*|report\w*)\b.{0,80}?\b(?:Assembly of States Parties|Security Council)", _I
    ),
    WARRANT_UNSEALED: re.compile(
        r"unseal\w*|lift\w* the seal|warrants?.{0,60}made public|made public.{0,40}warrant", _I
    ),
    WARRANT_ISSUED: re.compile(
        r"issu\w*\b.{0,30}\bwarrants?\b|warrants? of arrest (?:for|against)|arrest warrants? (?:for|against)", _I
    ),
    WARRANT_WITHDRAWN: re.compile(
        r"withdr[ae]w\w*\b.{0,30}\bwarrants?|warrants?\b.{0,40}\bwithdrawn|vacat\w+\b.{0,20}\bwarrants?"
        r"|terminat\w+ (?:the )?proceedings",
        _I,
    ),
    ARREST: re.compile(r"\b(?:was|been|were|is) arrested\b|\barrested (?:in|by|on)\b|taken into custody", _I),
    SURRENDER: re.compile(
        r"surrender(?:ed)? to (?:the )?(?:ICC|Court)|transferred to (?:the )?(?:ICC|Court|Hague)"
        r"|arrived at the (?:ICC )?detention cent(?:re|er)",
        _I,
    ),
    DEATH: re.compile(r"\bdeath of\b|\b(?:his|her) death\b|\bdied\b|\bdeceased\b|passed away", _I),
}
BODIES = {"ASP": re.compile(r"Assembly of States Parties", _I), "UNSC": re.compile(r"Security Council", _I)}
CHAMBER = re.compile(r"(Pre-Trial Chamber|Trial Chamber|Appeals Chamber)\s*(I{1,3}|IV|V|VI{0,3})?\b", _I)
LIST_KEYS = ("data", "items", "results")


@dataclass(frozen=True)
class CourtAct:
    """One act an output announces, with the words that showed it."""

    act: str
    referred_to: tuple[str, ...] = ()  # "ASP", "UNSC": to whom a finding or referral goes
    chamber: str = ""
    evidence: str = ""


def recognise(text: str) -> list[CourtAct]:
    """The acts a title and summary announce. A referral that comes with a finding is one act, the finding
    with its referral; a failure to arrest is no arrest; an unsealed warrant is not a new one."""
    found = {act: m for act, pattern in PATTERNS.items() if (m := pattern.search(text))}
    if NON_COMPLIANCE in found:
        found.pop(ARREST, None)
        found.pop(SURRENDER, None)
    if WARRANT_UNSEALED in found:
        found.pop(WARRANT_ISSUED, None)
    referral = found.get(REFERRAL)
    bodies = tuple(b for b, p in BODIES.items() if referral and p.search(text))
    if NON_COMPLIANCE in found and referral:
        found.pop(REFERRAL)
    chamber = CHAMBER.search(text)
    chamber_name = " ".join(part for part in chamber.groups() if part) if chamber else ""
    return [
        CourtAct(act, bodies if act in (NON_COMPLIANCE, REFERRAL) else (), chamber_name, match.group(0))
        for act in ACTS
        if (match := found.get(act))
    ]


def read_court(
    body: bytes, *, source_id: str, url: str, fetched: datetime, content_type: str | None, language: str | None
) -> list[RawReport]:
    """The Court's RSS or a Legal Tools JSON answer, whichever the body is."""
    start = body.lstrip()[:1]
    if start in (b"[", b"{") or (content_type or "").split(";")[0].strip().endswith("json"):
        return parse_legal_tools(body, source_id=source_id, url=url, fetched=fetched)
    return parse_feed(body, source_id=source_id, url=url, fetched=fetched, content_type=content_type, language=language)


def parse_legal_tools(body: bytes, *, source_id: str, url: str, fetched: datetime) -> list[RawReport]:
    """The public document records of a Legal Tools API answer, one RawReport each."""
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as e:
        raise FeedError(f"the Legal Tools API did not answer with JSON ({e.msg} at character {e.pos})") from None
    if isinstance(data, dict):
        data = next((data[k] for k in LIST_KEYS if isinstance(data.get(k), list)), None)
    if not isinstance(data, list):
        raise FeedError("the Legal Tools API answered JSON without a list of documents")
    return [r for record in data if isinstance(record, dict) and (r := _document(record, source_id, url, fetched))]


def _document(record: dict, source_id: str, url: str, fetched: datetime) -> RawReport | None:
    slug, title = str(record.get("slug") or "").strip(), text_of(str(record.get("title") or ""))
    if not slug or not title or record.get("deleted") or record.get("isPublished") is False:
        return None
    if str(record.get("confidentiality") or "public").lower() != "public":
        return None
    details = [str(record.get(k)) for k in ("judicialDocumentType", "externalId", "caseNumber") if record.get(k)]
    return RawReport(
        source_id=source_id,
        url=urljoin(url, f"/doc/{slug}/"),
        title=title,
        summary=" · ".join(details),
        content=None,
        published=_date(record.get("dateCreated")),
        language="en",
        fetched=fetched,
        raw_id=str(record.get("externalId") or slug),
    )


def _date(value: object) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
