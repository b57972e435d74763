"""`tracker extract`: one report at a time, what it claims and what the rules would do with it."""

from __future__ import annotations

import json
import sys

import typer

from alerts.rules import Thresholds
from tracker.assess import assess, parse_published
from tracker.cli.app import ConfigOption, app, err, reports_errors, setup
from tracker.extract import Extractor, ReportText


@app.command()
@reports_errors
def extract(config: ConfigOption = None) -> None:
    """Read JSONL {"id","title","summary","published","language","url"} on stdin; write JSONL {"id","persons",
    "destination","travel_start","modality","decision","why"}: each report alone, on its publication date."""
    cfg = setup(config)
    thresholds = Thresholds(cfg.alerts.horizon_days, cfg.alerts.min_confidence)
    extractor = Extractor()
    failures = 0
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise TypeError("expected a JSON object")
            report = ReportText(
                title=str(item.get("title") or ""),
                summary=str(item.get("summary") or ""),
                content=str(item.get("content") or ""),
                published=parse_published(item.get("published")),
                language=item.get("language") or None,
            )
        except (json.JSONDecodeError, TypeError, ValueError) as e:
            failures += 1
            err.print(f"line {number}: skipped: {e}", highlight=False)
            continue
        result = assess(report, extractor, thresholds).as_json(item.get("id"))
        if report.published is None:
            result["why"].append("no publication date given: assessed as of today")
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    if failures:
        raise typer.Exit(1)
