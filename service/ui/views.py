"""The moderators' workspace: server-rendered pages, with a small script for the keyboard."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from service.db import db
from service.errors import ProblemError
from service.extensions import login_manager
from service.items.models import Item
from service.moderation.models import Decision
from service.moderators import services as accounts
from service.moderators.models import Moderator
from service.reports.services import reports_of
from service.review import services as review
from service.review.schemas import QueueQuery
from service.sites.models import Site
from service.ui.forms import REASON_LABELS, DecisionForm, LoginForm, LogoutForm
from service.ui.highlight import safe_link, segments, spans_worth_showing

blp = Blueprint(
    "ui",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/ui",
)

login_manager.login_view = "ui.login"
login_manager.login_message = "Sign in to see the review queue."
login_manager.session_protection = "strong"

AUDIT_PAGE = 100


@login_manager.user_loader
def _load_user(session_id: str) -> Moderator | None:
    return accounts.load_session_user(session_id)


def _moderator() -> Moderator:
    return current_user  # type: ignore[return-value]


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@blp.app_context_processor
def _globals() -> dict[str, Any]:
    return {
        "logout_form": LogoutForm(),
        "reason_labels": REASON_LABELS,
        "segments": segments,
        "safe_link": safe_link,
    }


# --- errors -------------------------------------------------------------------------------


@blp.errorhandler(ProblemError)
def _problem(error: ProblemError) -> tuple[Response | str, int]:
    db.session.rollback()
    if _wants_json():
        return jsonify(code=error.code, detail=error.detail), error.status
    return render_template("ui/error.html", title=error.title, detail=error.detail), error.status


@blp.errorhandler(CSRFError)
def _csrf(error: CSRFError) -> tuple[Response | str, int]:
    detail = "The form expired or did not come from this site; reload the page and try again."
    if _wants_json():
        return jsonify(code="csrf_failed", detail=detail), 400
    return render_template("ui/error.html", title="Form refused", detail=detail), 400


@blp.errorhandler(HTTPException)
def _http(error: HTTPException) -> tuple[Response | str, int]:
    status = error.code or 500
    if _wants_json():
        return jsonify(code="http_error", detail=error.description), status
    return render_template("ui/error.html", title=error.name, detail=error.description), status


# --- signing in ---------------------------------------------------------------------------


def _local_path(target: str | None) -> str:
    """Only a path on this site is a place to go after signing in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("ui.queue")


@blp.route("/")
def index() -> Response:
    return redirect(url_for("ui.queue"))


@blp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        outcome = accounts.sign_in(form.username.data or "", form.password.data or "")
        if outcome.moderator is not None:
            session.clear()
            login_user(outcome.moderator)
            session.permanent = True
            return redirect(_local_path(request.args.get("next")))
        message = (
            "Too many failed attempts: this account is locked for a while. Ask an admin, "
            "or try again later."
            if outcome.locked
            else "Unknown username or wrong password."
        )
        return render_template("ui/login.html", form=form, error=message), 401
    return render_template("ui/login.html", form=form, error=None)


@blp.route("/logout", methods=["POST"])
def logout() -> Response:
    logout_user()
    session.clear()
    flash("Signed out.")
    return redirect(url_for("ui.login"))


# --- the queue ----------------------------------------------------------------------------


def _filters() -> tuple[review.QueueFilters, str | None]:
    args = {key: value for key, value in request.args.items() if value != ""}
    try:
        return review.QueueFilters(**QueueQuery().load(args)), None
    except ValidationError as error:
        fields = ", ".join(sorted(error.messages))
        return review.QueueFilters(), f"Some filters were not understood ({fields}); cleared."


def card_context(item: Item) -> dict[str, Any]:
    score = review.latest_score(item)
    values = {"spam": score.spam, "toxicity": score.toxicity, **score.extra} if score else {}
    return {
        "item": item,
        "score": score,
        "spans": spans_worth_showing(values, score.explanations if score else None),
        "reasons": review.reasons(item),
        "form": DecisionForm(formdata=None),
    }


@blp.route("/queue")
@login_required
def queue() -> str:
    filters, problem = _filters()
    page = review.queue_page(_moderator(), filters)
    return render_template(
        "ui/queue.html",
        filters=filters,
        problem=problem,
        page=page,
        cards=[card_context(item) for item in page.items],
        sites=accounts.visible_sites(_moderator()),
        languages=("az", "ru", "en", "tr"),
        queue_reasons=("spam_suspect", "toxicity_suspect", "reported"),
        next_args={**request.args, "cursor": page.next_cursor} if page.next_cursor else None,
    )


def _after_decision(result: review.ActionResult, verb: str) -> Response:
    count = len(result.decided) + len(result.unchanged)
    message = f"{verb} {count} item{'s' if count != 1 else ''}"
    if result.skipped:
        message += f"; {len(result.skipped)} skipped (changed meanwhile or not decided yet)"
    if _wants_json():
        return jsonify(
            message=message,
            decided=[str(item.id) for item in [*result.decided, *result.unchanged]],
            skipped=[{"item_id": str(s.item_id), "code": s.code} for s in result.skipped],
        )
    flash(message)
    return redirect(_local_path(request.form.get("next")))


def _verb(action: str) -> str:
    return "Approved" if action == review.APPROVE else "Rejected"


@blp.route("/items/<item_id>/decision", methods=["POST"])
@login_required
def decide(item_id: str) -> Response:
    item = review.get_visible_item(_moderator(), item_id)
    form = DecisionForm()
    action = request.form.get("action", "")
    form.action.data = action
    if not form.validate():
        raise ProblemError("; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()))
    reason = (form.reason.data or None) if action == review.REJECT else None
    result = review.decide_one(_moderator(), item.id, action, reason, form.note.data or None)
    return _after_decision(result, _verb(action))


@blp.route("/queue/bulk", methods=["POST"])
@login_required
def bulk() -> Response:
    action = request.form.get("action", "")
    ids = request.form.getlist("item_ids")
    if not ids:
        raise ProblemError("Select at least one item first (key x).")
    try:
        item_ids = [uuid.UUID(value) for value in ids]
    except ValueError:
        raise ProblemError("An item id in the selection is not valid.") from None
    reason = (request.form.get("reason") or None) if action == review.REJECT else None
    note = request.form.get("note") or None
    result = review.decide(_moderator(), item_ids, action, reason, note)
    return _after_decision(result, _verb(action))


@blp.route("/undo", methods=["POST"])
@login_required
def undo() -> Response:
    result = review.undo_last(_moderator())
    message = f"Undone: {len(result.decided)} item{'s' if len(result.decided) != 1 else ''} back"
    if _wants_json():
        return jsonify(message=message, restored=[str(item.id) for item in result.decided])
    flash(message)
    return redirect(_local_path(request.form.get("next")))


# --- one item -----------------------------------------------------------------------------


@blp.route("/items/<item_id>")
@login_required
def item_page(item_id: str) -> str:
    item = review.get_visible_item(_moderator(), item_id)
    return render_template(
        "ui/item.html",
        card=card_context(item),
        parent=review.parent_of(item),
        reports=reports_of(item),
        history=review.author_history(item),
        decisions=review.decisions_of(item),
        full=True,
    )


@blp.route("/items/<item_id>/history")
@login_required
def history(item_id: str) -> str:
    item = review.get_visible_item(_moderator(), item_id)
    return render_template("ui/_history.html", item=item, history=review.author_history(item))


# --- audit and dashboard ------------------------------------------------------------------


@blp.route("/audit")
@login_required
def audit() -> str:
    sites = accounts.visible_sites(_moderator())
    site_ids = [site.id for site in sites]
    statement = (
        select(Decision, Item, Site)
        .join(Item, Decision.item_id == Item.id)
        .join(Site, Item.site_id == Site.id)
        .where(Item.site_id.in_(site_ids))
    )
    actor = request.args.get("actor", "").strip()
    site_name = request.args.get("site", "")
    action = request.args.get("action", "")
    if actor:
        statement = statement.where(Decision.actor == actor)
    if site_name:
        statement = statement.where(Site.name == site_name)
    if action == "undo":
        statement = statement.where(Decision.reason_codes == ["undo"])
    elif action in {"approved", "rejected", "held"}:
        statement = statement.where(Decision.to_status == action)
    before = request.args.get("before")
    if before:
        try:
            statement = statement.where(Decision.created_at < _parse_time(before))
        except ValueError:
            abort(400, "The 'before' parameter is not a time this page gave out.")
    rows = db.session.execute(
        statement.order_by(Decision.created_at.desc()).limit(AUDIT_PAGE + 1)
    ).all()
    older = rows[AUDIT_PAGE - 1][0].created_at.isoformat() if len(rows) > AUDIT_PAGE else None
    return render_template(
        "ui/audit.html",
        rows=rows[:AUDIT_PAGE],
        sites=sites,
        actor=actor,
        site_name=site_name,
        action=action,
        older_args={**request.args, "before": older} if older else None,
    )


def _parse_time(raw: str) -> datetime:
    when = datetime.fromisoformat(raw)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@blp.route("/dashboard")
@login_required
def dashboard() -> str:
    from service.stats import charts
    from service.stats.services import dashboard as figures

    ids = accounts.site_ids(_moderator())
    return render_template("ui/dashboard.html", figures=figures(ids), charts=charts)
