"""Feedback benchmark: how much a new site's own moderator decisions improve its model.

It plays a new site whose comments the base model never learned from, through the real
processes (the API under gunicorn, one Celery worker, on a fresh embedded stack: SQLite and the
filesystem broker, in a temporary folder):

1. ``commentguard prepare`` trains the base model (the seed recipe); a site, an admin and a
   moderator are created, and the site's policy is set to hold much of the stream;
2. a labelled toxicity set (OLID by default), read with ``ml.datasets``, deduplicated and
   shuffled with a fixed seed, is cut into a stream (posted to ``/v1/items`` in chunks) and a
   later, separate evaluation set (never submitted);
3. a simulated moderator works the held queue (``/v1/queue``, oldest first) and decides each
   item from its gold label: toxic is rejected as ``toxic``, anything else approved;
4. every K decisions an admin asks for a training job (``/v1/models/train``), follows it, and
   promotes the candidate through the gate (never forced; a refusal is recorded and the active
   model kept);
5. after each round (and before the first) the active model's toxicity score is measured on
   the evaluation set in this process (ROC AUC, PR AUC), beside the round's candidate's.

The moderator only ever sees what the policy held, so the labels are a biased sample of the
stream (nothing auto-approved or auto-rejected is labelled), as on a real site.

Usage: python bench/feedback.py [--dataset olid_offenseval2019] [--stream 3000] [--eval 1500]
       [--decisions 600] [--every 100] [--chunk 100] [--seed 0]
Prints a table and writes bench/results/feedback.json and bench/results/feedback.png.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import requests
from sklearn.metrics import average_precision_score, roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ml.corpus import deduplicate, load_holdout, load_seed_corpus  # noqa: E402
from ml.corpus import summarise as summarise_corpus  # noqa: E402
from ml.datasets import DATASETS, DEFAULT_DATA_DIR, read_dataset  # noqa: E402
from tests.e2e.stack import COMMENTGUARD, Stack, wait_until  # noqa: E402

SITE = "feedback-site"
TOXICITY_SETS = sorted(
    name for name, info in DATASETS.items() if info.task == "toxicity" and not info.not_for_training
)
# Hold from a low toxicity score so the moderator sees much of the stream; reject only near
# certainty so that most toxic comments reach the moderator instead of being auto-rejected.
# A little below the 0.2 one might pick first, so that the default 600 decisions fit in the
# default 3000 comments even with a base model that holds only a fifth of them.
POLICY = {"toxicity.hold": 0.15, "toxicity.reject": 0.99, "spam.hold": 0.9, "spam.reject": 0.99}
TARGET_DECISIONS = 500
TARGET_GAIN = 0.05
TARGET_BASE_BELOW = 0.90


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- data -----------------------------------------------------------------------------------


def load_split(
    dataset: str, data_dir: Path, n_stream: int, n_eval: int, seed: int
) -> tuple[list[tuple[str, int]], list[tuple[str, int]], int]:
    """The stream and the later evaluation set as (text, 1 if toxic), and the usable count."""
    examples = deduplicate(read_dataset(dataset, data_dir))
    random.Random(seed).shuffle(examples)
    if len(examples) < n_stream + n_eval:
        raise SystemExit(
            f"{dataset} has {len(examples)} usable examples; --stream {n_stream} plus "
            f"--eval {n_eval} need more"
        )
    rows = [(e.text, int(e.label == "toxic")) for e in examples]
    return rows[:n_stream], rows[n_stream : n_stream + n_eval], len(examples)


# --- the stack and the accounts -------------------------------------------------------------


def cli(stack: Stack, *args: str, stdin: str | None = None, timeout: float = 900) -> str:
    """A ``commentguard`` command in the stack's environment (longer timeout, optional stdin)."""
    done = subprocess.run(
        [COMMENTGUARD, *args],
        env=stack.env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"commentguard {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def account(stack: Stack, name: str, *options: str) -> str:
    """Create a moderator account and return a fresh API token for it."""
    password = secrets.token_urlsafe(24) + "\n"
    cli(stack, "moderators", "create", name, *options, "--password-stdin", stdin=password)
    return cli(stack, "moderators", "token", name).strip()


class Watchdog:
    """Starts a new worker when the one running has died, and records each restart.

    The embedded broker (kombu's filesystem transport) can hand the worker a message file the
    API has created but not yet written; the worker then stops with "Unrecoverable error:
    JSONDecodeError" (celery/kombu#1551) and that message is lost. The sweeper resends the item
    it carried once it has been pending for COMMENTGUARD_PENDING_TIMEOUT, so a restarted worker
    is all the stack needs; the restarts are reported, never hidden.
    """

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.restarts: list[dict[str, Any]] = []

    def __call__(self) -> None:
        worker = self.stack.workers[-1]
        if worker.poll() is None:
            return
        number = len(self.stack.workers) - 1
        log_lines = (self.stack.logs / f"worker-{number}.log").read_text(errors="replace")
        cause = next(
            (line for line in reversed(log_lines.splitlines()) if "CRITICAL" in line),
            "(no CRITICAL line in its log)",
        ).strip()[:500]
        restart = {"at": time.strftime("%H:%M:%S"), "exit": worker.returncode, "cause": cause}
        self.restarts.append(restart)
        log(f"WORKER DIED (exit {worker.returncode}): {cause}; starting another")
        self.stack.start_worker()


class Client:
    """The three callers of the API: the host site, its moderator, and an admin."""

    def __init__(
        self, url: str, site_key: str, moderator: str, admin: str, watchdog: Watchdog
    ) -> None:
        self.url = url
        self.watchdog = watchdog
        self.site = {"Authorization": f"Bearer {site_key}"}
        self.moderator = {"Authorization": f"Bearer {moderator}"}
        self.admin = {"Authorization": f"Bearer {admin}"}
        self.local = threading.local()

    def call(
        self, method: str, path: str, headers: dict[str, str], ok: tuple[int, ...] = (200,), **kw
    ) -> requests.Response:
        # One session (and connection pool) per thread: submissions are posted from several.
        if not hasattr(self.local, "http"):
            self.local.http = requests.Session()
        response = self.local.http.request(
            method, f"{self.url}{path}", headers=headers, timeout=60, **kw
        )
        if response.status_code not in ok:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:2000]}")
        return response


# --- the site's stream and its moderator ----------------------------------------------------


def submit_chunk(
    client: Client, chunk: list[tuple[str, str]], chunk_size: int
) -> list[dict[str, Any]]:
    """Post a chunk of comments and return each item once a worker has decided it."""

    def post(entry: tuple[str, str]) -> dict[str, Any]:
        external_id, text = entry
        number = int(external_id.rsplit("-", 1)[1])
        body = {
            "external_id": external_id,
            "text": text,
            # A comment thread per chunk: the articles the site published meanwhile.
            "article": {"id": f"article-{number // chunk_size}"},
            "author": {"id": f"reader-{number % 997}"},
        }
        response = client.call("POST", "/v1/items?wait=5000", client.site, ok=(200, 202), json=body)
        return response.json()

    with ThreadPoolExecutor(8) as pool:
        items = list(pool.map(post, chunk))
    for number, item in enumerate(items):
        if item["status"] == "pending":
            path = f"/v1/items/{item['id']}"

            def decided(path: str = path, number: int = number) -> bool:
                client.watchdog()
                items[number] = client.call("GET", path, client.site).json()
                return items[number]["status"] != "pending"

            wait_until(decided, 600, f"item {item['external_id']} to be decided")
    return items


def moderate(client: Client, gold: dict[str, int], budget: int) -> tuple[int, Counter[str]]:
    """Decide up to ``budget`` held items one by one, oldest first, from their gold labels.

    One at a time in queue order, as a person works: the gate holds out each site's latest
    decisions by time, and bulk actions grouped by label would skew which labels those are.
    """
    page = client.call(
        "GET",
        "/v1/queue",
        client.moderator,
        params={"limit": min(budget, 100), "sort": "age", "site": SITE},
    ).json()
    decided, tally = 0, Counter[str]()
    for item in page["items"]:
        if item["external_id"] not in gold:
            raise RuntimeError(f"held item {item['external_id']} is not from the stream")
        toxic = gold[item["external_id"]]
        body = {"action": "reject", "reason": "toxic"} if toxic else {"action": "approve"}
        response = client.call(
            "POST", f"/v1/items/{item['id']}/decision", client.moderator, ok=(200, 409), json=body
        )
        if response.status_code == 409:
            code = response.json().get("code")
            tally[f"skipped:{code}"] += 1
            log(f"skipped {item['external_id']}: {code}")
            continue
        decided += len(response.json()["decided"])
        tally["toxic" if toxic else "clean"] += 1
    return decided, tally


def train_and_promote(client: Client, seed: int) -> dict[str, Any]:
    """One round: a training job, followed to its end, then promotion through the gate."""
    started = time.perf_counter()
    job = client.call(
        "POST", "/v1/models/train", client.admin, ok=(202,), json={"random_state": seed}
    ).json()
    last_step = None

    def finished() -> bool:
        nonlocal job, last_step
        client.watchdog()
        job = client.call("GET", f"/v1/models/jobs/{job['id']}", client.admin).json()
        if job["step"] != last_step:
            last_step = job["step"]
            log(f"  job {job['id'][:8]}: {job['status']} {job['step']} {job['progress']:.0%}")
        return job["status"] in {"succeeded", "failed"}

    wait_until(finished, 3600, f"training job {job['id']}")
    wall = time.perf_counter() - started
    record: dict[str, Any] = {
        "job": job["id"],
        "job_status": job["status"],
        "job_seconds": _seconds(job["started_at"], job["finished_at"]),
        "round_trip_seconds": round(wall, 1),
        "snapshot": job["snapshot"],
        "candidate": job["model"],
        "promoted": False,
        "gate_failures": [],
        "error": job["error"],
    }
    if job["status"] != "succeeded":
        return record
    response = client.call(
        "POST", f"/v1/models/{job['model']}/promote", client.admin, ok=(200, 409), json={}
    )
    body = response.json()
    if response.status_code == 409 and body.get("code") != "gate_refused":
        raise RuntimeError(f"promoting {job['model']}: {response.text[:2000]}")
    comparison = body.get("comparison") or {}
    record["promoted"] = response.status_code == 200
    record["gate_failures"] = comparison.get("failures", [])
    record["gate_sets"] = [
        {
            "set": row["set_name"],
            "head": row["head"],
            "examples": row["examples"],
            "candidate_roc_auc": (row.get("candidate") or {}).get("roc_auc"),
            "active_roc_auc": (row.get("active") or {}).get("roc_auc"),
            "passed": row["passed"],
        }
        for row in comparison.get("sets", [])
    ]
    return record


def _seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 1)


# --- evaluation, in this process ------------------------------------------------------------


class Evaluator:
    """Scores the evaluation set with a version loaded from the stack's own database."""

    def __init__(self, config: dict[str, str], evaluation: list[tuple[str, int]]) -> None:
        from service.app import create_app

        self.app = create_app(config)
        self.texts = [text for text, _ in evaluation]
        self.y = np.array([label for _, label in evaluation])
        self.cache: dict[str, dict[str, float]] = {}

    def measure(self, name: str | None = None) -> tuple[str, dict[str, float]]:
        """The active version (or the one named) and its ROC AUC and PR AUC for toxicity."""
        from service.classifier.services import load_active, load_named
        from service.db import db

        with self.app.app_context():
            loaded = load_named(name) if name else load_active()
            if loaded.name not in self.cache:
                scores = loaded.model.predict_scores(self.texts)
                p = np.array([row["toxicity"] for row in scores])
                self.cache[loaded.name] = {
                    "roc_auc": round(float(roc_auc_score(self.y, p)), 4),
                    "pr_auc": round(float(average_precision_score(self.y, p)), 4),
                }
            db.session.remove()
        return loaded.name, self.cache[loaded.name]


# --- the run --------------------------------------------------------------------------------


def shipped_corpora() -> dict[str, Any]:
    """What the base model and every candidate train on (seed) and the gate's fixed set: files
    read at each training run, so a change during a run would mix versions."""
    seed, holdout = summarise_corpus(load_seed_corpus()), summarise_corpus(load_holdout())
    return {
        "seed": {"examples": seed["examples"], "sha256": seed["sha256"]},
        "holdout": {"examples": holdout["examples"], "sha256": holdout["sha256"]},
    }


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    stream, evaluation, usable = load_split(
        args.dataset, args.data_dir, args.stream, args.eval, args.seed
    )
    log(
        f"{args.dataset}: {usable} usable examples; stream {len(stream)} "
        f"({sum(y for _, y in stream)} toxic), evaluation {len(evaluation)} "
        f"({sum(y for _, y in evaluation)} toxic)"
    )
    database_url = f"sqlite:///{folder / 'commentguard.db'}"
    config = {
        "DATA_DIR": str(folder),
        "DATABASE_URL": database_url,
        "BROKER_URL": "filesystem://",
        "LOG_LEVEL": "WARNING",
    }
    stack = Stack(
        {
            "COMMENTGUARD_DATA_DIR": str(folder),
            "COMMENTGUARD_DATABASE_URL": database_url,
            "COMMENTGUARD_BROKER_URL": "filesystem://",
            "COMMENTGUARD_LOG_LEVEL": "WARNING",
        },
        folder,
    )
    corpora = shipped_corpora()
    try:
        result = _run_on(stack, args, config, stream, evaluation, usable)
    except BaseException:
        log("failed; the processes' last log lines:\n" + stack.log_tail())
        raise
    finally:
        stack.stop()
    after = shipped_corpora()
    result["corpora"] = {**corpora, "changed_during_run": after != corpora}
    if after != corpora:
        log("WARNING: the seed corpus or the holdout changed during the run; figures mix versions")
    return result


def _run_on(
    stack: Stack,
    args: argparse.Namespace,
    config: dict[str, str],
    stream: list[tuple[str, int]],
    evaluation: list[tuple[str, int]],
    usable: int,
) -> dict[str, Any]:
    log("commentguard prepare: migrating and training the base model…")
    started = time.perf_counter()
    cli(stack, "prepare")
    prepare_seconds = round(time.perf_counter() - started, 1)
    log(f"base model trained in {prepare_seconds} s; starting the API and a worker")
    stack.start_api()
    stack.start_worker()
    site_key = json.loads(cli(stack, "sites", "create", SITE, "--json"))["api_key"]
    admin = account(stack, "ops", "--admin")
    moderator = account(stack, "mod", "--site", SITE)
    # The warm-up comment is decided under the default policy, so it is never held.
    stack.wait_for_worker(site_key)
    sets = [item for key, value in POLICY.items() for item in ("--set", f"{key}={value}")]
    policy = json.loads(cli(stack, "sites", "policy", SITE, *sets))
    log(f"site policy: {json.dumps(policy['thresholds'])}")
    watchdog = Watchdog(stack)
    client = Client(stack.url, site_key, moderator, admin, watchdog)

    evaluator = Evaluator(config, evaluation)
    base_name, base = evaluator.measure()
    log(f"base {base_name}: ROC AUC {base['roc_auc']:.4f}, PR AUC {base['pr_auc']:.4f}")
    rows: list[dict[str, Any]] = [
        {
            "round": 0,
            "decisions": 0,
            "candidate": None,
            "promoted": None,
            "active": base_name,
            **base,
            "delta_roc_auc": 0.0,
            "delta_pr_auc": 0.0,
        }
    ]

    gold = {f"s-{n}": label for n, (_, label) in enumerate(stream)}
    by_policy: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    scored_by: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    consumed = since_round = submitted = 0

    def new_round() -> None:
        nonlocal since_round
        number = len(rows)
        log(f"round {number}: training after {consumed} decisions…")
        outcome = train_and_promote(client, args.seed)
        active, metrics = evaluator.measure()
        candidate = None
        if outcome["candidate"]:
            candidate = evaluator.measure(outcome["candidate"])[1]
        rows.append(
            {
                "round": number,
                "decisions": consumed,
                **outcome,
                "active": active,
                **metrics,
                "candidate_roc_auc": candidate["roc_auc"] if candidate else None,
                "candidate_pr_auc": candidate["pr_auc"] if candidate else None,
                "delta_roc_auc": round(metrics["roc_auc"] - base["roc_auc"], 4),
                "delta_pr_auc": round(metrics["pr_auc"] - base["pr_auc"], 4),
            }
        )
        verdict = "promoted" if outcome["promoted"] else "kept " + active
        log(
            f"round {number}: {outcome['candidate']} {outcome['job_status']} in "
            f"{outcome['job_seconds']} s, {verdict}; active ROC AUC {metrics['roc_auc']:.4f} "
            f"({metrics['roc_auc'] - base['roc_auc']:+.4f})"
            + (f"; gate: {'; '.join(outcome['gate_failures'])}" if outcome["gate_failures"] else "")
            + (f"; error: {outcome['error']}" if outcome["error"] else "")
        )
        since_round = 0

    entries = [(f"s-{n}", text) for n, (text, _) in enumerate(stream)]
    while consumed < args.decisions:
        if submitted < len(entries):
            chunk = entries[submitted : submitted + args.chunk]
            items = submit_chunk(client, chunk, args.chunk)
            submitted += len(chunk)
            for item in items:
                by_policy[item["status"]] += 1
                scored_by[item["model_version"]] += 1
                reasons.update((item["decision"] or {}).get("reason_codes", []))
            counts = Counter(item["status"] for item in items)
            log(
                f"chunk {submitted // args.chunk}: {submitted}/{len(entries)} submitted; "
                f"{dict(counts)}"
            )
        queue_empty = False
        while consumed < args.decisions:
            budget = min(args.every - since_round, args.decisions - consumed)
            decided, tally = moderate(client, gold, budget)
            labelled.update(tally)
            consumed += decided
            since_round += decided
            if since_round >= args.every or consumed >= args.decisions:
                new_round()
            if decided == 0:
                queue_empty = True
                break
        if queue_empty and submitted >= len(entries):
            log("the stream is exhausted and the queue is empty")
            if since_round:
                new_round()
            break

    stats = {
        "submitted": submitted,
        "decided_by_policy": dict(by_policy),
        "scored_by": dict(scored_by),
        "policy_reasons": dict(reasons),
        "moderator_labels": dict(labelled),
        "worker_restarts": watchdog.restarts,
    }
    return summarise(args, rows, base, usable, policy, prepare_seconds, stats)


def summarise(
    args: argparse.Namespace,
    rows: list[dict[str, Any]],
    base: dict[str, float],
    usable: int,
    policy: dict[str, Any],
    prepare_seconds: float,
    stats: dict[str, Any],
) -> dict[str, Any]:
    at = next((r for r in rows if r["decisions"] >= TARGET_DECISIONS), rows[-1])
    gain = round(at["roc_auc"] - base["roc_auc"], 4)
    headline = {
        "decisions": at["decisions"],
        "base_roc_auc": base["roc_auc"],
        "roc_auc": at["roc_auc"],
        "gain": gain,
        "target": f"+{TARGET_GAIN} ROC AUC after {TARGET_DECISIONS} decisions, base below "
        f"{TARGET_BASE_BELOW}",
        "base_below_bar": base["roc_auc"] < TARGET_BASE_BELOW,
        "met": base["roc_auc"] < TARGET_BASE_BELOW
        and at["decisions"] >= TARGET_DECISIONS
        and gain >= TARGET_GAIN,
    }
    return {
        "command": shlex.join(["python", *sys.argv]),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "config": {
            "dataset": args.dataset,
            "usable_examples": usable,
            "stream": args.stream,
            "evaluation": args.eval,
            "decisions": args.decisions,
            "every": args.every,
            "chunk": args.chunk,
            "seed": args.seed,
            "shape": "embedded (SQLite, filesystem broker)",
            "policy": policy["thresholds"],
            "moderator": "gold label: toxic -> reject (reason toxic), else approve; oldest first",
        },
        "prepare_seconds": prepare_seconds,
        "stream": stats,
        "rows": rows,
        "headline": headline,
    }


def print_table(result: dict[str, Any]) -> None:
    print(
        f"{'round':>5} {'decisions':>9} {'candidate':<12} {'promoted':<8} {'active':<12} "
        f"{'ROC AUC':>8} {'PR AUC':>7} {'Δ ROC':>7} {'Δ PR':>7} {'cand. ROC':>9} {'job s':>6}"
    )
    for r in result["rows"]:
        promoted = "-" if r["promoted"] is None else ("yes" if r["promoted"] else "REFUSED")
        candidate_roc = r.get("candidate_roc_auc")
        print(
            f"{r['round']:>5} {r['decisions']:>9} {r['candidate'] or '(base)':<12} {promoted:<8} "
            f"{r['active']:<12} {r['roc_auc']:>8.4f} {r['pr_auc']:>7.4f} "
            f"{r['delta_roc_auc']:>+7.4f} {r['delta_pr_auc']:>+7.4f} "
            f"{'' if candidate_roc is None else f'{candidate_roc:.4f}':>9} "
            f"{'' if r.get('job_seconds') is None else r['job_seconds']:>6}"
        )
    h = result["headline"]
    print(
        f"\nafter {h['decisions']} decisions: ROC AUC {h['roc_auc']:.4f} vs base "
        f"{h['base_roc_auc']:.4f} ({h['gain']:+.4f}); target {h['target']}: "
        f"{'met' if h['met'] else 'NOT met'}"
    )
    for r in result["rows"]:
        for failure in r.get("gate_failures") or []:
            print(f"round {r['round']} gate: {failure}")
    if result["corpora"]["changed_during_run"]:
        print("WARNING: the seed corpus or the holdout changed during the run; run it again")


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = result["rows"]
    base = rows[0]["roc_auc"]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.plot(
        [r["decisions"] for r in rows],
        [r["roc_auc"] for r in rows],
        "o-",
        drawstyle="steps-post",
        label="active",
    )
    candidates = [r for r in rows if r.get("candidate_roc_auc") is not None]
    ax.plot(
        [r["decisions"] for r in candidates],
        [r["candidate_roc_auc"] for r in candidates],
        "x",
        color="grey",
        label="the round's candidate",
    )
    for r in candidates:
        if not r["promoted"]:
            point = (r["decisions"], r["candidate_roc_auc"])
            ax.annotate("refused", point, xytext=(3, -10), textcoords="offset points", fontsize=7)
    ax.axhline(base, linestyle="--", color="black", label=f"base ({rows[0]['active']})")
    ax.axhline(base + TARGET_GAIN, linestyle=":", color="green", label=f"base +{TARGET_GAIN}")
    config = result["config"]
    ax.set_xlabel("moderator decisions consumed")
    ax.set_ylabel("toxicity ROC AUC on later comments")
    ax.set_title(
        f"{config['dataset']}: retrained every {config['every']} decisions "
        f"({config['evaluation']} held-out comments)",
        fontsize=10,
    )
    ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=TOXICITY_SETS, default="olid_offenseval2019")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--stream", type=int, default=3000, help="comments the site posts")
    parser.add_argument("--eval", type=int, default=1500, help="later comments, never posted")
    parser.add_argument("--decisions", type=int, default=600, help="stop after this many")
    parser.add_argument("--every", type=int, default=100, help="retrain every K decisions")
    parser.add_argument("--chunk", type=int, default=100, help="comments posted at a time")
    parser.add_argument("--seed", type=int, default=0, help="shuffle and training seed")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "feedback.json")
    parser.add_argument("--figure", type=Path, default=ROOT / "bench" / "results" / "feedback.png")
    args = parser.parse_args()
    # Stop the stack on SIGTERM and SIGINT too (a background job inherits SIGINT ignored).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    with tempfile.TemporaryDirectory(prefix="cg-bench-feedback-") as folder:
        result = run(args, Path(folder))
    print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    plot(result, args.figure)
    log(f"written to {args.out} and {args.figure}")


if __name__ == "__main__":
    main()
