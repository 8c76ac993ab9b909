"""Moderators' decisions as labelled examples for retraining, one per text and site.

The label follows the item's effective moderator decision (undone decisions do not count), so
it is written exactly once per decision, in the decision's own transaction.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from service.db import db
from service.items.models import Item
from service.labels.models import LabelledExample
from service.labels.services import text_hash
from service.moderation.models import Decision

MODERATOR_ACTOR_PREFIX = "moderator:"
UNDO_REASON = "undo"

# A rejection's reason says which score the text is an example of; the other reasons (personal
# data, off-topic, other) say nothing about spam or toxicity and give no training label.
_LABEL_BY_REASON = {
    "spam": ("spam", ("task:spam",)),
    "toxic": ("toxic", ("task:toxicity",)),
    "insult": ("toxic", ("task:toxicity",)),
    "threat": ("toxic", ("task:toxicity",)),
    "hate": ("toxic", ("task:toxicity",)),
}
_APPROVED = ("clean", ("task:spam", "task:toxicity"))


def source_for(site_name: str) -> str:
    return f"moderators:{site_name}"


def effective_decision(item: Item) -> Decision | None:
    """The decision the item's state rests on: the latest one that no undo reverted."""
    undone = 0
    for decision in db.session.scalars(
        select(Decision).where(Decision.item_id == item.id).order_by(Decision.created_at.desc())
    ):
        if decision.reason_codes == [UNDO_REASON]:
            undone += 1
        elif undone:
            undone -= 1
        else:
            return decision
    return None


def _latest_moderator_judgement(item: Item) -> Decision | None:
    """The newest effective moderator decision on any of the site's items with this text.

    The store keeps one label per text and site, so a copy-paste campaign's many items share
    it; undoing one item's decision falls back to the others'.
    """
    if item.erased_at is not None:
        return None
    twins = db.session.scalars(
        select(Item).where(
            Item.site_id == item.site_id, Item.text == item.text, Item.erased_at.is_(None)
        )
    )
    decisions = [effective_decision(twin) for twin in twins]
    judged = [d for d in decisions if d is not None and d.actor.startswith(MODERATOR_ACTOR_PREFIX)]
    return max(judged, key=lambda d: d.created_at, default=None)


def _label(decision: Decision) -> tuple[str, tuple[str, ...]] | None:
    if not decision.actor.startswith(MODERATOR_ACTOR_PREFIX):
        return None
    if decision.to_status == "approved":
        return _APPROVED
    if decision.to_status == "rejected" and decision.reason_codes:
        return _LABEL_BY_REASON.get(decision.reason_codes[0])
    return None


def sync_from_decisions(item: Item) -> LabelledExample | None:
    """Make the store hold the label of the text's latest moderator judgement on this site."""
    source = source_for(item.site.name)
    digest = text_hash(item.text)
    db.session.execute(
        delete(LabelledExample).where(
            LabelledExample.source == source, LabelledExample.text_hash == digest
        )
    )
    decision = _latest_moderator_judgement(item)
    label = _label(decision) if decision is not None else None
    if decision is None or label is None:
        return None
    name, tasks = label
    example = LabelledExample(
        text=item.text,
        text_hash=digest,
        task=tasks[0].removeprefix("task:") if len(tasks) == 1 else "all",
        label=name,
        lang=item.language or "",
        source=source,
        group_key=item.article.external_id,
        tags=[
            *tasks,
            f"item:{decision.item_id}",
            decision.actor,
            # The promotion gate holds out each site's most recent decisions by this time.
            f"decided_at:{decision.created_at.isoformat()}",
            *(f"reason:{r}" for r in decision.reason_codes),
        ],
    )
    db.session.add(example)
    return example
