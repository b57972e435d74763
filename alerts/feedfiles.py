"""Every public feed as files (`tracker feeds --out DIR`), for publishing on any static web server.

The same feeds the web app serves, plus one per person and one per state, and the GeoJSON of every
state's duty to arrest each person with an episode, on a given day. Each file is written to a
temporary name and moved into place, so a reader never sees half a feed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from alerts.feeds import NARROWED, PublicEpisode, atom, geojson, icalendar, json_feed, narrowed_feed
from geo.maps import obligations_geojson


def feed_files(episodes: Sequence[PublicEpisode], base_url: str, on: date) -> dict[str, bytes]:
    """Relative path → content of every public feed: all episodes, per person, per state, the calendar of
    upcoming visits, and the obligations on `on` of each person with an episode."""
    files = {
        "feeds/episodes.atom": atom(episodes, base_url),
        "feeds/episodes.json": json_feed(episodes, base_url).encode(),
        "feeds/episodes.geojson": geojson(episodes).encode(),
        "feeds/upcoming.ics": icalendar(episodes, on, _host(base_url)).encode(),
    }
    for key, folder, about in (("person", "people", "person_name"), ("state", "states", "state_name")):
        for value in sorted({getattr(e, key) for e in episodes}):
            chosen = [e for e in episodes if getattr(e, key) == value]
            name = getattr(chosen[0], about)
            for fmt in NARROWED:
                files[f"feeds/{folder}/{value}.{fmt}"] = narrowed_feed(
                    fmt, chosen, base_url, f"/feeds/{folder}/{value}", name
                )
    for person in sorted({e.person for e in episodes}):
        collection = obligations_geojson(person, on)
        files[f"obligations/{person}-{on.isoformat()}.geojson"] = json.dumps(
            collection, ensure_ascii=False, separators=(",", ":")
        ).encode()
    return files


def write_files(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file atomically (temporary file, fsync, rename) under `out`; the paths written."""
    written = []
    for relative, content in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.part")
        try:
            with open(partial, "wb") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        written.append(path)
    return written


def _host(base_url: str) -> str:
    return base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "tracker"
