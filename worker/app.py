"""The worker's entry module: ``celery -A worker.app worker``."""

from __future__ import annotations

import logging
import threading

from celery.signals import worker_process_init

from service.app import create_app
from service.classifier.services import warm_active

log = logging.getLogger(__name__)

flask_app = create_app()
celery = flask_app.extensions["celery"]
celery.autodiscover_tasks(["worker"], related_name="tasks", force=True)


@worker_process_init.connect
def load_model_ahead(**_: object) -> None:
    """Each pool process loads the active model as it starts, in the background: Celery gives
    this handler a few seconds at most, and a task that arrives first waits for the same load
    (the registry loads a version once per process, under a lock)."""
    threading.Thread(target=_warm, name="model-warm-up", daemon=True).start()


def _warm() -> None:
    with flask_app.app_context():
        try:
            warm_active()
        except Exception:  # an optimisation only: the first task loads the model in any case
            log.exception("loading the model ahead of the first task failed")
