"""Ops: the model registry, training jobs, promotion and rollback (an admin's moderator token)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.auth import authenticate_admin, current_moderator
from service.classifier import promotion
from service.classifier.models import ModelVersion
from service.classifier.schemas import (
    AgreementOut,
    AgreementQuery,
    JobOut,
    ModelPageOut,
    ModelVersionOut,
    PromoteIn,
    PromotionOut,
    RollbackIn,
    ShadowIn,
    TrainIn,
)
from service.classifier.services import list_versions
from service.db import db
from service.requests import require_json_body_when_sent
from service.training import services as training
from service.training.models import TrainingJob, TrainingSnapshot

blp = Blueprint(
    "models",
    __name__,
    url_prefix="/v1/models",
    description="Ops: model versions, training, promotion through the gate, rollback.",
)
blp.before_request(authenticate_admin)

ADMIN = [{"moderatorToken": []}]


# Undo and rollback take no body; every other POST here has one, checked by its schema.
blp.before_request(require_json_body_when_sent)


def _snapshot(snapshot: TrainingSnapshot | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    return {"id": snapshot.id, "digest": snapshot.digest, **snapshot.counts}


def version_view(version: ModelVersion) -> dict[str, Any]:
    snapshot = (
        db.session.get(TrainingSnapshot, version.snapshot_id) if version.snapshot_id else None
    )
    return {
        "name": version.name,
        "status": version.status.value,
        "shadow": version.shadow,
        "recipe": version.recipe,
        "checksum": version.checksum,
        "artifact_size": version.artifact_size,
        "created_at": version.created_at,
        "activated_at": version.activated_at,
        "snapshot": _snapshot(snapshot),
        "facts": version.facts,
    }


def job_view(job: TrainingJob) -> dict[str, Any]:
    total = job.steps_total or 0
    return {
        "id": str(job.id),
        "status": job.status.value,
        "step": job.step,
        "steps_done": job.steps_done,
        "steps_total": total,
        "progress": 1.0
        if job.status.value == "succeeded"
        else (job.steps_done / total if total else 0.0),
        "requested_by": job.requested_by,
        "model": job.model_version.name if job.model_version else None,
        "snapshot": _snapshot(job.snapshot),
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


@blp.route("")
class Models(MethodView):
    @blp.doc(security=ADMIN)
    @blp.response(200, ModelPageOut)
    def get(self) -> dict[str, Any]:
        """Every model version, oldest first."""
        return {"models": [version_view(v) for v in list_versions()]}


@blp.route("/train")
class Train(MethodView):
    @blp.doc(security=ADMIN)
    @blp.arguments(TrainIn)
    @blp.response(202, JobOut, description="Queued; follow it at /v1/models/jobs/<id>.")
    def post(self, payload: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Train a candidate on a snapshot of the seed corpus, imported data and moderators'
        decisions; it is compared with the active model and left as a candidate."""
        job = training.request_training(current_moderator().actor, payload["random_state"])
        return job_view(job), 202, {"Location": f"/v1/models/jobs/{job.id}"}


@blp.route("/jobs/<job_id>")
class Job(MethodView):
    @blp.doc(security=ADMIN)
    @blp.response(200, JobOut)
    def get(self, job_id: str) -> dict[str, Any]:
        """A training job's status and progress."""
        return job_view(training.get_job(job_id))


@blp.route("/rollback")
class Rollback(MethodView):
    @blp.doc(security=ADMIN)
    @blp.arguments(RollbackIn)
    @blp.response(200, ModelVersionOut)
    @blp.alt_response(409, description="No version was active before this one.")
    def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Make the previously active version active again (audited)."""
        return version_view(promotion.rollback(current_moderator().actor, payload["reason"]))


@blp.route("/<name>")
class ModelByName(MethodView):
    @blp.doc(security=ADMIN)
    @blp.response(200, ModelVersionOut)
    def get(self, name: str) -> dict[str, Any]:
        """One version: status, data snapshot, metrics, the gate's comparison, libraries."""
        return version_view(promotion.get_version(name))


@blp.route("/<name>/promote")
class Promote(MethodView):
    @blp.doc(security=ADMIN)
    @blp.arguments(PromoteIn)
    @blp.response(200, PromotionOut)
    @blp.alt_response(409, description="gate_refused: worse than the active model.")
    def post(self, payload: dict[str, Any], name: str) -> dict[str, Any]:
        """Make a version active if the gate finds it no worse than the active one."""
        comparison = promotion.promote(
            name, current_moderator().actor, payload["force"], payload["reason"]
        )
        return {"active": name, "comparison": comparison}


@blp.route("/<name>/shadow")
class Shadow(MethodView):
    @blp.doc(security=ADMIN)
    @blp.arguments(ShadowIn)
    @blp.response(200, ModelVersionOut)
    def post(self, payload: dict[str, Any], name: str) -> dict[str, Any]:
        """Start or stop scoring live traffic with a candidate, beside the active model."""
        return version_view(
            promotion.set_shadow(name, payload["enabled"], current_moderator().actor)
        )


@blp.route("/<name>/agreement")
class AgreementReport(MethodView):
    @blp.doc(security=ADMIN)
    @blp.arguments(AgreementQuery, location="query")
    @blp.response(200, AgreementOut)
    def get(self, query: dict[str, Any], name: str) -> dict[str, Any]:
        """How often the shadow candidate's decisions match the active model's."""
        return promotion.agreement(name, query["days"]).as_dict()
