"""`commentguard run` on a fresh data directory: the README's first command, for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.conftest import comment
from tests.e2e.stack import COMMENTGUARD, free_port, wait_until

pytestmark = pytest.mark.e2e


@dataclass
class Running:
    url: str
    key: str
    data: Path
    log: Path
    process: subprocess.Popen[bytes]

    def decide(self, text: str) -> requests.Response:
        return requests.post(
            f"{self.url}/v1/items?wait=5000",
            json=comment(text=text),
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=30,
        )

    def children(self) -> list[tuple[int, str]]:
        """(pid, command line) of the processes `commentguard run` started."""
        found = []
        pids = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        for pid in pids.split():
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
            found.append((int(pid), raw.replace(b"\0", b" ").decode(errors="replace")))
        return found


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("embedded")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COMMENTGUARD_")},
        "COMMENTGUARD_DATA_DIR": str(folder / "data"),
    }
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = folder / "run.log"
    with log_path.open("wb") as log:
        run = subprocess.Popen(
            [COMMENTGUARD, "run", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:

        def ready() -> bool:
            try:
                return requests.get(f"{url}/readyz", timeout=5).status_code == 200
            except (requests.ConnectionError, requests.Timeout):
                return False

        wait_until(ready, 240, "commentguard run to become ready")
        created = subprocess.run(
            [COMMENTGUARD, "sites", "create", "demo", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        yield Running(url, json.loads(created.stdout)["api_key"], folder / "data", log_path, run)
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        code = run.wait(timeout=60)
    assert code == 0, log_path.read_text()[-3000:]


def test_run_starts_everything_and_answers_with_a_decision(running: Running) -> None:
    response = running.decide("Thanks for the detailed report on the new metro line.")

    assert response.status_code == 200, running.log.read_text()
    body = response.json()
    assert body["decision"]["actor"] == "policy"
    assert body["model_version"] == "seed-1"
    assert (running.data / "commentguard.db").exists()


def test_a_worker_that_dies_is_started_again(running: Running) -> None:
    [(worker, _)] = [(pid, cmd) for pid, cmd in running.children() if " -m worker " in cmd]

    os.kill(worker, signal.SIGKILL)
    wait_until(
        lambda: any(" -m worker " in cmd and pid != worker for pid, cmd in running.children()),
        30,
        "a new worker process",
    )
    response = running.decide("The council finally fixed the bridge lights on our street.")
    item_url = f"{running.url}/v1/items/{response.json()['id']}"
    headers = {"Authorization": f"Bearer {running.key}"}

    def decided() -> bool:
        return requests.get(item_url, headers=headers, timeout=10).json()["status"] != "pending"

    # The new worker needs a few seconds to start; the comment waits for it in the broker.
    wait_until(decided, 90, "the restarted worker to decide the comment")
    assert "starting it again" in running.log.read_text()
