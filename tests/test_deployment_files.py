"""The deployment files the README points at are valid."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    assert legacy, "neither `docker compose` nor `docker-compose` is installed; run `make test`"
    return [legacy]


def compose_config(**env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "COMMENTGUARD_SECRET_KEY"}
    return subprocess.run(
        [*compose_command(), "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**environ, **env},
    )


def test_compose_file_is_accepted_by_compose() -> None:
    done = compose_config(COMMENTGUARD_SECRET_KEY="s" * 48)

    assert done.returncode == 0, done.stderr


def test_compose_refuses_to_start_without_a_shared_session_secret() -> None:
    done = compose_config()

    assert done.returncode != 0
    assert "COMMENTGUARD_SECRET_KEY" in done.stderr


def test_compose_runs_migrations_before_the_api_and_workers() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]

    for name in ("api", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert services["migrate"]["command"] == ["commentguard", "prepare"]
