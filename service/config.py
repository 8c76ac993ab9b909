"""Configuration: defaults, then ``COMMENTGUARD_*`` environment variables, then explicit overrides.

Every value is validated once, at start; a bad value fails fast with a message that names the
variable, so an operator knows what to fix.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PREFIX = "COMMENTGUARD_"


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the variable."""


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{PREFIX}{name} must be greater than 0, got {value}")
    return value


def _positive_float(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{PREFIX}{name} must be greater than 0, got {value}")
    return value


def _database_url(name: str, raw: str) -> str:
    if not raw.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
        raise ConfigError(
            f"{PREFIX}{name} must be a sqlite:/// or postgresql:// URL, got {raw.split(':')[0]!r}"
        )
    if raw.startswith(("postgres:", "postgresql:")):
        # psycopg 3 is the driver we ship; a plain postgresql:// URL means it.
        raw = "postgresql+psycopg:" + raw.split(":", 1)[1]
    return raw


def _broker_url(name: str, raw: str) -> str:
    if not raw.startswith(("redis://", "rediss://", "filesystem://", "memory://")):
        raise ConfigError(
            f"{PREFIX}{name} must be redis://host:port/db, filesystem:// (embedded) or memory://"
        )
    return raw


def _languages(name: str, raw: str) -> tuple[str, ...]:
    codes = tuple(code.strip().lower() for code in raw.split(",") if code.strip())
    if not codes or any(not (2 <= len(code) <= 3 and code.isalpha()) for code in codes):
        raise ConfigError(f"{PREFIX}{name} must be ISO 639-1 codes separated by commas, e.g. az,ru")
    return codes


def _log_level(name: str, raw: str) -> str:
    level = raw.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"{PREFIX}{name} must be one of DEBUG, INFO, WARNING, ERROR")
    return level


def _text(name: str, raw: str) -> str:
    return raw


def _bool(name: str, raw: str) -> bool:
    value = raw.lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{PREFIX}{name} must be true or false")


def _secret_key(name: str, raw: str) -> str:
    if len(raw) < 32:
        raise ConfigError(
            f"{PREFIX}{name} must be at least 32 characters; generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )
    return raw


@dataclass(frozen=True)
class Setting:
    name: str
    parse: Callable[[str, str], Any]
    default: Callable[[dict[str, Any]], Any]
    help: str


def _default_data_dir(_: dict[str, Any]) -> str:
    return str(Path.cwd() / ".commentguard")


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA_DIR", _text, _default_data_dir, "Where the embedded shape keeps its files."),
    Setting(
        "DATABASE_URL",
        _database_url,
        lambda c: f"sqlite:///{Path(c['DATA_DIR']) / 'commentguard.db'}",
        "SQLAlchemy URL of the database (SQLite or PostgreSQL).",
    ),
    Setting(
        "BROKER_URL",
        _broker_url,
        lambda c: "filesystem://",
        "Celery broker: filesystem:// (embedded, under DATA_DIR) or redis://.",
    ),
    Setting(
        "MAX_TEXT_LENGTH", _positive_int, lambda c: 10_000, "Longest accepted text, in characters."
    ),
    Setting("MAX_BODY_BYTES", _positive_int, lambda c: 64 * 1024, "Largest accepted request body."),
    Setting(
        "PENDING_TIMEOUT",
        _positive_float,
        lambda c: 120.0,
        "Seconds an item may wait in the queue before the sweeper sends it again.",
    ),
    Setting("SWEEP_INTERVAL", _positive_float, lambda c: 30.0, "Seconds between two sweeper runs."),
    Setting(
        "WEBHOOK_TIMEOUT", _positive_float, lambda c: 5.0, "Seconds to wait for the host site."
    ),
    Setting(
        "WEBHOOK_MAX_ATTEMPTS",
        _positive_int,
        lambda c: 10,
        "Attempts before a webhook delivery is given up.",
    ),
    Setting(
        "WEBHOOK_BACKOFF",
        _positive_float,
        lambda c: 15.0,
        "Seconds before the first webhook retry; each retry waits twice as long.",
    ),
    Setting("LANGUAGES", _languages, lambda c: ("az", "ru", "en", "tr"), "Languages to detect."),
    Setting("LOG_LEVEL", _log_level, lambda c: "INFO", "DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "SECRET_KEY",
        _secret_key,
        lambda c: None,
        "Signs moderator sessions; every API process needs the same one. Default: a key made "
        "once and kept in DATA_DIR/secret_key.",
    ),
    Setting(
        "SECURE_COOKIES",
        _bool,
        lambda c: True,
        "Send the moderator session cookie over HTTPS only (localhost counts as secure).",
    ),
    Setting(
        "LOGIN_MAX_FAILURES",
        _positive_int,
        lambda c: 5,
        "Failed sign-ins in a row that lock a moderator account.",
    ),
    Setting("LOGIN_LOCKOUT_MINUTES", _positive_float, lambda c: 15.0, "How long a lock-out lasts."),
    Setting(
        "GATE_TOLERANCE",
        _positive_float,
        lambda c: 0.01,
        "How much lower a candidate's ROC AUC or PR AUC may be (confidently) before the "
        "promotion gate refuses it.",
    ),
    Setting(
        "UNDO_SECONDS",
        _positive_float,
        lambda c: 60.0,
        "How long a moderator may undo their last decision.",
    ),
)


def load_config(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Resolve every setting; raise ConfigError naming the first bad variable."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    resolved: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            resolved[setting.name] = overrides.pop(setting.name)
            continue
        raw = environ.get(PREFIX + setting.name)
        if raw is None or raw.strip() == "":
            resolved[setting.name] = setting.default(resolved)
        else:
            resolved[setting.name] = setting.parse(setting.name, raw.strip())
    resolved.update(overrides)
    return resolved


def broker_transport_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Transport options for the broker; the embedded one keeps its folder in DATA_DIR."""
    url = config["BROKER_URL"]
    if url.startswith("filesystem://"):
        folder = Path(config["DATA_DIR"]) / "broker"
        folder.mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(folder / "control"),
            "polling_interval": 0.05,
        }
    if url.startswith(("redis://", "rediss://")):
        # Longer than any countdown we schedule, so a delayed retry is not delivered twice.
        return {"visibility_timeout": 3600}
    return {}
