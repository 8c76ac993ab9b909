"""The Celery app bound to Flask, and the dispatch of tasks once a transaction has committed.

The service sends tasks by name, so it never imports ``worker/``. A task is sent only after the
rows it will read are committed; if the broker cannot take it, the sweeper sends it later.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery, Task
from flask import Flask, current_app
from kombu.exceptions import OperationalError
from sqlalchemy import event
from sqlalchemy.orm import Session

from service.config import broker_transport_options

log = logging.getLogger(__name__)

MODERATE_ITEM = "commentguard.moderate_item"
DELIVER_WEBHOOK = "commentguard.deliver_webhook"
SWEEP = "commentguard.sweep"
TRAIN_MODEL = "commentguard.train_model"

_PENDING_KEY = "commentguard.tasks_after_commit"


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app whose tasks run inside a Flask app context."""

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    config = app.config["COMMENTGUARD"]
    celery = Celery(app.name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=config["BROKER_URL"],
        broker_transport_options=broker_transport_options(config),
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=3,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue="commentguard",
        task_publish_retry=True,
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        worker_hijack_root_logger=False,
        beat_schedule={
            "sweep": {"task": SWEEP, "schedule": config["SWEEP_INTERVAL"]},
        },
        timezone="UTC",
    )
    if config["BROKER_URL"].startswith("filesystem://"):
        from service.embedded_broker import TRANSPORT

        celery.conf.broker_transport = TRANSPORT
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def send_after_commit(session: Session, task_name: str, *args: Any) -> None:
    """Send ``task_name(*args)`` once ``session`` commits; drop it if the session rolls back."""
    celery = current_app.extensions["celery"]
    session.info.setdefault(_PENDING_KEY, []).append((celery, task_name, args))


def send_now(celery: Celery, task_name: str, *args: Any) -> bool:
    """Send a task; on a broker outage log it and return False (the sweeper will resend)."""
    try:
        celery.send_task(task_name, args=list(args))
    except OperationalError as error:
        log.warning("broker unavailable, %s%r left to the sweeper: %s", task_name, args, error)
        return False
    return True


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    for celery, task_name, args in session.info.pop(_PENDING_KEY, []):
        send_now(celery, task_name, *args)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction: Any) -> None:
    if not session.in_transaction():
        session.info.pop(_PENDING_KEY, None)
