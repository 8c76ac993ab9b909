"""Changing which model decides: promotion through the gate, rollback, and shadow scoring.

Every change is one transaction with its audit event. Workers read the active version for each
item, so a promotion or rollback reaches every worker on every machine without a restart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import aliased

from ml.gate import compare, split_for_gate
from ml.snapshot import thaw, unique_per_task
from service.audit.services import record
from service.classifier.models import ModelStatus, ModelVersion
from service.classifier.services import _activate, active_version, load_version
from service.db import db, utcnow
from service.errors import Conflict, NotFound, ReasonRequired
from service.items.models import Item
from service.moderation import policy
from service.moderation.models import Score


class UnknownVersion(NotFound):
    code, title = "unknown_model", "Unknown model version"


class GateRefused(Conflict):
    code, title = "gate_refused", "The candidate is worse than the active model"


class NothingToRollBackTo(Conflict):
    code, title = "nothing_to_roll_back_to", "No earlier active version"


def get_version(name: str) -> ModelVersion:
    version = db.session.scalar(select(ModelVersion).where(ModelVersion.name == name))
    if version is None:
        raise UnknownVersion(f"no model version {name!r}; `commentguard models list` shows them")
    return version


def _evaluation_of(version: ModelVersion) -> dict[str, Any]:
    """The candidate's gate evaluation sets: from the snapshot it was trained on."""
    from service.training.models import TrainingSnapshot
    from service.training.services import snapshot_examples

    snapshot = (
        db.session.get(TrainingSnapshot, version.snapshot_id) if version.snapshot_id else None
    )
    if snapshot is None:
        # Trained outside a job: judged on the evidence the next job would hold out.
        snapshot = snapshot_examples()
    return split_for_gate(unique_per_task(thaw(snapshot.data))).evaluation


def comparison_with_active(version: ModelVersion) -> dict[str, Any]:
    """The gate's verdict on ``version`` against the model active now."""
    from service.training.services import site_thresholds

    active = active_version()
    stored = version.facts.get("comparison") or {}
    if active is None:
        return {"against": None, "passed": True, "failures": [], "sets": []}
    if stored.get("against") == active.name:
        return stored
    comparison = compare(
        load_version(version).model,
        load_version(active).model,
        _evaluation_of(version),
        site_thresholds(),
        tolerance=current_app.config["COMMENTGUARD"]["GATE_TOLERANCE"],
    )
    return {"against": active.name, **comparison.as_dict()}


def promote(
    name: str, actor: str, force: bool = False, reason: str | None = None
) -> dict[str, Any]:
    """Make a version active if the gate lets it through (or, with a reason, forced)."""
    version = get_version(name)
    if version.status == ModelStatus.ACTIVE:
        raise Conflict(f"{name} is the active version already")
    if force and not (reason and reason.strip()):
        raise ReasonRequired("Forcing a promotion past the gate needs a reason (--reason).")
    comparison = comparison_with_active(version)
    if not comparison["passed"] and not force:
        raise GateRefused(
            f"{name} is worse than {comparison['against']}: "
            + "; ".join(comparison["failures"])
            + ". Improve the training data, or force it with a reason.",
            comparison=comparison,
        )
    previous = active_version()
    _activate(version)
    version.shadow = False
    record(
        actor,
        "model.force_promoted" if force and not comparison["passed"] else "model.promoted",
        subject=name,
        previous=previous.name if previous else None,
        reason=reason,
        gate_passed=comparison["passed"],
        failures=comparison.get("failures", []),
    )
    db.session.commit()
    return comparison


def rollback(actor: str, reason: str | None = None) -> ModelVersion:
    """Go back to the version that was active before the current one."""
    current = active_version()
    previous = db.session.scalar(
        select(ModelVersion)
        .where(
            ModelVersion.status == ModelStatus.RETIRED,
            ModelVersion.activated_at.is_not(None),
            ModelVersion.id != (current.id if current else -1),
        )
        .order_by(ModelVersion.activated_at.desc())
        .limit(1)
    )
    if previous is None:
        raise NothingToRollBackTo("No version was active before this one.")
    _activate(previous)
    if current is not None:
        # The rolled-back version goes back to being a candidate, so the next rollback does
        # not bounce between the two.
        current.status = ModelStatus.CANDIDATE
    record(
        actor,
        "model.rolled_back",
        subject=previous.name,
        previous=current.name if current else None,
        reason=reason,
    )
    db.session.commit()
    return previous


def set_shadow(name: str, enabled: bool, actor: str) -> ModelVersion:
    """Let a candidate score live traffic beside the active model, without acting (one at most)."""
    version = get_version(name)
    if enabled and version.status == ModelStatus.ACTIVE:
        raise Conflict(f"{name} is active; only a candidate can run in shadow")
    if enabled:
        db.session.execute(
            update(ModelVersion).where(ModelVersion.id != version.id).values(shadow=False)
        )
    version.shadow = enabled
    record(actor, "model.shadow_on" if enabled else "model.shadow_off", subject=name)
    db.session.commit()
    return version


def shadow_version() -> ModelVersion | None:
    return db.session.scalar(
        select(ModelVersion).where(
            ModelVersion.shadow.is_(True), ModelVersion.status != ModelStatus.ACTIVE
        )
    )


@dataclass(frozen=True)
class Agreement:
    version: str
    items: int
    same_decision: int
    decisions: dict[str, int]
    mean_difference: dict[str, float]

    @property
    def share(self) -> float | None:
        return self.same_decision / self.items if self.items else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "items": self.items,
            "same_decision": self.same_decision,
            "agreement": round(self.share, 4) if self.share is not None else None,
            "decisions": self.decisions,
            "mean_difference": self.mean_difference,
        }


def agreement(name: str, days: int = 7) -> Agreement:
    """How the shadow candidate's decisions compare with the active model's, item by item."""
    version = get_version(name)
    shadow = aliased(Score)
    acting = aliased(Score)
    since = utcnow() - timedelta(days=days)
    rows = db.session.execute(
        select(Item, acting, shadow)
        .join(shadow, (shadow.item_id == Item.id) & (shadow.model_version_id == version.id))
        .join(acting, (acting.item_id == Item.id) & acting.shadow.is_(False))
        .where(shadow.shadow.is_(True), shadow.created_at >= since)
    ).all()
    transitions: Counter[str] = Counter()
    differences: dict[str, list[float]] = {"spam": [], "toxicity": []}
    same = 0
    for item, active_score, shadow_score in rows:
        values = {"spam": active_score.spam, "toxicity": active_score.toxicity}
        theirs = {"spam": shadow_score.spam, "toxicity": shadow_score.toxicity}
        now = policy.decide(item.site.policy, values).status.value
        then = policy.decide(item.site.policy, theirs).status.value
        transitions[f"{now}->{then}"] += 1
        same += now == then
        for score in differences:
            differences[score].append(abs(values[score] - theirs[score]))
    return Agreement(
        version=name,
        items=len(rows),
        same_decision=same,
        decisions=dict(sorted(transitions.items())),
        mean_difference={
            score: round(sum(values) / len(values), 4) if values else 0.0
            for score, values in differences.items()
        },
    )
