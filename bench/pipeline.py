"""Pipeline benchmark: comments through the real API and worker processes, in each shape.

For each shape (embedded: SQLite and the filesystem broker; production: PostgreSQL and Redis)
it starts the API (gunicorn, 2 processes) and one Celery worker (2 processes), then

1. posts N comments as fast as 16 client threads can (a burst): accepted/s, the time until the
   last is decided (decided/s), and submit-to-decision p50/p99 under that backlog;
2. posts 200 comments one at a time with ?wait=5000: submit-to-decision p50/p99 unloaded.

Usage: python bench/pipeline.py [--shape embedded|production|both] [--count 2000]
Prints a table and writes bench/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ml.training import train_seed_model  # noqa: E402 - after the path set-up above
from tests.conftest import POSTGRES_ADMIN_URL, REDIS_URL, comment, migrated_app  # noqa: E402
from tests.e2e.stack import Stack, wait_until  # noqa: E402

TEXTS = [
    "The minister's budget plan makes no sense for pensioners.",
    "Great goal in the second half, the team finally played together!",
    "WIN 500$ bonus now at 1xbet, promo code WIN500: http://bit.ly/b0nus",
    "you are a brainless idiot, go back to your village",
    "Bu qərar kəndlilər üçün çox ağır olacaq, nazir izah verməlidir.",
    "Цены на бензин снова выросли, а зарплаты стоят на месте.",
    "Bakanın açıklaması hiç inandırıcı değildi, istifa etmeli.",
]


def percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 1)


def burst(stack: Stack, key: str, engine: sa.Engine, count: int) -> dict[str, Any]:
    def post(n: int) -> None:
        response = requests.post(
            f"{stack.url}/v1/items",
            json=comment(external_id=f"burst-{n}", text=f"{TEXTS[n % len(TEXTS)]} #{n}"),
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        )
        assert response.status_code == 202, response.text

    started = time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(post, range(count)))
    accepted = time.perf_counter() - started

    def drained() -> bool:
        with engine.connect() as connection:
            return not connection.scalar(
                sa.text("SELECT count(*) FROM items WHERE status = 'pending'")
            )

    wait_until(drained, 1800, "the burst to be decided")
    drained_after = time.perf_counter() - started
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT created_at, decided_at FROM items WHERE external_id LIKE 'burst-%'")
        ).all()
    latencies = [_ms(created, decided) for created, decided in rows]
    return {
        "comments": count,
        "accepted_per_s": round(count / accepted, 1),
        "decided_per_s": round(count / drained_after, 1),
        "submit_to_decision_ms_p50": percentile(latencies, 50),
        "submit_to_decision_ms_p99": percentile(latencies, 99),
    }


def _ms(created: Any, decided: Any) -> float:
    from datetime import datetime

    if isinstance(created, str):
        created, decided = datetime.fromisoformat(created), datetime.fromisoformat(decided)
    return (decided - created).total_seconds() * 1000


def unloaded(stack: Stack, key: str, count: int = 200) -> dict[str, Any]:
    round_trips = []
    for n in range(count):
        started = time.perf_counter()
        response = requests.post(
            f"{stack.url}/v1/items?wait=5000",
            json=comment(external_id=f"single-{n}", text=TEXTS[n % len(TEXTS)]),
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        )
        round_trips.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return {
        "comments": count,
        "submit_to_decision_ms_p50": percentile(round_trips, 50),
        "submit_to_decision_ms_p99": percentile(round_trips, 99),
    }


def run_shape(shape: str, count: int, trained: Any, folder: Path) -> dict[str, Any]:
    if shape == "embedded":
        database_url = f"sqlite:///{folder / 'commentguard.db'}"
        broker_url = "filesystem://"
        admin = None
    else:
        admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        name = f"commentguard_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        database_url = admin.url.set(database=name).render_as_string(hide_password=False)
        broker_url = REDIS_URL
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    config = {"DATA_DIR": str(folder), "DATABASE_URL": database_url, "BROKER_URL": broker_url}
    app = migrated_app(config, trained)
    with app.app_context():
        from service.db import db

        db.engine.dispose()
    stack = Stack(
        {
            "COMMENTGUARD_DATA_DIR": str(folder),
            "COMMENTGUARD_DATABASE_URL": database_url,
            "COMMENTGUARD_BROKER_URL": broker_url,
            "COMMENTGUARD_LOG_LEVEL": "WARNING",
            "COMMENTGUARD_PENDING_TIMEOUT": "600",
        },
        folder,
    )
    engine = sa.create_engine(database_url)
    try:
        stack.start_api()
        stack.start_worker()
        key = json.loads(stack.cli("sites", "create", "bench", "--json"))["api_key"]
        stack.wait_for_worker(key)
        unloaded_result = unloaded(stack, key)
        burst_result = burst(stack, key, engine, count)
    finally:
        stack.stop()
        engine.dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return {"shape": shape, "burst": burst_result, "one_at_a_time": unloaded_result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=["embedded", "production", "both"], default="both")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args()
    shapes = ["embedded", "production"] if args.shape == "both" else [args.shape]

    print("training the seed model…", file=sys.stderr)
    trained = train_seed_model()
    results = []
    for shape in shapes:
        print(f"running the {shape} shape with {args.count} comments…", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix=f"cg-bench-{shape}-") as folder:
            results.append(run_shape(shape, args.count, trained, Path(folder)))

    print(
        f"{'shape':<11} {'accepted/s':>10} {'decided/s':>10} {'burst p50':>10} {'burst p99':>10}"
        f" {'single p50':>11} {'single p99':>11}"
    )
    for r in results:
        b, s = r["burst"], r["one_at_a_time"]
        print(
            f"{r['shape']:<11} {b['accepted_per_s']:>10} {b['decided_per_s']:>10} "
            f"{b['submit_to_decision_ms_p50']:>8}ms {b['submit_to_decision_ms_p99']:>8}ms "
            f"{s['submit_to_decision_ms_p50']:>9}ms {s['submit_to_decision_ms_p99']:>9}ms"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    args.out.write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    print(f"written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
