"""Acknowledgement by the signed link in the email, against a real `tracker serve`: the link received by
a real SMTP server acknowledges the alert (on POST only); a tampered or expired link is refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import requests
import yaml
from sqlmodel import Session, select

from alerts.acks import BadLink, secret_key, sign, verify
from alerts.outbox import drain
from tests.conftest import ROOT, serving
from tests.mailserver import Inbox
from tests.pgserver import free_port
from tests.test_alerts import alert_once, store_coming
from tracker.config import load_config
from tracker.models import Alert
from tracker.refdata import prepare
from tracker.storage import make_engine

LINK = re.compile(r"Acknowledge \(stops the reminders\): (\S+)")


def test_the_emailed_link_acknowledges_the_alert_on_the_real_server(tmp_path):
    port = free_port()
    with Inbox() as inbox:
        data = yaml.safe_load((ROOT / "config.yaml").read_text())
        data.update(data_dir=str(tmp_path / "var"), sources=[])
        data["alerts"]["group_wait_seconds"] = 0
        data["mail"].update(smtp_url=f"smtp://127.0.0.1:{inbox.port}", timeout_seconds=5)
        data["web"]["public_url"] = f"http://127.0.0.1:{port}"
        (tmp_path / "config.yaml").write_text(yaml.safe_dump(data))
        config = load_config(tmp_path / "config.yaml")
        engine = make_engine(config.database_url)
        prepare(engine)
        store_coming(engine)
        alert_once(engine, config)
        drain(engine, config)
    assert (tmp_path / "var/secret_key").stat().st_mode & 0o077 == 0  # made once, readable by the owner only
    message = next(m for m in inbox.messages if "asp-president@example.org" in m["To"])
    link = LINK.search(message.get_body(("plain",)).get_content())[1]
    assert f'href="{link}"' in message.get_body(("html",)).get_content()
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    with serving({"TRACKER_CONFIG": str(tmp_path / "config.yaml")}, port):
        shown = requests.get(link, timeout=10)
        with Session(engine) as s:
            assert s.exec(select(Alert)).one().acknowledged_at is None  # opening the link is not acknowledging
        done = requests.post(link, timeout=10)
        refused = requests.post(tampered, timeout=10)
        expired = sign(config, 1, "asp-president@example.org", now=datetime.now(UTC) - timedelta(days=15))
        too_late = requests.post(f"http://127.0.0.1:{port}/ack/{expired}", timeout=10)
        links = [f"http://127.0.0.1:{port}/ack/{sign(config, i, 'a@example.org')}" for i in (999_999, 10**30, -1)]
        missing = [requests.request(method, url, timeout=10) for url in links for method in ("GET", "POST")]
    assert shown.status_code == 200 and '<form method="post">' in shown.text
    assert done.status_code == 200 and "acknowledged by asp-president@example.org" in done.text
    assert refused.status_code == 403 and "not valid" in refused.text
    assert too_late.status_code == 403 and "expired" in too_late.text
    assert [r.status_code for r in missing] == [404] * 6 and "there is no alert 999999" in missing[0].text
    with Session(engine) as s:
        assert s.exec(select(Alert)).one().acknowledged_by == "asp-president@example.org"
    engine.dispose()


def test_links_signed_with_another_key_or_for_another_alert_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_SECRET_KEY", "one key")
    (tmp_path / "config.yaml").write_text(yaml.safe_dump({"data_dir": str(tmp_path / "var")}))
    first = load_config(tmp_path / "config.yaml")
    token = sign(first, 7, "a@example.org")
    assert verify(first, token).alert_id == 7 and secret_key(first) == b"one key"
    monkeypatch.setenv("TRACKER_SECRET_KEY", "another key")
    with pytest.raises(BadLink, match="not valid"):
        verify(load_config(tmp_path / "config.yaml"), token)
    mac = token.split(".")[1]
    with pytest.raises(BadLink, match="not valid"):
        verify(first, sign(first, 8, "a@example.org").split(".")[0] + "." + mac)
    assert not (tmp_path / "var/secret_key").exists()  # the environment's key wins; none is made
