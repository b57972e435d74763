"""What every collector yields, and how a report is recognised when it comes back.

A feed item is seen again and again (each poll, on mirrors, on syndicating sites). Three keys recognise
it: its canonical URL (tracking parameters, fragment, default port and letter case of the host taken
off), its feed item id, and a hash of its normalised text. A fourth, the story key (the headline without
the outlet's name), links copies of one wire story on different sites, which count once as evidence.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that say how a reader came, not what they read.
TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref|ref_src|cmpid|"
    r"ocid|taid|smid|rss|feature|at_medium|at_campaign|guccounter|sr_share|share|s_cid|ito|src)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}
# " - Reuters", " | AP News", " — Al Jazeera": the outlet's name after the headline.
OUTLET_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,40}$")
NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class RawReport:
    """One item as a source gave it, before anything is decided about it."""

    source_id: str
    url: str  # the item's link; for an item without one, the feed's URL
    title: str
    summary: str
    content: str | None
    published: datetime | None  # aware; None when the item carries no date
    language: str | None  # ISO 639-1 where known
    fetched: datetime  # aware
    raw_id: str | None  # the feed's own item id (guid, atom:id), where it gives one
    has_link: bool = True

    @property
    def canonical_url(self) -> str:
        if not self.has_link:  # a fragment-free key of its own, so it cannot collide with a real page
            return f"urn:tracker:{self.source_id}:{self.raw_id or self.content_hash}"
        return canonical_url(self.url)

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.summary, self.content)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def story_key(self) -> str:
        return story_key(self.title)


def canonical_url(url: str) -> str:
    """The URL less what varies between copies of one link: tracking parameters, fragment, default port,
    host letter case, a trailing "?" and the order of the remaining parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k))
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def _normalised(text: str) -> str:
    return NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(title: str, summary: str, content: str | None) -> str:
    """The same words, whatever the markup, spacing or letter case: one hash."""
    text = "\n".join(_normalised(part) for part in (title, summary, content or ""))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def story_key(title: str) -> str:
    """The headline without the outlet's name: wire copies on different sites share it ("" if too short)."""
    words = _normalised(OUTLET_SUFFIX.sub("", title.strip()))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32] if len(words.split()) >= 4 else ""
