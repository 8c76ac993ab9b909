from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from service.auth import authenticate_site, current_site
from service.items import services
from service.items.models import ItemStatus
from service.items.schemas import ItemIn, ItemOut, ItemPage, ItemQuery, SubmitQuery
from service.requests import require_json_body

blp = Blueprint(
    "items",
    __name__,
    url_prefix="/v1/items",
    description="Submit a reader's comment or review and read its moderation decision.",
)
blp.before_request(authenticate_site)
blp.before_request(require_json_body)

IDEMPOTENCY_KEY = "Idempotency-Key"


SITE_KEY = [{"siteKey": []}]


@blp.route("")
class Items(MethodView):
    @blp.doc(security=SITE_KEY)
    @blp.arguments(ItemIn)
    @blp.arguments(SubmitQuery, location="query", as_kwargs=True)
    @blp.response(202, ItemOut, description="Accepted; the decision follows.")
    @blp.alt_response(
        200,
        schema=ItemOut,
        description="Decided within ?wait, or the original item of a retried submission.",
    )
    @blp.alt_response(409, description="Idempotency-Key or external_id reused with another body.")
    def post(self, payload: dict[str, Any], wait: int) -> tuple[dict[str, Any], int, dict]:
        """Submit a comment or review.

        Retrying with the same Idempotency-Key, or the same external_id, returns the original
        item; nothing is stored twice.
        """
        key = services.idempotency_key(request.headers.get(IDEMPOTENCY_KEY))
        submission = services.submit_item(current_site(), payload, key)
        item = submission.item
        if wait and item.status == ItemStatus.PENDING:
            item = services.wait_for_decision(item.id, wait)
        headers = {"Location": f"/v1/items/{item.id}"}
        if not submission.created:
            headers["Idempotent-Replayed"] = "true"
        # 200 is an answer: a decision awaited with ?wait, or the original of a replay. A new
        # item is otherwise 202, even when a fast worker has decided it by now.
        decided_in_wait = bool(wait) and item.status != ItemStatus.PENDING
        status = 200 if decided_in_wait or not submission.created else 202
        return services.represent(item), status, headers

    @blp.doc(security=SITE_KEY)
    @blp.arguments(ItemQuery, location="query")
    @blp.response(200, ItemPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """List the site's items, newest first (filter by external_id or status)."""
        items, next_cursor = services.list_items(current_site(), query)
        return {"items": [services.represent(i) for i in items], "next_cursor": next_cursor}


@blp.route("/<item_id>")
class ItemById(MethodView):
    @blp.doc(security=SITE_KEY)
    @blp.response(200, ItemOut)
    def get(self, item_id: str) -> dict[str, Any]:
        """An item's status, decision, scores and the model version that made them."""
        return services.represent(services.get_item(current_site(), item_id))
