"""config.yaml: one strict pydantic model, checked at start.

A wrong key, type or value stops the program with the key's path and what is expected. Secrets never
come from the file: the SMTP password is read from TRACKER_SMTP_PASSWORD only, the key that signs
acknowledgement links from TRACKER_SECRET_KEY (or a key made once in the data folder). Deployment overrides
(TRACKER_DATA_DIR, TRACKER_DATABASE_URL, TRACKER_SMTP_URL) win over the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Container
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from geo.reference import REGIONAL_GROUPS, default_reference
from tracker.errors import ConfigError

DEFAULT_PATH = Path("config.yaml")
SECRET_KEYS = re.compile(r"pass(word)?|secret|token|api_?key", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _email(value: str) -> str:
    if not EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address (expected name@domain.tld)")
    return value


Email = Annotated[str, AfterValidator(_email)]


class Database(Strict):
    """Where everything is stored; empty means SQLite in the data folder."""

    url: str | None = None

    @field_validator("url")
    @classmethod
    def _scheme(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError("expected a sqlite:///PATH or postgresql://USER@HOST/DB URL")
        return v


class Contact(Strict):
    """Who runs this instance: sent in the User-Agent so that feed operators can reach you."""

    name: str = "tracker"
    email: Email = "tracker@example.org"


class Mail(Strict):
    """Outgoing mail. No smtp_url writes every message to a Maildir in the data folder instead."""

    from_address: Email = "tracker@example.org"
    smtp_url: str | None = None
    username: str | None = None
    timeout_seconds: float = Field(default=30, gt=0, le=600)

    @field_validator("smtp_url")
    @classmethod
    def _scheme(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^smtps?://[^/:]+(:\d+)?/?$", v):
            raise ValueError("expected smtp://host:port (STARTTLS when offered) or smtps://host:port (TLS)")
        return v


class Recipient(Strict):
    name: str = Field(min_length=1)
    email: Email


class Recipients(Strict):
    """Who receives good-offices alerts: always the President's team, plus the destination's focal point,
    plus anyone named for the destination state or the person; the Bureau gets the President's notice."""

    president: list[Recipient] = Field(default_factory=list)
    focal_points: dict[str, list[Recipient]] = Field(default_factory=dict)
    states: dict[str, list[Recipient]] = Field(default_factory=dict)
    people: dict[str, list[Recipient]] = Field(default_factory=dict)
    bureau: list[Recipient] = Field(default_factory=list)

    @field_validator("states")
    @classmethod
    def _states(cls, v: dict[str, list[Recipient]]) -> dict[str, list[Recipient]]:
        return _known(v, default_reference().states, "state", "ISO 3166-1 alpha-2 codes such as MN, HU, ZA")

    @field_validator("people")
    @classmethod
    def _people(cls, v: dict[str, list[Recipient]]) -> dict[str, list[Recipient]]:
        return _known(v, default_reference().people, "person", "person ids such as putin, netanyahu")

    @field_validator("focal_points")
    @classmethod
    def _groups(cls, v: dict[str, list[Recipient]]) -> dict[str, list[Recipient]]:
        return _known(v, REGIONAL_GROUPS, "regional group", f"one of: {', '.join(REGIONAL_GROUPS)}")


def _known(v: dict, known: Container[str], what: str, expected: str) -> dict:
    unknown = sorted(key for key in v if key not in known)
    if unknown:
        raise ValueError(f"unknown {what} {unknown[0]!r}; expected {expected}")
    return v


class Source(Strict):
    """One place reports come from. Search and GDELT sources are URL templates filled with each watched
    person's name; official sources (a government's press releases) weigh more as evidence."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: Literal["feed", "search", "gdelt", "official", "court"]
    url: str
    interval_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    official: bool = False

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        try:
            host = urlsplit(v.replace("{query}", "q")).hostname
        except ValueError as e:  # "http://[::1": an unclosed address
            raise ValueError(f"not a URL: {e}") from None
        if not host:
            raise ValueError("expected a URL with a host, e.g. https://news.example/feed.xml")
        return v

    @model_validator(mode="after")
    def _template(self) -> Source:
        templated = self.kind in ("search", "gdelt")
        if templated and "{query}" not in self.url:
            raise ValueError(f"a {self.kind} source's url needs {{query}} where each person's name goes")
        if not templated and "{query}" in self.url:
            raise ValueError(f"a {self.kind} source is one URL; {{query}} belongs to search and gdelt sources")
        return self

    @property
    def is_official(self) -> bool:
        return self.official or self.kind == "official"


class Fetch(Strict):
    """Bounds on every request to someone else's server, and how long to back off when it fails."""

    connect_timeout_seconds: float = Field(default=10, gt=0, le=120)
    read_timeout_seconds: float = Field(default=30, gt=0, le=600)
    deadline_seconds: float = Field(default=60, gt=0, le=1800)
    max_megabytes: float = Field(default=10, gt=0, le=500)
    max_decompressed_megabytes: float = Field(default=50, gt=0, le=2000)
    host_gap_seconds: float = Field(default=1, ge=0, le=600)
    max_backoff_hours: float = Field(default=6, gt=0, le=168)
    # the only loopback, private or link-local names, addresses or networks a source or redirect may reach
    allowed_hosts: list[str] = Field(default_factory=list)

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, v: list[str]) -> list[str]:
        for host in v:
            if not re.fullmatch(r"[\w.:\-\[\]/%]+", host):
                raise ValueError(f"{host!r} is not a host name, an address or a network such as 10.0.0.0/8")
        return v


class Alerts(Strict):
    """When an episode becomes a good-offices alert, and how its messages are paced."""

    horizon_days: int = Field(default=30, ge=1, le=365)
    min_confidence: float = Field(default=0.6, ge=0, le=1)
    group_wait_seconds: float = Field(default=10, ge=0, le=3600)
    repeat_hours: float = Field(default=24, gt=0, le=24 * 30)
    ack_link_days: int = Field(default=14, ge=1, le=365)
    expire_undated_days: int = Field(default=30, ge=1, le=365)


class Cases(Strict):
    """The clock of the formal procedure's case files (scenario 7(a)): the Assembly's next session and how
    early the owners of a step are reminded of its due date."""

    next_session: date | None = None  # the day the Assembly's next session opens
    remind_days_before: int = Field(default=2, ge=0, le=30)


class Web(Strict):
    """The web app: public pages, API and feeds, and the desk behind sign-in."""

    enabled: bool = True  # `tracker run` serves it too
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    session_hours: float = Field(default=12, gt=0, le=24 * 30)
    login_attempts: int = Field(default=5, ge=1, le=100)
    public_url: str = "http://127.0.0.1:8000"
    feed_items: int = Field(default=100, ge=1, le=10_000)  # the most recent episodes each public feed holds
    # the reverse proxies whose X-Forwarded-For names the client (none: the connection's address is the client)
    trusted_proxies: list[str] = Field(default_factory=list)

    @field_validator("public_url")
    @classmethod
    def _http(cls, v: str) -> str:
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", v):
            raise ValueError("expected the address people open the web app at, e.g. https://tracker.example.org")
        return v.rstrip("/")


class ReferenceData(Strict):
    """How the reference facts are kept current."""

    # `tracker data check --stale` lists facts whose as-of date is older than this
    stale_after_days: int = Field(default=180, ge=1, le=3650)


class Config(Strict):
    """Everything in config.yaml. `base_dir` (the file's folder) anchors relative paths."""

    data_dir: Path = Path("var")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    database: Database = Database()
    contact: Contact = Contact()
    mail: Mail = Mail()
    recipients: Recipients = Recipients()
    sources: list[Source] = Field(default_factory=list)
    fetch: Fetch = Fetch()
    alerts: Alerts = Alerts()
    web: Web = Web()
    reference: ReferenceData = ReferenceData()
    cases: Cases = Cases()
    base_dir: Path = Field(default=Path("."), exclude=True)
    smtp_password: SecretStr | None = Field(default=None, exclude=True, repr=False)
    secret_key: SecretStr | None = Field(default=None, exclude=True, repr=False)

    @field_validator("sources")
    @classmethod
    def _unique_sources(cls, sources: list[Source]) -> list[Source]:
        seen: set[str] = set()
        for s in sources:
            if s.id in seen:
                raise ValueError(f"source id {s.id!r} is used twice; ids must be unique")
            seen.add(s.id)
        return sources

    @property
    def data_path(self) -> Path:
        return self.data_dir if self.data_dir.is_absolute() else self.base_dir / self.data_dir

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite:///{self.data_path / 'tracker.db'}"


def _reject_secrets(data: Any, path: str = "") -> None:
    """Secrets in the file would end up in backups and commits: refuse them with the variable to use."""
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and SECRET_KEYS.search(key):
                raise ConfigError(
                    f"{where}: secrets are not read from the config file; "
                    "set the environment variable instead (TRACKER_SMTP_PASSWORD for mail, TRACKER_SECRET_KEY "
                    "for acknowledgement links)"
                )
            _reject_secrets(value, where)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            _reject_secrets(item, f"{path}[{i}]")


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith(("function-", "literal[", "union[")):
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _describe(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind, msg = error["type"], error["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        parent = _model_at(model, error["loc"][:-1])
        allowed = ", ".join(parent.model_fields) if parent else "see config.yaml"
        return f"unknown key; expected one of: {allowed}"
    if kind == "missing":
        return "required key is missing"
    got = error.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    return f"{msg} (got {shown})"


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """Walk field annotations along `loc` to name the allowed keys where an unknown key stands."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return None
        ann = field.annotation
        args = getattr(ann, "__args__", ())
        current = next((a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return current


def _env_overrides(data: dict[str, Any]) -> dict[str, Any]:
    env = os.environ
    if env.get("TRACKER_DATA_DIR"):
        data["data_dir"] = env["TRACKER_DATA_DIR"]
    if env.get("TRACKER_DATABASE_URL"):
        data.setdefault("database", {})["url"] = env["TRACKER_DATABASE_URL"]
    if env.get("TRACKER_SMTP_URL"):
        data.setdefault("mail", {})["smtp_url"] = env["TRACKER_SMTP_URL"]
    if env.get("TRACKER_SMTP_PASSWORD"):
        data["smtp_password"] = env["TRACKER_SMTP_PASSWORD"]
    if env.get("TRACKER_SECRET_KEY"):
        data["secret_key"] = env["TRACKER_SECRET_KEY"]
    return data


def parse_config(text: str, origin: str = "config.yaml", base_dir: Path = Path(".")) -> Config:
    """Validate YAML text (plus environment overrides); ConfigError names every bad key."""
    try:
        data = yaml.safe_load(text)
    except RecursionError:
        raise ConfigError(f"{origin}: nested too deeply to be a config") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{origin}: not valid YAML{where}: {getattr(e, 'problem', e)}") from e
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of settings at the top level, got {type(data).__name__}")
    _reject_secrets(data)
    data = _env_overrides(dict(data))
    data["base_dir"] = base_dir
    try:
        return Config.model_validate(data)
    except ValidationError as e:
        lines = [f"{_location(err['loc'])}: {_describe(err, Config)}" for err in e.errors()]
        raise ConfigError(f"{origin} is invalid:\n  " + "\n  ".join(lines)) from None


def config_path(explicit: Path | None = None) -> tuple[Path, bool]:
    """The config file to read and whether the user named it (then it must exist)."""
    if explicit is not None:
        return explicit, True
    if os.environ.get("TRACKER_CONFIG"):
        return Path(os.environ["TRACKER_CONFIG"]), True
    return DEFAULT_PATH, False


def load_config(explicit: Path | None = None) -> Config:
    """Read the config named by --config, $TRACKER_CONFIG or ./config.yaml (defaults when that is absent)."""
    path, named = config_path(explicit)
    if not path.exists():
        if named:
            raise ConfigError(f"{path}: config file not found (set --config or TRACKER_CONFIG to an existing file)")
        return parse_config("", origin="(built-in defaults)", base_dir=Path.cwd())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the config file: {e}") from e
    return parse_config(text, origin=str(path), base_dir=path.resolve().parent)
