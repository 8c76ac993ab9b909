from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.auth import authenticate_site, current_site
from service.items.services import get_item
from service.reports import services
from service.reports.schemas import ReportIn, ReportOut
from service.requests import require_json_body

blp = Blueprint(
    "reports",
    __name__,
    url_prefix="/v1/items",
    description="Readers' reports of published items, passed on by the host site.",
)
blp.before_request(authenticate_site)
blp.before_request(require_json_body)


@blp.route("/<item_id>/reports")
class ItemReports(MethodView):
    @blp.doc(security=[{"siteKey": []}])
    @blp.arguments(ReportIn)
    @blp.response(201, ReportOut, description="Recorded.")
    @blp.alt_response(200, schema=ReportOut, description="This reader had reported it already.")
    def post(self, payload: dict[str, Any], item_id: str) -> tuple[dict[str, Any], int]:
        """Report an item for a reader.

        Past the site's report threshold, an approved item goes back to the review queue
        (``item.updated``), unless a moderator approved it.
        """
        item = get_item(current_site(), item_id)
        outcome = services.report_item(item, payload)
        body = {
            "id": str(outcome.report.id),
            "item_id": str(item.id),
            "reason": outcome.report.reason,
            "reports": item.report_count,
            "status": item.status.value,
            "sent_to_review": outcome.sent_to_review,
        }
        return body, 201 if outcome.created else 200
