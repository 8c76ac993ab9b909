"""The production shape for real: PostgreSQL, Redis, gunicorn and Celery worker processes."""

from __future__ import annotations

import json
import signal
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from ml.training import TrainedModel
from service.webhooks.signing import verify
from tests.conftest import comment, migrated_app
from tests.e2e.stack import Stack, wait_until
from tests.webhook_receiver import WebhookReceiver

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def stack(
    postgres_url: str, redis_url: str, tmp_path: Path, seed_model: TrainedModel
) -> Iterator[Stack]:
    config = {"DATA_DIR": str(tmp_path), "DATABASE_URL": postgres_url, "BROKER_URL": redis_url}
    app = migrated_app(config, seed_model)
    with app.app_context():
        from service.db import db

        db.engine.dispose()
    env = {
        "COMMENTGUARD_DATA_DIR": str(tmp_path),
        "COMMENTGUARD_DATABASE_URL": postgres_url,
        "COMMENTGUARD_BROKER_URL": redis_url,
        "COMMENTGUARD_PENDING_TIMEOUT": "3",
        "COMMENTGUARD_SWEEP_INTERVAL": "1",
        "COMMENTGUARD_WEBHOOK_BACKOFF": "0.3",
        "COMMENTGUARD_LOG_LEVEL": "WARNING",
    }
    stack = Stack(env, tmp_path)
    try:
        yield stack
    finally:
        stack.stop()


def create_site(stack: Stack, name: str, webhook: str | None = None) -> dict:
    args = ["sites", "create", name, "--json"] + (["--webhook", webhook] if webhook else [])
    return json.loads(stack.cli(*args))


def post_many(stack: Stack, key: str, count: int, threads: int = 20) -> list[str]:
    texts = [
        "The minister's budget plan makes no sense for pensioners.",
        "Great goal in the second half, the team finally played together!",
        "WIN 500$ bonus now at 1xbet, promo code WIN500: http://bit.ly/b0nus",
        "you are a brainless idiot, go back to your village",
    ]

    def post(n: int) -> str:
        response = requests.post(
            f"{stack.url}/v1/items",
            json=comment(external_id=f"c-{n}", text=f"{texts[n % len(texts)]} #{n}"),
            headers={"Authorization": f"Bearer {key}"},
            timeout=30,
        )
        assert response.status_code == 202, response.text
        return response.json()["id"]

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(post, range(count)))


def pending(database: sa.Engine) -> int:
    with database.connect() as connection:
        return connection.scalar(sa.text("SELECT count(*) FROM items WHERE status = 'pending'"))


def decisions_per_item(database: sa.Engine) -> Counter[str]:
    with database.connect() as connection:
        rows = connection.execute(sa.text("SELECT item_id FROM decisions")).all()
    return Counter(str(row[0]) for row in rows)


def test_200_concurrent_comments_each_get_exactly_one_decision(
    stack: Stack, database: sa.Engine
) -> None:
    stack.start_api()
    stack.start_worker()
    key = create_site(stack, "news")["api_key"]

    ids = post_many(stack, key, 200)

    wait_until(lambda: pending(database) == 0, 180, "every item to be decided")
    assert len(set(ids)) == 200
    per_item = decisions_per_item(database)
    assert set(per_item) == set(ids)
    assert set(per_item.values()) == {1}


def test_a_decision_is_read_back_through_the_api(stack: Stack) -> None:
    stack.start_api()
    stack.start_worker()
    key = create_site(stack, "news")["api_key"]
    stack.wait_for_worker(key)

    response = requests.post(
        f"{stack.url}/v1/items?wait=5000",
        json=comment(external_id="c-1"),
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )

    assert response.status_code == 200, stack.log_tail()
    assert response.json()["decision"]["actor"] == "policy"
    found = requests.get(
        f"{stack.url}/v1/items?external_id=c-1",
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    ).json()["items"]
    assert [item["id"] for item in found] == [response.json()["id"]]


def test_worker_killed_mid_flight_loses_and_duplicates_nothing(
    stack: Stack, database: sa.Engine
) -> None:
    stack.start_api()
    key = create_site(stack, "news")["api_key"]
    ids = post_many(stack, key, 300)
    worker = stack.start_worker()
    wait_until(lambda: pending(database) < 300, 120, "the worker to decide a first item")

    stack.kill(worker, signal.SIGKILL)
    left = pending(database)
    assert left > 0, "every item was decided before the kill; nothing was in flight"

    stack.start_worker()
    wait_until(lambda: pending(database) == 0, 180, "every item to be decided after restart")
    per_item = decisions_per_item(database)
    assert set(per_item) == set(ids)
    assert set(per_item.values()) == {1}


def test_webhook_receiver_down_at_first_gets_each_event_once(
    stack: Stack, database: sa.Engine
) -> None:
    with WebhookReceiver(fail_first=2) as receiver:
        stack.start_api()
        stack.start_worker()
        site = create_site(stack, "news", webhook=receiver.url)

        ids = post_many(stack, site["api_key"], 10, threads=5)

        wait_until(lambda: len(receiver.delivered()) >= 10, 120, "every event to be delivered")
        # Time for any duplicate to show up.
        wait_until(lambda: pending(database) == 0, 30, "every item to be decided")
        delivered = receiver.delivered()

    event_ids = Counter(r.headers["Commentguard-Event-Id"] for r in delivered)
    assert len(event_ids) == 10 and set(event_ids.values()) == {1}
    assert {r.event["data"]["id"] for r in delivered} == set(ids)
    for request in delivered:
        assert verify(
            site["webhook_secret"], request.body, request.headers["Commentguard-Signature"]
        )
    failed_first = Counter(r.headers["Commentguard-Event-Id"] for r in receiver.received)
    assert set(failed_first.values()) == {3}
