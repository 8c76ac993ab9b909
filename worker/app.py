"""The worker's entry module: ``celery -A worker.app worker``."""

from __future__ import annotations

from service.app import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
celery.autodiscover_tasks(["worker"], related_name="tasks", force=True)
