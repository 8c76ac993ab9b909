"""The embedded broker writes each message whole before a reader can see it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from kombu.exceptions import ChannelError

from service.app import create_app
from service.embedded_broker import Transport


def embedded_app(tmp_path: Path) -> Flask:
    return create_app({"DATA_DIR": str(tmp_path), "BROKER_URL": "filesystem://"})


def test_the_embedded_shape_uses_the_atomic_transport(tmp_path: Path) -> None:
    celery = embedded_app(tmp_path).extensions["celery"]

    with celery.connection_for_write() as connection:
        assert isinstance(connection.transport, Transport)


def test_a_message_put_is_read_back_whole(tmp_path: Path) -> None:
    celery = embedded_app(tmp_path).extensions["celery"]

    with celery.connection_for_write() as connection:
        connection.default_channel._put("jobs", {"id": "42", "body": "x" * 100_000})
        message = connection.default_channel._get("jobs")

    assert message == {"id": "42", "body": "x" * 100_000}


def test_a_failed_write_leaves_nothing_a_reader_can_take(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    celery = embedded_app(tmp_path).extensions["celery"]
    broker = tmp_path / "broker"

    def refuse(source: str, target: str) -> None:
        raise OSError("disk full")

    with celery.connection_for_write() as connection:
        monkeypatch.setattr(os, "replace", refuse)
        with pytest.raises(ChannelError):
            connection.default_channel._put("jobs", {"id": "1"})

    assert [name for name in os.listdir(broker) if name.endswith(".msg")] == []
    assert [name for name in os.listdir(broker) if name.startswith(".draft")] == []
