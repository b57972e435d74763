"""Every public feed as files (`tracker feeds --out DIR`), for publishing on any static web server.

The feeds the web app serves (every trip, each person's, each state's), byte for byte, and the GeoJSON
of every state's duty to arrest each person with an episode, on a given day. Each file is written to a
temporary name and moved into place, so a reader never sees half a feed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from alerts.feedformats import EVERY_TRIP, NARROWED, Feed, narrowed, render
from alerts.feeds import PublicEpisode
from geo.maps import obligations_geojson


def feed_files(episodes: Sequence[PublicEpisode], base_url: str, on: date) -> dict[str, bytes]:
    """Relative path → content of every public feed (the same bytes as the web app serves for the same
    episodes and day): all episodes, per person, per state, the calendar of visits from `on`, and the
    obligations on `on` of each person with an episode."""
    files = {path.removeprefix("/"): render(Feed(base_url, path), episodes, on) for path in EVERY_TRIP}
    for key, folder, about in (("person", "people", "person_name"), ("state", "states", "state_name")):
        for value in sorted({getattr(e, key) for e in episodes}):
            chosen = [e for e in episodes if getattr(e, key) == value]
            for fmt in NARROWED:
                feed = narrowed(base_url, folder, value, getattr(chosen[0], about), fmt)
                files[feed.path.removeprefix("/")] = render(feed, chosen, on)
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
