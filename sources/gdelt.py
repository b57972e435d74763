"""The GDELT DOC 2.0 API's article lists (`mode=ArtList&format=json`) to RawReports.

GDELT answers a bad query with a line of plain text instead of JSON, and sometimes with JSON that has
no "articles" at all when nothing matched: the first is a FeedError that quotes GDELT, the second is an
empty list. Its `seendate` ("20240902T123000Z") is when GDELT saw the article, the nearest thing to a
publication time it gives.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sources.feeds import FeedError, text_of
from sources.report import RawReport

# GDELT names languages in English; these are the ones its DOC API lists.
LANGUAGES = {
    "english": "en", "french": "fr", "spanish": "es", "russian": "ru", "arabic": "ar", "german": "de",
    "hungarian": "hu", "portuguese": "pt", "chinese": "zh", "mongolian": "mn", "italian": "it", "dutch": "nl",
    "polish": "pl", "turkish": "tr", "ukrainian": "uk", "japanese": "ja", "korean": "ko", "persian": "fa",
    "hebrew": "he", "swahili": "sw", "indonesian": "id", "hindi": "hi", "romanian": "ro", "czech": "cs",
    "greek": "el", "serbian": "sr", "croatian": "hr", "bulgarian": "bg", "swedish": "sv", "finnish": "fi",
    "danish": "da", "norwegian": "no", "slovak": "sk", "slovenian": "sl", "lithuanian": "lt", "latvian": "lv",
    "estonian": "et", "albanian": "sq", "armenian": "hy", "georgian": "ka", "azerbaijani": "az", "kazakh": "kk",
    "thai": "th", "vietnamese": "vi", "malay": "ms", "tagalog": "tl", "bengali": "bn", "urdu": "ur",
}  # fmt: skip


def parse_gdelt(body: bytes, *, source_id: str, fetched: datetime) -> list[RawReport]:
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise FeedError(f"GDELT did not answer with JSON: {text[:200]!r}") from None
    if not isinstance(data, dict):
        raise FeedError(f"GDELT answered with a JSON {type(data).__name__}, expected an object with 'articles'")
    reports = []
    for article in data.get("articles") or []:
        url = article.get("url") if isinstance(article, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            continue
        reports.append(
            RawReport(
                source_id=source_id,
                url=url,
                title=text_of(str(article.get("title") or "")),
                summary="",
                content=None,
                published=_seen(article.get("seendate")),
                language=LANGUAGES.get(str(article.get("language") or "").lower()),
                fetched=fetched,
                raw_id=None,
            )
        )
    return reports


def _seen(value) -> datetime | None:
    try:
        return datetime.strptime(str(value), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
