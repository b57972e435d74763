"""config.yaml: every kind of mistake stops the program with the key's path and what is expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, run_tracker
from tracker.config import Config, load_config, parse_config
from tracker.errors import ConfigError

SHIPPED = (ROOT / "config.yaml").read_text(encoding="utf-8")


def with_change(path: str, value) -> str:
    """The shipped config with one key (dotted path, [i] for list items) set to `value`."""
    data = yaml.safe_load(SHIPPED)
    node, keys = data, path.split(".")
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[keys[-1]] = value
    return yaml.safe_dump(data)


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    return str(caught.value)


def test_shipped_config_is_valid_and_routes_every_group():
    cfg = parse_config(SHIPPED)
    assert cfg.recipients.president
    assert set(cfg.recipients.focal_points) == {
        "African",
        "Asia-Pacific",
        "Eastern European",
        "Latin American and Caribbean",
        "Western European and Others",
    }
    assert cfg.database_url.endswith("var/tracker.db")


MISTAKES = [
    # (what is wrong, YAML text, the key path named, what is expected)
    (
        "misspelt top-level key",
        SHIPPED + "\ndata_dri: x\n",
        "data_dri",
        "unknown key; expected one of: data_dir",
    ),
    ("misspelt nested key", with_change("web.prot", 8000), "web.prot", "expected one of: enabled, host, port"),
    ("wrong type", with_change("web.port", "eighty"), "web.port", "valid integer"),
    ("out of range", with_change("web.port", 70000), "web.port", "less than or equal to 65535"),
    ("bad choice", with_change("log_level", "LOUD"), "log_level", "'DEBUG', 'INFO', 'WARNING' or 'ERROR'"),
    ("bad email", with_change("mail.from_address", "nobody"), "mail.from_address", "not an email address"),
    ("bad SMTP URL", with_change("mail.smtp_url", "http://mail"), "mail.smtp_url", "smtp://host:port"),
    ("bad database URL", with_change("database.url", "mysql://x/y"), "database.url", "postgresql://"),
    (
        "unknown regional group",
        with_change("recipients.focal_points", {"Europe": []}),
        "recipients.focal_points",
        "unknown regional group 'Europe'",
    ),
    (
        "confidence above 1",
        with_change("alerts.min_confidence", 1.5),
        "alerts.min_confidence",
        "less than or equal to 1",
    ),
    (
        "source with a non-http URL",
        with_change("sources", [{"id": "a", "kind": "feed", "url": "ftp://x"}]),
        "sources[0].url",
        "http:// or https://",
    ),
    (
        "source of an unknown kind",
        with_change("sources", [{"id": "a", "kind": "telepathy", "url": "http://x"}]),
        "sources[0].kind",
        "'feed', 'search', 'gdelt', 'official' or 'court'",
    ),
    (
        "source without a url",
        with_change("sources", [{"id": "a", "kind": "feed"}]),
        "sources[0].url",
        "required key is missing",
    ),
    (
        "duplicate source ids",
        with_change(
            "sources",
            [{"id": "a", "kind": "feed", "url": "http://x"}, {"id": "a", "kind": "feed", "url": "http://y"}],
        ),
        "sources",
        "source id 'a' is used twice",
    ),
    (
        "recipient without email",
        with_change("recipients.president", [{"name": "x"}]),
        "recipients.president[0].email",
        "required key is missing",
    ),
    ("a section given as a list", with_change("web", [1, 2]), "web", "valid dictionary"),
]


@pytest.mark.parametrize(("what", "text", "path", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_names_the_key_and_what_is_expected(what, text, path, expected):
    message = error_of(text)
    assert f"\n  {path}: " in message, message
    assert expected in message, message


def test_yaml_syntax_error_gives_line_and_column():
    message = error_of("web:\n  port: [8000\n")
    assert "not valid YAML at line 3" in message


def test_top_level_must_be_a_mapping():
    assert "expected a mapping of settings at the top level, got list" in error_of("- a\n- b\n")


@pytest.mark.parametrize("key", ["password", "smtp_password", "api_key", "token"])
def test_secrets_in_the_file_are_refused_with_the_variable_to_use(key):
    message = error_of(with_change(f"mail.{key}", "hunter2"))
    assert f"mail.{key}: secrets are not read from the config file" in message
    assert "TRACKER_SMTP_PASSWORD" in message
    assert "hunter2" not in message


def test_every_error_is_reported_at_once():
    text = with_change("web.port", 0).replace("log_level: INFO", "log_level: LOUD")
    message = error_of(text)
    assert "web.port:" in message and "log_level:" in message


def test_environment_overrides_win_and_the_password_is_never_shown(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("TRACKER_SMTP_URL", "smtps://mail.example.org:465")
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", "s3cret-value")
    cfg = parse_config(SHIPPED)
    assert cfg.data_path == tmp_path / "data"
    assert cfg.database_url == "postgresql://u@h/db"
    assert cfg.mail.smtp_url == "smtps://mail.example.org:465"
    assert cfg.smtp_password.get_secret_value() == "s3cret-value"
    assert "s3cret-value" not in repr(cfg) and "s3cret-value" not in cfg.model_dump_json()


def test_bad_environment_override_is_named_like_a_key(monkeypatch):
    monkeypatch.setenv("TRACKER_SMTP_URL", "mail.example.org")
    assert "mail.smtp_url:" in error_of(SHIPPED)


def test_relative_data_dir_is_taken_from_the_config_files_folder(tmp_path, monkeypatch):
    (tmp_path / "conf").mkdir()
    path = tmp_path / "conf" / "config.yaml"
    path.write_text("data_dir: state\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_DATA_DIR", raising=False)
    assert load_config(path).data_path == tmp_path / "conf" / "state"


def test_named_config_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CONFIG", str(tmp_path / "missing.yaml"))
    with pytest.raises(ConfigError, match="config file not found"):
        load_config()


def test_without_any_config_file_the_defaults_apply(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    monkeypatch.delenv("TRACKER_DATA_DIR", raising=False)
    cfg = load_config()
    assert cfg.data_path == tmp_path / "var"
    assert cfg.web.port == 8000


def test_shipped_config_documents_every_setting():
    """Every key of the model appears in the shipped config.yaml, so users can see what exists."""
    shipped = yaml.safe_load(SHIPPED)

    def walk(model: type, node: dict, prefix: str) -> list[str]:
        missing = []
        for name, field in model.model_fields.items():
            if field.exclude:
                continue
            if name not in node:
                missing.append(prefix + name)
            elif hasattr(field.annotation, "model_fields") and isinstance(node[name], dict):
                missing += walk(field.annotation, node[name], f"{prefix}{name}.")
        return missing

    assert walk(Config, shipped, "") == []


def test_check_config_command_exits_2_with_the_path(tmp_path):
    bad = tmp_path / "config.yaml"
    bad.write_text(with_change("web.port", -1))
    result = run_tracker("check-config", "--config", str(bad))
    assert result.returncode == 2
    assert "web.port:" in result.stderr and "Traceback" not in result.stderr
    good = run_tracker("check-config", "--config", str(ROOT / "config.yaml"))
    assert good.returncode == 0, good.stderr
    assert "config ok" in good.stdout


def test_config_path_in_message_is_the_file(tmp_path: Path):
    bad = tmp_path / "my.yaml"
    bad.write_text("web: {port: x}\n")
    with pytest.raises(ConfigError, match=r"my\.yaml is invalid"):
        load_config(bad)
