"""Scoring and deciding an item: the work of the ``moderate_item`` task."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import update

from ml.language import detect_language
from service.classifier.promotion import shadow_version
from service.classifier.services import load_active, load_version
from service.db import db, utcnow
from service.items.models import Item, ItemKind, ItemStatus
from service.moderation import policy
from service.moderation.models import Decision, Score
from service.webhooks.services import queue_event

log = logging.getLogger(__name__)

POLICY_ACTOR = "policy"
REVIEW_QUEUE_HELD = "held"
REVIEW_QUEUE_REPORTED = "reported"


def join_reasons(codes: list[str]) -> str:
    """Reason codes as stored on the item for queue filters: ``,code,code,``."""
    return "," + ",".join(codes) + "," if codes else ""


def split_reasons(stored: str) -> list[str]:
    return [code for code in stored.split(",") if code]


@dataclass(frozen=True)
class Moderated:
    item_id: uuid.UUID
    status: ItemStatus
    reason_codes: list[str]


def _relevant(item: Item, per_score: dict[str, Any]) -> dict[str, Any]:
    """The scores that apply to the item: ``deceptive`` is about reviews, not comments."""
    if item.kind == ItemKind.REVIEW:
        return per_score
    return {name: value for name, value in per_score.items() if name != "deceptive"}


def _shadow_score(item: Item, now: datetime) -> None:
    """A shadow candidate's scores for the item, recorded beside the active model's, unused."""
    version = shadow_version()
    if version is None:
        return
    try:
        shadow = load_version(version)
        values = _relevant(item, shadow.model.predict_scores([item.text])[0])
        spam, toxicity = values["spam"], values["toxicity"]
    except Exception:
        # A shadow only watches: whatever is wrong with it must never hold up a decision.
        log.exception("shadow model %s failed; not scoring with it", version.name)
        return
    db.session.add(
        Score(
            item_id=item.id,
            model_version_id=version.id,
            spam=spam,
            toxicity=toxicity,
            extra={k: v for k, v in values.items() if k not in ("spam", "toxicity")},
            shadow=True,
            created_at=now,
        )
    )


def moderate(item_id: uuid.UUID) -> Moderated | None:
    """Score a pending item with the active model and apply its site's policy.

    Idempotent: an item that is not pending (already decided, by this or another worker) is left
    alone and None is returned. The status change is a compare-and-set on ``pending``, so two
    workers racing on one item record exactly one decision.
    """
    item = db.session.get(Item, item_id)
    # An erased item has no text left to judge; it stays pending and the sweeper leaves it be.
    if item is None or item.status != ItemStatus.PENDING or item.erased_at is not None:
        db.session.rollback()
        return None
    loaded = load_active()
    scores = _relevant(item, loaded.model.predict_scores([item.text])[0])
    explanations = _relevant(item, loaded.model.explain(item.text))
    language, language_source = item.language, item.language_source
    if language is None:
        language = detect_language(item.text, current_app.config["COMMENTGUARD"]["LANGUAGES"])
        language_source = "detected"
    outcome = policy.enforce_or_observe(item.site.policy, policy.decide(item.site.policy, scores))
    now = utcnow()
    held = outcome.status == ItemStatus.HELD

    claimed = db.session.execute(
        update(Item)
        .where(Item.id == item.id, Item.status == ItemStatus.PENDING, Item.erased_at.is_(None))
        .values(
            status=outcome.status,
            decided_at=now,
            updated_at=now,
            language=language,
            language_source=language_source,
            risk=max(scores.values()),
            review_queue=REVIEW_QUEUE_HELD if held else None,
            review_reasons=join_reasons(outcome.reason_codes) if held else "",
            held_at=now if held else None,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    score = Score(
        item_id=item.id,
        model_version_id=loaded.version_id,
        spam=scores["spam"],
        toxicity=scores["toxicity"],
        extra={k: v for k, v in scores.items() if k not in ("spam", "toxicity")},
        explanations=explanations,
        created_at=now,
    )
    db.session.add(score)
    _shadow_score(item, now)
    db.session.add(
        Decision(
            item_id=item.id,
            from_status=ItemStatus.PENDING.value,
            to_status=outcome.status.value,
            actor=POLICY_ACTOR,
            reason_codes=outcome.reason_codes,
            score=score,
            created_at=now,
        )
    )
    db.session.flush()
    db.session.refresh(item)
    queue_event(item, "item.decided")
    db.session.commit()
    return Moderated(item.id, outcome.status, outcome.reason_codes)
