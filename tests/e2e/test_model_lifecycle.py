"""Retrain, promote and roll back on the production shape, with two worker processes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from ml.training import TrainedModel
from tests.conftest import comment, migrated_app
from tests.e2e.stack import Stack, wait_until
from tests.e2e.test_production_shape import create_site

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def stack(
    postgres_url: str, redis_url: str, tmp_path: Path, seed_model: TrainedModel
) -> Iterator[Stack]:
    app = migrated_app(
        {"DATA_DIR": str(tmp_path), "DATABASE_URL": postgres_url, "BROKER_URL": redis_url},
        seed_model,
    )
    with app.app_context():
        from service.db import db

        db.engine.dispose()
    stack = Stack(
        {
            "COMMENTGUARD_DATA_DIR": str(tmp_path),
            "COMMENTGUARD_DATABASE_URL": postgres_url,
            "COMMENTGUARD_BROKER_URL": redis_url,
            "COMMENTGUARD_SECRET_KEY": "e2e-" + "s" * 40,
            "COMMENTGUARD_LOG_LEVEL": "WARNING",
        },
        tmp_path,
    )
    try:
        yield stack
    finally:
        stack.stop()


class Ops:
    """An admin driving the /v1/models API."""

    def __init__(self, stack: Stack) -> None:
        stack.cli("moderators", "create", "ops", "--admin", "--password", "ops-password-1")
        token = stack.cli("moderators", "token", "ops").strip()
        self.url = f"{stack.url}/v1/models"
        self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: dict | None = None) -> requests.Response:
        return requests.post(f"{self.url}{path}", json=body or {}, headers=self.headers, timeout=60)

    def get(self, path: str) -> dict:
        response = requests.get(f"{self.url}{path}", headers=self.headers, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def train(self) -> str:
        response = self.post("/train")
        assert response.status_code == 202, response.text
        job_id = response.json()["id"]

        def finished() -> bool:
            return self.get(f"/jobs/{job_id}")["status"] in {"succeeded", "failed"}

        wait_until(finished, 300, "the training job to finish")
        job = self.get(f"/jobs/{job_id}")
        assert job["status"] == "succeeded", job["error"]
        assert job["steps_done"] == job["steps_total"]
        return job["model"]

    def active(self) -> str:
        [active] = [m["name"] for m in self.get("")["models"] if m["status"] == "active"]
        return active


def submit(stack: Stack, key: str, prefix: str, count: int) -> list[str]:
    ids = []
    for n in range(count):
        response = requests.post(
            f"{stack.url}/v1/items",
            json=comment(external_id=f"{prefix}-{n}", text=f"Comment {n} on the vote, {prefix}."),
            headers={"Authorization": f"Bearer {key}"},
            timeout=30,
        )
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    return ids


def scoring_versions(database: sa.Engine, ids: list[str]) -> dict[str, str]:
    """item id -> name of the model version whose (acting) score decided it."""
    with database.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT s.item_id, m.name FROM scores s JOIN model_versions m "
                "ON m.id = s.model_version_id WHERE NOT s.shadow"
            )
        ).all()
    by_item = {str(item_id): name for item_id, name in rows}
    return {item_id: by_item.get(item_id, "") for item_id in ids}


def all_decided(database: sa.Engine, ids: list[str]) -> bool:
    return all(scoring_versions(database, ids).values())


def tasks_done_by_each_worker(stack: Stack) -> list[int]:
    return [
        (stack.logs / f"worker-{n}.log").read_text(errors="replace").count("moderate_item[")
        for n in range(len(stack.workers))
    ]


def test_both_workers_switch_versions_on_promotion_and_rollback_without_restart(
    stack: Stack, database: sa.Engine
) -> None:
    stack.start_api()
    stack.start_worker()
    stack.start_worker()
    key = create_site(stack, "news")["api_key"]
    ops = Ops(stack)
    base = ops.active()
    before = submit(stack, key, "before", 20)
    wait_until(lambda: all_decided(database, before), 120, "the first batch to be decided")

    candidate = ops.train()
    shown = ops.get(f"/{candidate}")
    assert shown["status"] == "candidate"
    assert shown["facts"]["comparison"]["against"] == base
    promoted = ops.post(f"/{candidate}/promote")
    assert promoted.status_code == 200, promoted.text
    marks = tasks_done_by_each_worker(stack)
    after_promotion = submit(stack, key, "promoted", 40)
    wait_until(lambda: all_decided(database, after_promotion), 120, "the second batch")
    ran_since = [
        now - then for now, then in zip(tasks_done_by_each_worker(stack), marks, strict=True)
    ]

    rolled_back = ops.post("/rollback", {"reason": "checking the way back"})
    assert rolled_back.status_code == 200, rolled_back.text
    after_rollback = submit(stack, key, "rolled-back", 20)
    wait_until(lambda: all_decided(database, after_rollback), 120, "the third batch")

    assert set(scoring_versions(database, before).values()) == {base}
    assert set(scoring_versions(database, after_promotion).values()) == {candidate}
    assert all(count > 0 for count in ran_since), (ran_since, stack.log_tail())
    assert set(scoring_versions(database, after_rollback).values()) == {base}
    assert ops.active() == base


def test_no_item_is_scored_by_a_version_that_was_never_active(
    stack: Stack, database: sa.Engine
) -> None:
    stack.start_api()
    stack.start_worker()
    stack.start_worker()
    key = create_site(stack, "news")["api_key"]
    ops = Ops(stack)
    candidate = ops.train()
    shadowed = ops.post(f"/{candidate}/shadow", {"enabled": True})
    assert shadowed.status_code == 200, shadowed.text

    ids = submit(stack, key, "c", 30)
    wait_until(lambda: all_decided(database, ids), 120, "every item to be decided")
    time.sleep(0.5)

    with database.connect() as connection:
        acting = connection.execute(
            sa.text(
                "SELECT DISTINCT m.name, m.activated_at IS NOT NULL FROM scores s "
                "JOIN model_versions m ON m.id = s.model_version_id WHERE NOT s.shadow"
            )
        ).all()
        shadow_scores = connection.scalar(
            sa.text(
                "SELECT count(*) FROM scores s JOIN model_versions m "
                "ON m.id = s.model_version_id WHERE s.shadow AND m.name = :name"
            ),
            {"name": candidate},
        )
    assert [name for name, _ in acting] == [ops.active()]
    assert all(was_active for _, was_active in acting)
    assert shadow_scores == len(ids)
    agreement = ops.get(f"/{candidate}/agreement")
    assert agreement["items"] == len(ids)
