"""The processes of a deployment, and the embedded supervisor behind ``commentguard run``."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

import click
from flask import current_app
from flask_migrate import upgrade

from service.extensions import MIGRATIONS_DIR


def api_argv(bind: str, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--graceful-timeout",
        "10",
        # ?wait can hold a request for 5 s; leave room above it.
        "--timeout",
        "30",
        "--access-logfile",
        "-",
        # Several APIs may share a machine (tests, staging); none needs gunicorn's control socket.
        "--no-control-socket",
        "service.wsgi:app",
    ]


def worker_argv(concurrency: int, beat: bool, schedule: Path | None = None) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "worker",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        str(concurrency),
        "--without-gossip",
        "--without-mingle",
    ]
    if beat:
        data_dir = (
            Path(current_app.config["COMMENTGUARD"]["DATA_DIR"]) if schedule is None else None
        )
        argv += ["--beat", "--schedule", str(schedule or data_dir / "celerybeat-schedule")]
    return argv


def beat_argv() -> list[str]:
    return [sys.executable, "-m", "worker", "beat", "--loglevel", "INFO"]


def prepare() -> None:
    """Bring the database schema up to date and make sure a model is active."""
    from service.classifier.services import active_version
    from service.cli import train_and_register

    upgrade(directory=MIGRATIONS_DIR)
    if active_version() is None:
        click.echo("No active model: training the default model from the seed corpus…", err=True)
        version = train_and_register(activate=True)
        click.echo(f"Model {version.name} is active.", err=True)


MAX_WORKER_RESTARTS = 5
RESTART_WINDOW = 300.0


def run_embedded(host: str, port: int, workers: int, concurrency: int) -> int:
    """Run the API and one worker (with the sweeper's schedule) until Ctrl-C.

    A worker that dies is started again (up to MAX_WORKER_RESTARTS in RESTART_WINDOW seconds);
    if the API stops, or the worker keeps dying, everything stops.
    """
    config = current_app.config["COMMENTGUARD"]
    prepare()
    data_dir = Path(config["DATA_DIR"])
    worker_command = worker_argv(concurrency, beat=True, schedule=data_dir / "celerybeat-schedule")
    children = {
        "worker": subprocess.Popen(worker_command),
        "api": subprocess.Popen(api_argv(f"{host}:{port}", workers, threads=8)),
    }
    restarts: list[float] = []
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(
        f"commentguard is running at http://{host}:{port} "
        f"(data in {data_dir}, database {config['DATABASE_URL'].split(':')[0]}).\n"
        "Create a site with: commentguard sites create NAME. Stop with Ctrl-C.",
        err=True,
    )
    exit_code = 0
    while not stopping:
        for name, child in list(children.items()):
            code = child.poll()
            if code is None:
                continue
            now = time.monotonic()
            restarts = [t for t in restarts if now - t < RESTART_WINDOW]
            if name == "worker" and len(restarts) < MAX_WORKER_RESTARTS:
                # Work in flight is not lost: unacknowledged tasks return to the broker and
                # the sweeper resends anything left pending.
                click.echo(f"worker stopped with exit code {code}; starting it again.", err=True)
                restarts.append(now)
                children["worker"] = subprocess.Popen(worker_command)
                continue
            click.echo(f"{name} stopped with exit code {code}; stopping the rest.", err=True)
            exit_code = code or 1
            stopping = True
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 20
    for child in children.values():
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            child.kill()
    return exit_code
