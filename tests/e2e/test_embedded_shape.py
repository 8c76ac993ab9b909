"""`commentguard run` on a fresh data directory: the README's first command, for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest
import requests

from tests.conftest import comment
from tests.e2e.stack import COMMENTGUARD, free_port, wait_until

pytestmark = pytest.mark.e2e


def test_run_starts_everything_and_answers_with_a_decision(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COMMENTGUARD_")},
        "COMMENTGUARD_DATA_DIR": str(tmp_path / "data"),
    }
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "run.log"
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
        key = json.loads(created.stdout)["api_key"]

        response = requests.post(
            f"{url}/v1/items?wait=5000",
            json=comment(text="Thanks for the detailed report on the new metro line."),
            headers={"Authorization": f"Bearer {key}"},
            timeout=30,
        )

        assert response.status_code == 200, log_path.read_text()
        body = response.json()
        assert body["decision"]["actor"] == "policy"
        assert body["model_version"] == "seed-1"
        assert (tmp_path / "data" / "commentguard.db").exists()
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        code = run.wait(timeout=60)
    assert code == 0, log_path.read_text()[-3000:]
