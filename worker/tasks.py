"""Celery tasks. Each takes an id, reloads from the database and is safe to run twice."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from celery import shared_task
from sqlalchemy.exc import OperationalError as DatabaseOperationalError

from service.moderation.services import moderate
from service.queue import DELIVER_WEBHOOK, MODERATE_ITEM, SWEEP, TRAIN_MODEL
from service.sweeper import sweep
from service.training.services import fail_stale_jobs, resend_queued_jobs, run_job
from service.webhooks.services import deliver

log = logging.getLogger(__name__)

# Transient failures worth a quick retry; anything else fails the task and the sweeper resends it.
TRANSIENT = (DatabaseOperationalError,)

# Every task is idempotent, so a message is acknowledged only once its work is committed.
RELIABLE: dict = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 60,
    "time_limit": 90,
}


@shared_task(name=MODERATE_ITEM, **RELIABLE)
def moderate_item(self, item_id: str) -> str | None:  # type: ignore[no-untyped-def]
    """Score an item, apply its site's policy, record the decision and queue the webhook."""
    result = moderate(uuid.UUID(item_id))
    if result is None:
        return None
    log.info("item %s %s (%s)", item_id, result.status.value, ",".join(result.reason_codes))
    return result.status.value


@shared_task(name=DELIVER_WEBHOOK, **RELIABLE)
def deliver_webhook(self, delivery_id: str) -> bool | None:  # type: ignore[no-untyped-def]
    """One attempt at a webhook delivery; a failed one schedules the next with backoff."""
    result = deliver(uuid.UUID(delivery_id))
    if result is not None and result.retry_in is not None:
        self.app.send_task(DELIVER_WEBHOOK, args=[delivery_id], countdown=result.retry_in)
    return None if result is None else result.delivered


@shared_task(name=SWEEP, acks_late=True, soft_time_limit=60, time_limit=90)
def sweep_lost_work() -> dict[str, int]:
    """Resend items left pending and webhook deliveries left overdue."""
    report = sweep()
    if report.items or report.deliveries:
        log.warning("sweeper resent %d items and %d deliveries", report.items, report.deliveries)
    jobs = resend_queued_jobs(older_than=timedelta(minutes=10))
    failed = fail_stale_jobs()
    if jobs or failed:
        log.warning("sweeper resent %d training jobs and failed %d stale ones", jobs, failed)
    return {"items": report.items, "deliveries": report.deliveries, "jobs": jobs}


# Training runs for minutes: acknowledged on receipt (a redelivery mid-run would train twice);
# a job whose worker is lost is marked failed by the sweeper and can be requested again.
@shared_task(name=TRAIN_MODEL, soft_time_limit=2 * 3600, time_limit=2 * 3600 + 60)
def train_model(job_id: str) -> str | None:
    """Carry out a training job: snapshot, train a candidate, compare it, register it."""
    job = run_job(uuid.UUID(job_id))
    if job is None:
        return None
    log.info("training job %s %s", job_id, job.status.value)
    return job.status.value
