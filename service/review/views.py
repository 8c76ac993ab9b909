"""The moderators' API: the review queue and decisions, for tools (moderator token)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.auth import authenticate_moderator, current_moderator
from service.items.models import Item
from service.items.services import represent
from service.requests import require_json_body_when_sent
from service.review import services
from service.review.schemas import (
    ActionOut,
    BulkDecisionIn,
    DecisionIn,
    QueuePageOut,
    QueueQuery,
)

blp = Blueprint(
    "review",
    __name__,
    url_prefix="/v1",
    description="Moderators: the review queue and their decisions.",
)
blp.before_request(authenticate_moderator)


# Undo and rollback take no body; every other POST here has one, checked by its schema.
blp.before_request(require_json_body_when_sent)


MODERATOR_TOKEN = [{"moderatorToken": []}]


def review_view(item: Item) -> dict[str, Any]:
    """The item as the host site sees it, plus what a moderator needs to review it."""
    return {
        **represent(item),
        "review": {
            "queue": item.review_queue,
            "reasons": services.reasons(item),
            "risk": item.risk,
            "held_at": item.held_at,
            "reports": item.report_count,
            "site": item.site.name,
        },
    }


def _action(result: services.ActionResult) -> dict[str, Any]:
    return {
        "action_id": str(result.action_id),
        "decided": [review_view(item) for item in result.decided],
        "unchanged": [review_view(item) for item in result.unchanged],
        "skipped": [
            {"item_id": str(s.item_id), "code": s.code, "detail": s.detail} for s in result.skipped
        ],
    }


@blp.route("/queue")
class Queue(MethodView):
    @blp.doc(security=MODERATOR_TOKEN)
    @blp.arguments(QueueQuery, location="query")
    @blp.response(200, QueuePageOut)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Items awaiting a moderator on the caller's sites, riskiest (or oldest) first."""
        page = services.queue_page(current_moderator(), services.QueueFilters(**query))
        return {
            "items": [review_view(item) for item in page.items],
            "next_cursor": page.next_cursor,
            "counts": page.counts,
        }


@blp.route("/items/<item_id>/decision")
class ItemDecision(MethodView):
    @blp.doc(security=MODERATOR_TOKEN)
    @blp.arguments(DecisionIn)
    @blp.response(200, ActionOut)
    @blp.alt_response(409, description="The item is still pending, or changed meanwhile.")
    def post(self, payload: dict[str, Any], item_id: str) -> dict[str, Any]:
        """Approve or reject one item; final, sent to the host site as item.updated."""
        return _action(services.decide_one(current_moderator(), item_id, **payload))


@blp.route("/queue/decisions")
class BulkDecision(MethodView):
    @blp.doc(security=MODERATOR_TOKEN)
    @blp.arguments(BulkDecisionIn)
    @blp.response(200, ActionOut)
    def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Approve or reject up to 100 items as one action (undone as one)."""
        item_ids = payload.pop("item_ids")
        return _action(services.decide(current_moderator(), item_ids, **payload))


@blp.route("/queue/undo")
class Undo(MethodView):
    @blp.doc(security=MODERATOR_TOKEN)
    @blp.response(200, ActionOut)
    @blp.alt_response(409, description="Nothing to undo, or the last decision is too old.")
    def post(self) -> dict[str, Any]:
        """Undo the caller's last action, within the undo window."""
        return _action(services.undo_last(current_moderator()))
