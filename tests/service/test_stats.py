"""The moderators' dashboard: what each figure counts, and charts safe under a strict CSP."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from markupsafe import Markup
from sqlalchemy import select

from service.classifier.models import ModelStatus, ModelVersion
from service.db import db
from service.items.models import Article, Item, ItemKind, ItemStatus
from service.moderation.models import Decision, Score
from service.stats.charts import decisions_chart, moderator_volume_chart, queue_chart
from service.stats.services import Dashboard, DayCount, ModeratorStats, dashboard
from tests.conftest import SiteKey

TODAY = date(2024, 11, 28)  # a 7-day window runs from 11-22 to 11-28
HOSTILE = "<script>alert(1)</script>"
Chart = Callable[[Dashboard], Markup]


def at(moment: str) -> datetime:
    """A UTC timestamp from ``"2024-11-28 09:30"``."""
    return datetime.fromisoformat(moment).replace(tzinfo=UTC)


def new_item(site: SiteKey, submitted: str) -> Item:
    article = Article(site_id=site.id, external_id=f"a-{uuid.uuid4().hex[:8]}")
    item = Item(
        site_id=site.id,
        external_id=f"c-{uuid.uuid4().hex[:12]}",
        kind=ItemKind.COMMENT,
        article=article,
        text="The new bridge will cut my commute in half.",
        request_hash="0" * 64,
        created_at=at(submitted),
        status=ItemStatus.PENDING,
    )
    db.session.add(item)
    db.session.flush()
    return item


def decide(
    item: Item, to_status: str, actor: str, moment: str, reason_codes: list[str] | None = None
) -> Decision:
    """Append a decision moving the item from its current status, as the services do."""
    decision = Decision(
        item_id=item.id,
        from_status=item.status.value,
        to_status=to_status,
        actor=actor,
        reason_codes=reason_codes or [],
        created_at=at(moment),
    )
    item.status = ItemStatus(to_status)
    item.decided_at = at(moment)
    db.session.add(decision)
    db.session.flush()
    return decision


def score(item: Item, spam: float, toxicity: float = 0.0, moment: str = "2024-11-01") -> None:
    version = db.session.scalar(
        select(ModelVersion.id).where(ModelVersion.status == ModelStatus.ACTIVE)
    )
    assert version is not None
    db.session.add(
        Score(
            item_id=item.id,
            model_version_id=version,
            spam=spam,
            toxicity=toxicity,
            created_at=at(moment),
        )
    )


def week(*sites: SiteKey) -> Dashboard:
    db.session.commit()
    return dashboard([s.id for s in sites], days=7, today=TODAY)


def moderator(board: Dashboard, username: str) -> ModeratorStats:
    [stats] = [m for m in board.moderators if m.username == username]
    return stats


def test_the_window_is_the_last_days_ending_today(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        board = week(site)

    assert board.days[0] == date(2024, 11, 22) and board.days[-1] == TODAY
    assert len(board.days) == len(board.decisions_per_day) == len(board.queue_size_per_day) == 7


def test_decisions_are_counted_per_day_by_actor_kind(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        first, second = new_item(site, "2024-11-26 08:00"), new_item(site, "2024-11-26 08:00")
        decide(first, "approved", "policy", "2024-11-26 08:01")
        decide(second, "held", "policy", "2024-11-26 08:01")
        decide(second, "approved", "moderator:ana", "2024-11-26 23:59")
        decide(second, "held", "report", "2024-11-27 00:00")
        board = week(site)

    by_day = {count.day: count for count in board.decisions_per_day}
    assert by_day[date(2024, 11, 26)] == DayCount(date(2024, 11, 26), policy=2, moderator=1)
    assert by_day[date(2024, 11, 27)] == DayCount(date(2024, 11, 27), report=1)
    assert by_day[TODAY].total == 0


def test_decisions_outside_the_window_are_not_counted(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        item = new_item(site, "2024-11-21 08:00")
        decide(item, "approved", "policy", "2024-11-21 23:59")
        decide(item, "held", "report", "2024-11-29 00:00")
        board = week(site)

    assert sum(count.total for count in board.decisions_per_day) == 0


def test_queue_size_counts_items_held_before_the_window(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        for _ in range(2):
            decide(new_item(site, "2024-11-01 08:00"), "held", "policy", "2024-11-01 08:01")
        released = new_item(site, "2024-11-01 08:00")
        decide(released, "held", "policy", "2024-11-01 08:01")
        decide(released, "approved", "moderator:ana", "2024-11-02 08:00")
        board = week(site)

    assert [point.value for point in board.queue_size_per_day] == [2] * 7


def test_queue_size_follows_items_entering_and_leaving_held(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        item = new_item(site, "2024-11-23 08:00")
        decide(item, "held", "policy", "2024-11-23 08:01")
        decide(item, "approved", "moderator:ana", "2024-11-25 10:00")
        decide(item, "held", "report", "2024-11-27 10:00")
        board = week(site)

    assert [point.value for point in board.queue_size_per_day] == [0, 1, 1, 0, 0, 1, 1]


def test_median_time_to_human_decision_runs_from_submission_to_first_moderator_decision(
    app: Flask, site: SiteKey
) -> None:
    with app.app_context():
        for submitted, decided in [
            ("2024-11-25 08:00", "2024-11-25 08:10"),
            ("2024-11-25 08:00", "2024-11-25 08:30"),
            ("2024-11-25 08:00", "2024-11-25 09:30"),
            ("2024-11-26 08:00", "2024-11-27 08:00"),
        ]:
            item = new_item(site, submitted)
            decide(item, "held", "policy", submitted)
            decide(item, "approved", "moderator:ana", decided)
            # A second look at the same item is not the first human decision.
            decide(item, "rejected", "moderator:ben", "2024-11-28 12:00")
        board = week(site)

    per_day = {point.day: point.value for point in board.median_minutes_to_human_decision_per_day}
    assert per_day[date(2024, 11, 25)] == 30
    assert per_day[date(2024, 11, 27)] == 24 * 60
    assert per_day[TODAY] is None
    assert board.median_minutes_to_human_decision == (30 + 90) / 2


def test_a_first_human_decision_before_the_window_is_not_timed_again(
    app: Flask, site: SiteKey
) -> None:
    with app.app_context():
        item = new_item(site, "2024-11-01 08:00")
        decide(item, "held", "policy", "2024-11-01 08:00")
        decide(item, "approved", "moderator:ana", "2024-11-01 09:00")
        decide(item, "held", "report", "2024-11-25 09:00")
        decide(item, "rejected", "moderator:ana", "2024-11-25 10:00")
        board = week(site)

    assert board.median_minutes_to_human_decision is None


def test_auto_decided_share_is_policy_verdicts_among_items_first_decided_in_the_window(
    app: Flask, site: SiteKey
) -> None:
    with app.app_context():
        for to_status in ["approved", "rejected", "approved", "held"]:
            decide(new_item(site, "2024-11-25 08:00"), to_status, "policy", "2024-11-25 08:01")
        # First decided before the window: its later decisions do not count here.
        older = new_item(site, "2024-11-01 08:00")
        decide(older, "held", "policy", "2024-11-01 08:01")
        decide(older, "approved", "moderator:ana", "2024-11-25 08:00")
        board = week(site)

    assert board.auto_decided_share == 3 / 4


def test_an_empty_window_has_zero_counts_and_no_ratios(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        board = week(site)

    assert board.auto_decided_share is None
    assert board.median_minutes_to_human_decision is None
    assert board.moderators == ()
    assert all(point.value == 0 for point in board.queue_size_per_day)


def test_moderator_volume_counts_approvals_and_rejections(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        for to_status in ["approved", "approved", "rejected", "held"]:
            item = new_item(site, "2024-11-25 08:00")
            decide(item, to_status, "moderator:ana", "2024-11-25 09:00")
        decide(new_item(site, "2024-11-25 08:00"), "approved", "moderator:ben", "2024-11-25 09:00")
        board = week(site)

    assert [m.username for m in board.moderators] == ["ana", "ben"]
    ana = moderator(board, "ana")
    assert (ana.volume, ana.approvals, ana.rejections) == (4, 2, 1)


def test_moderator_agreement_compares_verdicts_with_the_latest_score(
    app: Flask, site: SiteKey
) -> None:
    with app.app_context():
        cases = [
            ("rejected", 0.9, 0.0),  # agrees: the model flags it
            ("approved", 0.1, 0.2),  # agrees: the model does not
            ("approved", 0.1, 0.7),  # disagrees: toxicity is high
            ("rejected", 0.5, 0.0),  # agrees: 0.5 counts as flagged
        ]
        for to_status, spam, toxicity in cases:
            item = new_item(site, "2024-11-25 08:00")
            score(item, spam, toxicity)
            decide(item, to_status, "moderator:ana", "2024-11-25 09:00")
        decide(new_item(site, "2024-11-25 08:00"), "rejected", "moderator:ana", "2024-11-25 09:00")
        board = week(site)

    ana = moderator(board, "ana")
    assert ana.volume == 5
    assert ana.scored == 4
    assert ana.agreement == 3 / 4


def test_agreement_uses_the_item_s_latest_score(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        item = new_item(site, "2024-11-25 08:00")
        score(item, spam=0.9, moment="2024-11-25 08:00")
        retired = db.session.scalar(select(ModelVersion))
        assert retired is not None
        retired.status = ModelStatus.RETIRED
        db.session.flush()
        newer = ModelVersion(
            name="rescorer",
            status=ModelStatus.ACTIVE,
            recipe=retired.recipe,
            checksum="0" * 64,
            artifact_size=0,
            artifact=b"",
        )
        db.session.add(newer)
        db.session.flush()
        score(item, spam=0.2, moment="2024-11-26 08:00")
        decide(item, "approved", "moderator:ana", "2024-11-26 09:00")
        board = week(site)

    assert moderator(board, "ana").agreement == 1.0


def test_agreement_is_none_without_scored_verdicts(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        decide(new_item(site, "2024-11-25 08:00"), "approved", "moderator:ana", "2024-11-25 09:00")
        board = week(site)

    assert moderator(board, "ana").agreement is None


def test_an_undo_and_the_decision_it_undid_are_left_out_of_moderator_figures(
    app: Flask, site: SiteKey
) -> None:
    with app.app_context():
        item = new_item(site, "2024-11-25 08:00")
        score(item, spam=0.1)
        decide(item, "held", "policy", "2024-11-25 08:00")
        decide(item, "rejected", "moderator:ana", "2024-11-25 09:00")
        decide(item, "held", "moderator:ana", "2024-11-25 09:01", reason_codes=["undo"])
        decide(item, "approved", "moderator:ana", "2024-11-25 09:02")
        board = week(site)

    ana = moderator(board, "ana")
    assert (ana.volume, ana.approvals, ana.rejections) == (1, 1, 0)
    assert ana.agreement == 1.0


def test_an_undo_does_not_remove_another_moderator_s_decision(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        item = new_item(site, "2024-11-25 08:00")
        decide(item, "held", "policy", "2024-11-25 08:00")
        decide(item, "rejected", "moderator:ana", "2024-11-25 09:00")
        decide(item, "approved", "moderator:ben", "2024-11-25 09:01")
        decide(item, "rejected", "moderator:ana", "2024-11-25 09:02", reason_codes=["undo"])
        board = week(site)

    assert moderator(board, "ben").volume == 1
    assert [m.username for m in board.moderators] == ["ben"]


def test_a_site_not_asked_for_is_not_counted(
    app: Flask, site: SiteKey, other_site: SiteKey
) -> None:
    with app.app_context():
        held_before = new_item(other_site, "2024-11-01 08:00")
        decide(held_before, "held", "policy", "2024-11-01 08:01")
        item = new_item(other_site, "2024-11-25 08:00")
        decide(item, "held", "policy", "2024-11-25 08:01")
        decide(item, "approved", "moderator:ana", "2024-11-25 09:00")
        board = week(site)
        both = week(site, other_site)

    assert sum(count.total for count in board.decisions_per_day) == 0
    assert board.queue_size_per_day[0].value == 0
    assert board.moderators == ()
    assert sum(count.total for count in both.decisions_per_day) == 2


@pytest.fixture
def hostile_board(app: Flask, site: SiteKey) -> Dashboard:
    with app.app_context():
        item = new_item(site, "2024-11-25 08:00")
        decide(item, "held", "policy", "2024-11-25 08:00")
        decide(item, "approved", f"moderator:{HOSTILE}", "2024-11-26 09:00")
        return week(site)


def test_charts_escape_a_hostile_username(hostile_board: Dashboard) -> None:
    svg = str(moderator_volume_chart(hostile_board))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<script" not in svg


@pytest.mark.parametrize("chart", [decisions_chart, queue_chart, moderator_volume_chart])
def test_charts_carry_no_inline_style_or_script(hostile_board: Dashboard, chart: Chart) -> None:
    svg = str(chart(hostile_board))

    assert "style=" not in svg
    assert "<script" not in svg.lower()


@pytest.mark.parametrize("chart", [decisions_chart, queue_chart, moderator_volume_chart])
def test_charts_are_scalable_svg_with_an_accessible_name(
    hostile_board: Dashboard, chart: Chart
) -> None:
    root = ET.fromstring(str(chart(hostile_board)))

    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.find("{http://www.w3.org/2000/svg}title") is not None


def test_decisions_chart_has_day_labels_a_max_label_and_a_legend(
    hostile_board: Dashboard,
) -> None:
    svg = str(decisions_chart(hostile_board))

    assert ">11-22</text>" in svg and ">11-28</text>" in svg
    assert 'class="axis-label axis-max"' in svg
    assert 'class="bar series-policy"' in svg and 'class="bar series-moderator"' in svg
    assert 'fill="#4e79a7"' in svg  # a default colour, for pages without the stylesheet
    for kind in ["policy", "moderator", "report"]:
        assert f">{kind}</text>" in svg
