"""Admins' API: a site's thresholds suggested from evidence, and applying thresholds."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.auth import authenticate_admin, current_moderator
from service.requests import require_json_body
from service.sites.services import get_site_by_name
from service.thresholds import services
from service.thresholds.schemas import SuggestionOut, SuggestionQuery, ThresholdsIn, ThresholdsOut

blp = Blueprint(
    "thresholds",
    __name__,
    url_prefix="/v1/sites",
    description="Admins: policy thresholds suggested from a site's recent decisions.",
)
blp.before_request(authenticate_admin)


blp.before_request(require_json_body)

MODERATOR_TOKEN = [{"moderatorToken": []}]


@blp.route("/<name>/threshold-suggestion")
class ThresholdSuggestion(MethodView):
    @blp.doc(security=MODERATOR_TOKEN)
    @blp.arguments(SuggestionQuery, location="query")
    @blp.response(200, SuggestionOut)
    @blp.alt_response(403, description="Not an admin's token.")
    @blp.alt_response(404, description="No such site.")
    @blp.alt_response(422, description="Neither precision nor capacity given, or invalid.")
    def get(self, query: dict[str, Any], name: str) -> dict[str, Any]:
        """Suggest thresholds for a target precision and/or daily review capacity; saves nothing."""
        suggestion = services.suggest(
            get_site_by_name(name),
            target_precision=query.get("precision"),
            daily_capacity=query.get("capacity"),
            days=query["days"],
        )
        return {
            **asdict(suggestion),
            "scores": {score.name: asdict(score) for score in suggestion.scores},
            "thresholds": suggestion.thresholds(),
            "changed": suggestion.changed,
        }


@blp.route("/<name>/thresholds")
class Thresholds(MethodView):
    @blp.doc(security=MODERATOR_TOKEN)
    @blp.arguments(ThresholdsIn)
    @blp.response(200, ThresholdsOut)
    @blp.alt_response(403, description="Not an admin's token.")
    @blp.alt_response(404, description="No such site.")
    def post(self, payload: dict[str, Any], name: str) -> dict[str, Any]:
        """Set a site's thresholds (e.g. a suggestion's); recorded in the audit log."""
        site = get_site_by_name(name)
        actor = current_moderator().actor
        after = services.apply_thresholds(site, payload["thresholds"], actor)
        return {"site": site.name, "thresholds": after}
