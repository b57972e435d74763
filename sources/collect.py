"""One poll of one source: the URLs it stands for, fetched politely, read into RawReports.

A plain feed or an official feed is one URL. A search feed or a GDELT query is a URL template with
`{query}`, filled once per query the caller passes (the pipeline passes the watched people's names: this
package knows nothing of people). Each URL keeps its own validators (ETag, Last-Modified) so an unchanged
feed costs the server a 304. One URL failing does not lose what the others gave.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote_plus

from sources.court import read_court
from sources.feeds import FeedError, parse_feed
from sources.fetch import Fetcher, FetchError
from sources.gdelt import parse_gdelt
from sources.report import RawReport

KINDS = ("feed", "official", "search", "gdelt", "court")
TEMPLATED = ("search", "gdelt")


@dataclass(frozen=True)
class Source:
    id: str
    kind: str  # one of KINDS
    url: str  # for search and gdelt, a template with {query}
    language: str | None = None

    def urls(self, queries: list[str]) -> list[str]:
        if self.kind not in TEMPLATED:
            return [self.url]
        return [self.url.replace("{query}", quote_plus(q)) for q in queries]


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Failure:
    url: str
    kind: str  # FetchError kind, or "feed" for a body that holds no feed
    message: str
    retry_after: float | None = None


@dataclass
class Collection:
    """What one poll gave: the reports, the new validators per URL, and what went wrong where."""

    reports: list[RawReport] = field(default_factory=list)
    validators: dict[str, Validators] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    not_modified: int = 0
    fetched: int = 0
    stopped: bool = False  # cut short by a stop: the URLs not read were not tried

    @property
    def failed(self) -> bool:
        """Every URL failed: the source is down (some failing among many is a partial success)."""
        return bool(self.failures) and self.fetched == 0 and self.not_modified == 0


def collect(
    source: Source,
    fetcher: Fetcher,
    queries: list[str],
    validators: dict[str, Validators],
    stop: threading.Event | None = None,
) -> Collection:
    """Fetch and read every URL of the source; when `stop` is set, what was read so far is returned."""
    out = Collection()
    urls = source.urls(queries)
    for done, url in enumerate(urls):
        if stop is not None and stop.is_set():
            break
        known = validators.get(url, Validators())
        try:
            response = fetcher.get(
                url,
                etag=known.etag,
                last_modified=known.last_modified,
                accept="application/json" if source.kind == "gdelt" else None,
            )
            if response.not_modified:
                out.not_modified += 1
                continue
            fetched = datetime.now(UTC)
            out.reports.extend(read(source, response.body, response.content_type, url, fetched))
            out.validators[url] = Validators(response.etag, response.last_modified)
            out.fetched += 1
        except FetchError as e:
            if e.kind == "stopped":  # no fault of the source's
                out.stopped = True
                break
            out.failures.append(Failure(url, e.kind, str(e), e.retry_after))
            if e.kind == "unreachable" and done + 1 < len(urls):
                # one host serves every query: asking it 30 more times would only wait 30 more timeouts
                skipped = len(urls) - done - 1
                out.failures[-1].message += f" ({skipped} more queries not tried)"
                break
        except FeedError as e:
            out.failures.append(Failure(url, "feed", f"{url}: {e}"))
    return out


def read(source: Source, body: bytes, content_type: str | None, url: str, fetched: datetime) -> list[RawReport]:
    """The reports in a body this source gave (also for saved files replayed by `tracker ingest`)."""
    if source.kind == "gdelt":
        return parse_gdelt(body, source_id=source.id, fetched=fetched)
    if source.kind == "court":
        return read_court(
            body, source_id=source.id, url=url, fetched=fetched, content_type=content_type, language=source.language
        )
    return parse_feed(
        body, source_id=source.id, url=url, fetched=fetched, content_type=content_type, language=source.language
    )
