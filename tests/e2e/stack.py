"""Real processes for end-to-end tests: the API under gunicorn and Celery workers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

COMMENTGUARD = str(Path(sys.executable).parent / "commentguard")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Stack:
    """An API process and worker processes sharing one configuration (environment variables)."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = {**os.environ, **env}
        self.logs = logs
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        # A new session per process, so a whole worker (main process and pool) can be killed.
        with (self.logs / f"{name}.log").open("ab") as log:
            return subprocess.Popen(
                argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [COMMENTGUARD, *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start_api(self) -> None:
        self.api = self._spawn(
            "api", [COMMENTGUARD, "api", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"]
        )
        wait_until(self._ready, 60, "the API to answer /readyz")

    def _ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/readyz", timeout=10).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            return False

    def start_worker(self) -> subprocess.Popen[bytes]:
        number = len(self.workers)
        worker = self._spawn(
            f"worker-{number}",
            [
                COMMENTGUARD,
                "worker",
                "--concurrency",
                "2",
                "--beat",
                "--schedule",
                str(self.logs / f"beat-{number}"),
            ],
        )
        self.workers.append(worker)
        return worker

    def wait_for_worker(self, api_key: str, timeout: float = 120) -> None:
        """Submit a warm-up comment and wait until a worker has decided it."""
        response = requests.post(
            f"{self.url}/v1/items",
            json={
                "external_id": f"warm-up-{time.monotonic_ns()}",
                "text": "Warm-up comment.",
                "article": {"id": "warm-up"},
            },
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=30,
        )
        item_url = f"{self.url}/v1/items/{response.json()['id']}"

        def decided() -> bool:
            item = requests.get(
                item_url, headers={"Authorization": f"Bearer {api_key}"}, timeout=30
            ).json()
            return item["status"] != "pending"

        wait_until(decided, timeout, "a worker to decide a warm-up comment")

    def kill(self, process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop(self) -> None:
        for process in [*self.workers, *([self.api] if self.api else [])]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers, *([self.api] if self.api else [])]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def log_tail(self, lines: int = 40) -> str:
        out = []
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(out)
