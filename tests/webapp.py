"""The web tests' data folder: a database filled by ingesting the archived Putin–Mongolia reports (which
raise one alert), an upcoming trip, and desk users; `tracker serve` runs over it (`conftest.web_app`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import requests
import yaml
from sqlmodel import Session

from tests.conftest import ROOT, run_tracker
from tracker.models import Alert, Episode
from tracker.storage import make_engine

ARCHIVE = ROOT / "tests/data/archive/putin-mongolia-2024.xml"
PASSWORD = "a long desk passphrase"
USERS = {"fp-asia": ("focal_point", "Asia-Pacific"), "fp-africa": ("focal_point", "African"),
         "president": ("president", None)}  # fmt: skip


@dataclass
class WebApp:
    folder: Path
    env: dict
    base: str = ""

    @property
    def database(self) -> str:
        return f"sqlite:///{self.folder / 'var/tracker.db'}"

    def new_alert(self, state: str = "MN", person: str = "putin", days: int = 5, status: str = "announced") -> int:
        """Another alert (on a new episode, `days` from today) for a test that changes one, so tests stay
        independent."""
        engine = make_engine(self.database)
        with Session(engine) as s:
            soon = date.today() + timedelta(days=days)
            episode = Episode(person_id=person, state=state, expected_start=soon, expected_end=soon,
                              status=status, outlets=3, history=[])  # fmt: skip
            s.add(episode)
            s.flush()
            alert = Alert(episode_id=episode.id, kind="good_offices", rule="test", why=["a test alert"],
                          message_id=f"<test-{episode.id}@tracker>")  # fmt: skip
            s.add(alert)
            s.commit()
            alert_id = alert.id
        engine.dispose()
        return alert_id


def prepare_web_app(folder: Path) -> WebApp:
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    config.update(data_dir=str(folder / "var"))
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    env = {"TRACKER_CONFIG": str(folder / "config.yaml")}
    assert run_tracker("ingest", str(ARCHIVE), env=env).returncode == 0
    for name, (role, group) in USERS.items():
        args = ["users", "add", name, "--role", role, *(["--group", group] if group else [])]
        added = run_tracker(*args, env=env, stdin=PASSWORD + "\n")
        assert added.returncode == 0, added.stderr
    engine = make_engine(f"sqlite:///{folder / 'var/tracker.db'}")
    with Session(engine) as s:  # an upcoming trip, for the calendar
        soon = date.today() + timedelta(days=10)
        s.add(Episode(person_id="putin", state="TJ", expected_start=soon, expected_end=soon, status="announced",
                      outlets=2, history=[]))  # fmt: skip
        s.commit()
    engine.dispose()
    return WebApp(folder, env)


class Desk:
    """A desk client over plain HTTP on loopback. The session cookie is Secure, so `requests` would not
    send it back over http: the client keeps it and sends it itself, as a browser on localhost does."""

    def __init__(self, base: str) -> None:
        self.base, self.cookies = base, {}

    def _send(self, method: str, path: str, **kwargs) -> requests.Response:
        response = requests.request(method, self.base + path, cookies=self.cookies, allow_redirects=False,
                                    timeout=30, **kwargs)  # fmt: skip
        self.cookies |= {c.name: c.value for c in response.cookies if c.value}
        return response

    def get(self, path: str) -> requests.Response:
        return self._send("GET", path)

    def post(self, path: str, data: dict) -> requests.Response:
        return self._send("POST", path, data=data)

    def login(self, name: str, password: str = PASSWORD) -> requests.Response:
        form = self.get("/login")
        return self.post("/login", {"name": name, "password": password, "csrf_token": csrf_of(form.text)})


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
