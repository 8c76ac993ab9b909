"""Erasing an author: their texts and personal data leave every table and training snapshot.

What stays is what the host site and the audit need and what says nothing of the author: ids,
statuses, decisions (without notes) and scores (without the spans that quote the text). The
request hash of an item stays too: it is a hash, and it keeps a retried submission a replay.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, select, update

from ml.snapshot import text_key, without_texts
from service.audit.services import record
from service.db import db, utcnow
from service.errors import NotFound
from service.items.models import Author, Item
from service.labels.models import LabelledExample
from service.labels.services import text_hash
from service.moderation.models import Decision, Score
from service.reports.models import Report
from service.review.labels import source_for
from service.sites.models import Site
from service.training.models import TrainingSnapshot
from service.webhooks.models import WebhookDelivery

ERASED_ACTION = "author.erased"
_HASH_BATCH = 500


@dataclass(frozen=True)
class ErasureReport:
    """What one erasure removed; a repeated erasure reports zeros but the same author."""

    site: str
    author_id: str
    erased_at: datetime
    items: int
    scores: int
    decision_notes: int
    report_notes: int
    webhook_deliveries: int
    labelled_examples: int
    snapshot_examples: int

    def counts(self) -> dict[str, int]:
        return {
            "items": self.items,
            "scores": self.scores,
            "decision_notes": self.decision_notes,
            "report_notes": self.report_notes,
            "webhook_deliveries": self.webhook_deliveries,
            "labelled_examples": self.labelled_examples,
            "snapshot_examples": self.snapshot_examples,
        }


def _author(site: Site, external_id: str) -> Author:
    # A NUL or an over-long id names no author; PostgreSQL would refuse it as a parameter.
    if "\x00" in external_id or len(external_id) > 255:
        raise NotFound(f"no author {external_id!r} on site {site.name!r}")
    author = db.session.scalar(
        select(Author).where(Author.site_id == site.id, Author.external_id == external_id)
    )
    if author is None:
        raise NotFound(f"no author {external_id!r} on site {site.name!r}")
    return author


def _without_span_texts(explanations: Any) -> Any:
    """Explanations keep which scores had spans, but no span: each one quoted the text."""
    if not isinstance(explanations, dict):
        return explanations
    return {score: [] for score in explanations}


def _scrub_event(body: str) -> str:
    """A webhook body with the author's name, the spans and the decision's note taken out."""
    event = json.loads(body)
    data = event.get("data")
    if isinstance(data, dict):
        if isinstance(data.get("author"), dict):
            data["author"]["name"] = None
        if "explanations" in data:
            data["explanations"] = _without_span_texts(data["explanations"])
        if isinstance(data.get("decision"), dict):
            data["decision"]["note"] = None
    # Serialised as queue_event serialises it, so an untouched body keeps its exact bytes.
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


def _batches(values: Iterable[str]) -> Iterable[list[str]]:
    values = sorted(values)
    for start in range(0, len(values), _HASH_BATCH):
        yield values[start : start + _HASH_BATCH]


def _erase_items(items: list[Item], now: datetime) -> None:
    for item in items:
        item.text = ""
        item.client_ip = None
        item.user_agent = None
        item.erased_at = now


def _scrub_scores(author_items: Select[Any]) -> int:
    changed = 0
    for score in db.session.scalars(select(Score).where(Score.item_id.in_(author_items))):
        scrubbed = _without_span_texts(score.explanations)
        if scrubbed != score.explanations:
            score.explanations = scrubbed
            changed += 1
    return changed


def _clear_decision_notes(author_items: Select[Any]) -> int:
    # Decisions are append-only and an ORM listener refuses to update them. Erasure is the one
    # lawful exception: a note may quote the text. A Core UPDATE bypasses the ORM's flush events,
    # and touches nothing but the note: who decided what, when and why stays in the log.
    result = db.session.execute(
        update(Decision.__table__)
        .where(Decision.item_id.in_(author_items), Decision.note.is_not(None))
        .values(note=None)
    )
    return result.rowcount


def _clear_report_notes(author_items: Select[Any]) -> int:
    result = db.session.execute(
        update(Report)
        .where(Report.item_id.in_(author_items), Report.note.is_not(None))
        .values(note=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _scrub_webhook_bodies(author_items: Select[Any]) -> int:
    changed = 0
    for delivery in db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.item_id.in_(author_items))
    ):
        scrubbed = _scrub_event(delivery.body)
        if scrubbed != delivery.body:
            delivery.body = scrubbed
            changed += 1
    return changed


def _delete_labelled_examples(site: Site, texts: list[str]) -> int:
    """The moderators' examples of these texts on this site: the next snapshot reads them."""
    deleted = 0
    for hashes in _batches({text_hash(text) for text in texts}):
        result = db.session.execute(
            delete(LabelledExample)
            .where(
                LabelledExample.source == source_for(site.name),
                LabelledExample.text_hash.in_(hashes),
            )
            .execution_options(synchronize_session=False)
        )
        deleted += result.rowcount
    return deleted


def _rewrite_snapshots(texts: list[str]) -> int:
    """Every stored snapshot without these texts; its digest stays, naming the run it fed.

    One snapshot is in memory at a time: they hold whole training sets.
    """
    keys = {text_key(text) for text in texts}
    if not keys:
        return 0
    removed_in_all = 0
    snapshot_ids = db.session.scalars(select(TrainingSnapshot.id).order_by(TrainingSnapshot.id))
    for snapshot_id in snapshot_ids.all():
        data, counts = db.session.execute(
            select(TrainingSnapshot.data, TrainingSnapshot.counts).where(
                TrainingSnapshot.id == snapshot_id
            )
        ).one()
        rewritten, removed = without_texts(data, keys)
        if not removed:
            continue
        counts = {**(counts or {}), "erased": int((counts or {}).get("erased", 0)) + removed}
        db.session.execute(
            update(TrainingSnapshot)
            .where(TrainingSnapshot.id == snapshot_id)
            .values(data=rewritten, counts=counts)
            .execution_options(synchronize_session=False)
        )
        removed_in_all += removed
    return removed_in_all


def erase_author(site: Site, author_external_id: str, actor: str) -> ErasureReport:
    """Erase an author's texts and personal data, everywhere, in one audited transaction.

    Idempotent: items erased before are not erased again, but notes, spans and webhook bodies
    of all the author's items are checked again, so anything added since is removed too.
    """
    author = _author(site, author_external_id)
    now = utcnow()
    author_items = select(Item.id).where(Item.author_id == author.id)
    items = list(
        db.session.scalars(
            select(Item).where(Item.author_id == author.id, Item.erased_at.is_(None))
        )
    )
    texts = [item.text for item in items]

    labelled_examples = _delete_labelled_examples(site, texts)
    snapshot_examples = _rewrite_snapshots(texts)
    _erase_items(items, now)
    scores = _scrub_scores(author_items)
    decision_notes = _clear_decision_notes(author_items)
    report_notes = _clear_report_notes(author_items)
    webhook_deliveries = _scrub_webhook_bodies(author_items)
    author.display_name = None
    if author.erased_at is None or items:
        author.erased_at = now

    report = ErasureReport(
        site=site.name,
        author_id=author.external_id,
        erased_at=author.erased_at or now,
        items=len(items),
        scores=scores,
        decision_notes=decision_notes,
        report_notes=report_notes,
        webhook_deliveries=webhook_deliveries,
        labelled_examples=labelled_examples,
        snapshot_examples=snapshot_examples,
    )
    record(
        actor,
        ERASED_ACTION,
        subject=f"{site.name}/{author.external_id}",
        site_id=site.id,
        **report.counts(),
    )
    db.session.commit()
    return report
