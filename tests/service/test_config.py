"""Configuration comes from COMMENTGUARD_* variables; a bad value names the variable."""

from __future__ import annotations

import pytest

from service.config import ConfigError, load_config


def test_defaults_are_the_embedded_shape(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = load_config({"COMMENTGUARD_DATA_DIR": str(tmp_path)})

    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path}/commentguard.db"
    assert config["BROKER_URL"] == "filesystem://"


def test_a_plain_postgresql_url_uses_psycopg() -> None:
    config = load_config({"COMMENTGUARD_DATABASE_URL": "postgresql://u@db:5432/cg"})

    assert config["DATABASE_URL"] == "postgresql+psycopg://u@db:5432/cg"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("COMMENTGUARD_PENDING_TIMEOUT", "soon"),
        ("COMMENTGUARD_MAX_TEXT_LENGTH", "0"),
        ("COMMENTGUARD_DATABASE_URL", "mysql://x"),
        ("COMMENTGUARD_BROKER_URL", "amqp://x"),
        ("COMMENTGUARD_LANGUAGES", "azerbaijani"),
        ("COMMENTGUARD_LOG_LEVEL", "LOUD"),
    ],
)
def test_a_bad_value_fails_naming_its_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_config({name: value})


def test_explicit_overrides_win_over_the_environment() -> None:
    config = load_config({"COMMENTGUARD_WEBHOOK_TIMEOUT": "9"}, {"WEBHOOK_TIMEOUT": 1.0})

    assert config["WEBHOOK_TIMEOUT"] == 1.0
