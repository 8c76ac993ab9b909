"""The moderators' workspace in a real browser, against the UI's DOM contract.

The tests sign in as a moderator scoped to two of three sites, work the pages by keyboard and
mouse as a person would, and check the database afterwards.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

import pytest
import requests
from flask import Flask
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from service.db import db
from service.items.models import Item
from service.moderation.models import Decision
from service.moderators.services import create_moderator
from tests.browser.conftest import Problems, login, screenshot
from tests.conftest import new_site
from tests.factories import decided_item, held_item

USERNAME = "mina"
PASSWORD = "correct horse battery staple"
ACTOR = f"moderator:{USERNAME}"
MY_SITE, MY_OTHER_SITE, NOT_MY_SITE = "daily-news", "sport-news", "other-news"


@pytest.fixture
def moderator(app: Flask) -> str:
    """Three sites and a moderator scoped to two of them; returns the username."""
    for name in (MY_SITE, MY_OTHER_SITE, NOT_MY_SITE):
        new_site(app, name)
    with app.app_context():
        create_moderator(USERNAME, PASSWORD, site_names=(MY_SITE, MY_OTHER_SITE))
    return USERNAME


@pytest.fixture
def signed_in(page: Page, live_server: str, moderator: str) -> Page:
    """The page, signed in as the moderator (the caller creates items first, then navigates)."""
    login(page, live_server, moderator, PASSWORD)
    expect(page).to_have_url(re.compile(r"/queue(\?.*)?$"))
    return page


# --- reading the page -----------------------------------------------------------------------


def card(page: Page, item_id: str) -> Locator:
    return page.locator(f'#queue article.card[data-item-id="{item_id}"]')


def card_ids(page: Page) -> list[str]:
    return page.locator("#queue article.card").evaluate_all(
        "cards => cards.map(card => card.dataset.itemId)"
    )


def current_id(page: Page) -> str | None:
    current = page.locator("#queue article.card.is-current")
    return current.get_attribute("data-item-id") if current.count() else None


def make_current(page: Page) -> str:
    """The current card's id; presses `j` first if the page has no current card yet."""
    if current_id(page) is None:
        page.keyboard.press("j")
        expect(page.locator("#queue article.card.is-current")).to_have_count(1)
    item_id = current_id(page)
    assert item_id is not None
    return item_id


def expect_current(page: Page, item_id: str) -> None:
    expect(page.locator("#queue article.card.is-current")).to_have_attribute(
        "data-item-id", item_id
    )


def number(n: int) -> re.Pattern[str]:
    """Text holding the number ``n`` on its own ("4", "4 items"; not "14")."""
    return re.compile(rf"(^|\D){n}(\D|$)")


def reload_queue(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/queue")
    expect(page.locator("#queue")).to_be_visible()


# --- reading the database -------------------------------------------------------------------


def statuses(app: Flask, item_ids: Iterable[str]) -> dict[str, str]:
    """Each item's status, read in a fresh session (nothing cached from earlier reads)."""
    keys = [uuid.UUID(item_id) for item_id in item_ids]
    with app.app_context():
        db.session.expire_all()
        items = db.session.scalars(select(Item).where(Item.id.in_(keys)))
        return {str(item.id): item.status.value for item in items}


def decisions_by(app: Flask, actor: str) -> list[tuple[str, str, str, list[str]]]:
    """(decision id, item id, to_status, reason codes) of an actor's decisions, newest first."""
    with app.app_context():
        db.session.expire_all()
        rows = db.session.scalars(
            select(Decision).where(Decision.actor == actor).order_by(Decision.created_at.desc())
        )
        return [(str(d.id), str(d.item_id), d.to_status, list(d.reason_codes)) for d in rows]


def riskiest_first(app: Flask, site: str, texts: list[str], **fields: Any) -> list[str]:
    """Held items whose risk falls in list order, so the queue shows them in that order."""
    return [
        held_item(app, site, text, spam=0.95 - 0.05 * n, toxicity=0.1, **fields)
        for n, text in enumerate(texts)
    ]


# --- signing in -----------------------------------------------------------------------------


def test_signing_in_lands_on_the_queue_with_only_my_sites_held_items(
    page: Page, live_server: str, moderator: str, app: Flask
) -> None:
    mine = riskiest_first(app, MY_SITE, ["First of mine", "Second of mine"])
    mine.append(held_item(app, MY_OTHER_SITE, "Third of mine", spam=0.7))
    not_mine = held_item(app, NOT_MY_SITE, "Someone else's site", spam=0.99)
    decided_item(app, MY_SITE, "Already approved", "approved")

    page.goto(f"{live_server}/login")
    screenshot(page, "login")
    login(page, live_server, moderator, PASSWORD)

    expect(page).to_have_url(re.compile(r"/queue(\?.*)?$"))
    expect(page.locator("#queue article.card")).to_have_count(3)
    assert sorted(card_ids(page)) == sorted(mine)
    expect(page.locator(f'[data-item-id="{not_mine}"]')).to_have_count(0)
    expect(page.get_by_text("Someone else's site")).to_have_count(0)
    expect(page.locator('a.queue-tab[data-queue="held"] span.count')).to_have_text(number(3))
    screenshot(page, "queue")


def test_wrong_password_shows_an_error_and_stays_on_login(
    page: Page, live_server: str, moderator: str, problems: Problems
) -> None:
    # The contract leaves the status of a refused sign-in open; a 4xx re-render is fine.
    problems.expect_console_error(r"status of 4\d\d .*/login:")

    login(page, live_server, moderator, "not the password")

    expect(page).to_have_url(re.compile(r"/login(\?.*)?$"))
    expect(page.locator("[role=alert]")).to_be_visible()
    expect(page.locator("[role=alert]")).not_to_have_text(re.compile(r"^\s*$"))
    expect(page.locator("#login-form")).to_be_visible()
    screenshot(page, "login-wrong-password")
    page.goto(f"{live_server}/queue")
    expect(page).to_have_url(re.compile(r"/login"))


# --- working the queue ----------------------------------------------------------------------


def test_keyboard_moves_approves_and_rejects_with_a_reason(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    ids = riskiest_first(app, MY_SITE, [f"Comment number {n}" for n in range(4)])
    reload_queue(page, live_server)
    assert card_ids(page) == ids
    start = ids.index(current_id(page)) if current_id(page) else -1
    to_approve, to_reject = ids[start + 1], ids[start + 2]

    page.keyboard.press("j")
    expect_current(page, to_approve)
    page.keyboard.press("a")
    expect(card(page, to_approve)).to_have_count(0)
    expect(page.locator("#toast")).to_contain_text("Approved 1 item")
    expect(page.locator("#toast")).to_have_attribute("role", "status")
    expect(page.locator("#toast #undo")).to_be_visible()

    expect_current(page, to_reject)
    page.keyboard.press("r")
    expect(page.locator("dialog#reject-dialog")).to_be_visible()
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    expect(page.locator("dialog#reject-dialog")).to_be_hidden()
    expect(card(page, to_reject)).to_have_count(0)
    expect(page.locator("#toast")).to_contain_text("Rejected 1 item")
    screenshot(page, "queue-after-keyboard-decisions")

    untouched = [i for i in ids if i not in (to_approve, to_reject)]
    assert statuses(app, ids) == {
        to_approve: "approved",
        to_reject: "rejected",
        **dict.fromkeys(untouched, "held"),
    }
    decided = {item: (status, reasons) for _, item, status, reasons in decisions_by(app, ACTOR)}
    assert decided == {to_approve: ("approved", []), to_reject: ("rejected", ["toxic"])}


def test_bulk_reject_of_three_selected_cards(signed_in: Page, live_server: str, app: Flask) -> None:
    page = signed_in
    ids = riskiest_first(app, MY_SITE, [f"Bulk candidate {n}" for n in range(5)])
    reload_queue(page, live_server)

    selected = []
    for n in range(3):
        if n:
            page.keyboard.press("j")
        selected.append(make_current(page))
        page.keyboard.press("x")
        expect(page.locator("#selected-count")).to_have_text(number(n + 1))
        expect(card(page, selected[-1]).locator("input.select-item")).to_be_checked()
    assert len(set(selected)) == 3

    page.keyboard.press("Shift+R")
    expect(page.locator("dialog#reject-dialog")).to_be_visible()
    screenshot(page, "queue-bulk-reject-dialog")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    for item_id in selected:
        expect(card(page, item_id)).to_have_count(0)
    expect(page.locator("#toast")).to_contain_text("Rejected 3 items")
    screenshot(page, "queue-after-bulk-reject")

    rest = [i for i in ids if i not in selected]
    assert statuses(app, ids) == {
        **dict.fromkeys(selected, "rejected"),
        **dict.fromkeys(rest, "held"),
    }
    assert sorted(
        (item, status, reasons) for _, item, status, reasons in decisions_by(app, ACTOR)
    ) == sorted((item, "rejected", ["spam"]) for item in selected)


def test_undo_puts_my_last_approval_back_in_the_queue(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    ids = riskiest_first(app, MY_SITE, ["Undo me", "Leave me"])
    reload_queue(page, live_server)
    item_id = make_current(page)

    page.keyboard.press("a")
    expect(card(page, item_id)).to_have_count(0)
    expect(page.locator("#toast")).to_contain_text("Approved 1 item")
    assert statuses(app, [item_id]) == {item_id: "approved"}

    page.keyboard.press("u")
    expect(card(page, item_id)).to_be_visible()
    expect(page.locator("#toast")).to_contain_text("Undone")
    screenshot(page, "queue-after-undo")
    assert statuses(app, ids) == dict.fromkeys(ids, "held")
    _, latest_item, latest_status, _ = decisions_by(app, ACTOR)[0]
    assert (latest_item, latest_status) == (item_id, "held")


def test_filtering_by_language_shows_only_cards_in_that_language(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    by_language = {
        language: held_item(app, MY_SITE, text, language=language)
        for language, text in [
            ("az", "Məqalə üçün təşəkkürlər, çox maraqlıdır."),
            ("ru", "Спасибо за статью, очень интересно."),
            ("en", "Thanks for the article, very interesting."),
            ("tr", "Makale için teşekkürler, çok ilginç."),
        ]
    }
    reload_queue(page, live_server)
    expect(page.locator("#queue article.card")).to_have_count(4)

    page.locator("#filter-language").select_option("ru")
    with page.expect_navigation():
        page.locator("#apply-filters").click()

    expect(page).to_have_url(re.compile(r"[?&]language=ru(&|$)"))
    expect(page.locator("#queue article.card")).to_have_count(1)
    assert card_ids(page) == [by_language["ru"]]
    screenshot(page, "queue-filtered-by-language")


def test_filtering_by_site_shows_only_that_sites_cards(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    daily = [held_item(app, MY_SITE, f"Daily comment {n}") for n in range(2)]
    sport = [held_item(app, MY_OTHER_SITE, f"Sport comment {n}") for n in range(2)]
    reload_queue(page, live_server)
    expect(page.locator("#queue article.card")).to_have_count(4)
    options = page.locator("#filter-site option").evaluate_all("os => os.map(o => o.value)")
    assert NOT_MY_SITE not in options

    page.locator("#filter-site").select_option(MY_OTHER_SITE)
    with page.expect_navigation():
        page.locator("#apply-filters").click()

    expect(page.locator("#queue article.card")).to_have_count(2)
    assert sorted(card_ids(page)) == sorted(sport)
    assert not set(card_ids(page)) & set(daily)
    screenshot(page, "queue-filtered-by-site")


def test_help_overlay_opens_with_question_mark_and_closes_with_escape(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    held_item(app, MY_SITE, "Anything to show")
    reload_queue(page, live_server)
    help_dialog = page.locator("dialog#help")
    expect(help_dialog).to_be_hidden()

    page.keyboard.press("?")
    expect(help_dialog).to_be_visible()
    screenshot(page, "help-overlay")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()


def test_history_panel_opens_with_h_and_shows_the_authors_counts(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    held = held_item(app, MY_SITE, "A repeat visitor again", spam=0.99, author_id="reader-9")
    decided_item(app, MY_SITE, "An earlier fine comment", "approved", author_id="reader-9")
    for n in range(2):
        decided_item(app, MY_SITE, f"An earlier rude comment {n}", "rejected", author_id="reader-9")
    held_item(app, MY_SITE, "Someone else entirely", spam=0.5, author_id="reader-1")
    reload_queue(page, live_server)
    assert make_current(page) == held
    panel = card(page, held).locator(".history-panel")

    page.keyboard.press("h")

    expect(panel).to_be_visible()
    # Everything the author wrote on this site: the held comment and the three decided ones.
    expect(panel.locator(".history-items")).to_have_text(number(4))
    expect(panel.locator(".history-approved")).to_have_text(number(1))
    expect(panel.locator(".history-rejected")).to_have_text(number(2))
    screenshot(page, "queue-history-panel")
    page.keyboard.press("h")
    expect(panel).to_be_hidden()


def test_item_page_shows_the_card_with_article_link_and_parent(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    article = {"article_id": "art-bridge", "article_url": "https://news.example/a/1"}
    parent = decided_item(app, MY_SITE, "The parent comment says hello", "approved", **article)
    with app.app_context():
        parent_external_id = db.session.get(Item, uuid.UUID(parent)).external_id
    item_id = held_item(
        app,
        MY_SITE,
        "A reply that was held",
        parent_external_id=parent_external_id,
        **article,
    )

    page.goto(f"{live_server}/items/{item_id}")

    expect(page.locator(f'article.card[data-item-id="{item_id}"]')).to_have_count(1)
    expect(page.locator(".card-text")).to_contain_text("A reply that was held")
    expect(page.locator("a.article-link")).to_have_attribute("href", "https://news.example/a/1")
    expect(page.locator(".parent")).to_contain_text("The parent comment says hello")
    screenshot(page, "item")
    # The author (reader-1) wrote the approved parent and the held reply.
    history = page.locator(".history-panel").filter(has=page.locator(".history-items"))
    expect(history).to_be_visible()
    expect(history.locator(".history-items")).to_have_text(number(2))
    expect(history.locator(".history-approved")).to_have_text(number(1))
    expect(history.locator(".history-rejected")).to_have_text(number(0))


# --- audit and dashboard --------------------------------------------------------------------


def test_audit_page_lists_my_decisions_newest_first(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    riskiest_first(app, MY_SITE, ["To approve", "To reject", "To leave"])
    reload_queue(page, live_server)
    make_current(page)
    page.keyboard.press("a")
    expect(page.locator("#toast")).to_contain_text("Approved 1 item")
    make_current(page)
    page.keyboard.press("r")
    expect(page.locator("dialog#reject-dialog")).to_be_visible()
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.locator("#toast")).to_contain_text("Rejected 1 item")
    mine = [decision_id for decision_id, *_ in decisions_by(app, ACTOR)]
    assert len(mine) == 2

    with page.expect_navigation():
        page.locator('nav[aria-label="Main"] a[href="/audit"]').click()

    rows = page.locator("table#audit tr[data-decision-id]")
    expect(rows.first).to_be_visible()
    shown = rows.evaluate_all("rows => rows.map(row => row.dataset.decisionId)")
    assert shown[:2] == mine
    for decision_id in mine:
        expect(page.locator(f'tr[data-decision-id="{decision_id}"]')).to_contain_text(USERNAME)
    screenshot(page, "audit")


def test_dashboard_renders_its_three_charts(signed_in: Page, live_server: str, app: Flask) -> None:
    page = signed_in
    held_item(app, MY_SITE, "Still waiting")
    decided_item(app, MY_SITE, "Fine", "approved")
    decided_item(app, MY_SITE, "Not fine", "rejected")

    with page.expect_navigation():
        page.locator('nav[aria-label="Main"] a[href="/dashboard"]').click()

    for chart in ("chart-decisions", "chart-queue", "chart-moderators"):
        expect(page.locator(f"figure#{chart} svg").first).to_be_visible()
    expect(page.locator("#median-minutes")).to_be_visible()
    expect(page.locator("#auto-share")).to_be_visible()
    screenshot(page, "dashboard")


# --- hostile input --------------------------------------------------------------------------

HOSTILE = {
    "script": "<script>window.__pwned=1</script>",
    "img": '<img src=x onerror="window.__pwned=1">',
    "link": '<a href="javascript:window.__pwned=1">click</a>',
    "textarea": "</textarea><b>bold</b>",
    "rtl-override": "\u202eevil\u202c",
    "long-word": "W" * 10_000,
    # Combining marks, then emoji: a ZWJ sequence (woman technologist), a flag, a skin tone.
    "zalgo-and-emoji": "Z\u0335\u0321\u031ba\u0337\u0322l\u0338\u0328g\u0335\u031bo\u0336 "
    "\U0001f469\U0001f3fd\u200d\U0001f4bb \U0001f1e6\U0001f1ff \U0001f44d\U0001f3ff",
    "az": "Məqalə üçün təşəkkürlər, çox maraqlıdır.",
    "ru": "Спасибо за статью, очень интересно.",
    "en": "Thanks for the article, very interesting.",
    "tr": "Makale için teşekkürler, çok ilginç.",
}


def hostile_items(app: Flask) -> dict[str, str]:
    """One held item per hostile text, and "bad-link" on an article with a javascript: URL."""
    ids = {
        name: held_item(
            app, MY_SITE, text, language=name if name in ("az", "ru", "en", "tr") else "en"
        )
        for name, text in HOSTILE.items()
        if name != "script"
    }
    # A highlighted span (the word "script", behind a high toxicity score) inside text that
    # looks like markup must stay text too.
    ids["script"] = held_item(
        app,
        MY_SITE,
        HOSTILE["script"],
        toxicity=0.9,
        explanations={"toxicity": [{"start": 1, "end": 7, "weight": 0.9}]},
    )
    ids["bad-link"] = held_item(
        app,
        MY_SITE,
        "Look at my article",
        article_id="art-js",
        article_url="javascript:alert(1)",
    )
    return ids


def test_hostile_comments_render_inert_and_the_queue_still_works(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    ids = hostile_items(app)
    reload_queue(page, live_server)
    expect(page.locator("#queue article.card")).to_have_count(len(ids))
    screenshot(page, "queue-hostile-comments")

    assert page.evaluate("typeof window.__pwned") == "undefined"
    made = page.locator(".card-text").evaluate_all(
        "texts => texts.flatMap(t => [...t.querySelectorAll('img, script, b, a, textarea')])"
        ".map(el => el.outerHTML.slice(0, 80))"
    )
    assert made == []
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.locator('a[href^="javascript:" i]')).to_have_count(0)
    expect(card(page, ids["script"]).locator(".card-text")).to_contain_text(HOSTILE["script"])
    marked = card(page, ids["script"]).locator('.card-text mark.hl[data-score="toxicity"]')
    expect(marked).to_have_text("script")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    ), "the 10,000-character word makes the page scroll sideways"

    item_id = make_current(page)
    page.keyboard.press("a")
    expect(card(page, item_id)).to_have_count(0)
    expect(page.locator("#toast")).to_contain_text("Approved 1 item")
    assert statuses(app, [item_id]) == {item_id: "approved"}
    assert page.evaluate("typeof window.__pwned") == "undefined"

    page.goto(f"{live_server}/items/{ids['bad-link']}")
    expect(page.locator(".card-text")).to_contain_text("Look at my article")
    expect(page.locator("a.article-link")).to_have_count(0)
    expect(page.locator('a[href^="javascript:" i]')).to_have_count(0)
    screenshot(page, "item-with-javascript-article-url")


def test_comment_text_is_shown_as_written_in_every_script(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    ids = hostile_items(app)
    reload_queue(page, live_server)
    expect(page.locator("#queue article.card")).to_have_count(len(ids))

    altered = {}
    for name, text in HOSTILE.items():
        shown = card(page, ids[name]).locator(".card-text").text_content() or ""
        if name == "rtl-override":
            # A direction override may show as itself or spelled out as its code points: both
            # are inert, and spelling it out shows the moderator the trick.
            written = "evil" in shown and ("\u202e" in shown or "U+202E" in shown)
        else:
            written = text in shown
        if not written:
            altered[name] = shown[:120]
    assert altered == {}, "comments not shown as written"
    screenshot(page, "queue-text-as-written")


# --- accessibility basics -------------------------------------------------------------------

UNLABELLED_CONTROLS = """() => {
  const text = el => (el && el.textContent || '').trim();
  const named = el => {
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    if (by.some(id => text(document.getElementById(id)))) return true;
    if (el.tagName === 'BUTTON') return !!text(el);
    if (el.type === 'submit' || el.type === 'button') return !!(el.value || '').trim();
    return [...(el.labels || [])].some(label => text(label));
  };
  return [...document.querySelectorAll('input, select, textarea, button')]
    .filter(el => el.type !== 'hidden' && !named(el))
    .map(el => el.outerHTML.slice(0, 120));
}"""


def test_every_form_control_on_login_and_queue_has_a_label(
    page: Page, live_server: str, moderator: str, app: Flask
) -> None:
    riskiest_first(app, MY_SITE, ["One", "Two"])
    page.goto(f"{live_server}/login")
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    expect(page.locator("#username")).to_have_accessible_name(re.compile(r"\S"))
    expect(page.locator("#password")).to_have_accessible_name(re.compile(r"\S"))

    login(page, live_server, moderator, PASSWORD)
    expect(page.locator("#queue article.card")).to_have_count(2)
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    screenshot(page, "queue-labels")


TAB_STEP = """([selector]) => {
  const el = document.activeElement;
  const trail = (window.__tabTrail = window.__tabTrail || []);
  const previous = trail[trail.length - 1];
  trail.push(el);
  const first = document.querySelector('#queue article.card');
  const wanted = [...first.querySelectorAll(selector)];
  return {
    focused: el ? el.outerHTML.slice(0, 100) : null,
    backwards: !!(previous && previous !== el &&
      (previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING)),
    reached: wanted.filter(c => trail.includes(c)).length,
    wanted: wanted.length,
  };
}"""
FIRST_CARD_CONTROLS = (
    "input.select-item, a.history-link, select[name=reason], textarea[name=note], "
    "button[name=action][value=approve], button[name=action][value=reject]"
)


def test_tab_from_the_page_start_reaches_the_first_cards_controls_in_dom_order(
    signed_in: Page, live_server: str, app: Flask
) -> None:
    page = signed_in
    riskiest_first(app, MY_SITE, ["First card", "Second card"])
    reload_queue(page, live_server)
    visited = []
    for _ in range(80):
        page.keyboard.press("Tab")
        step = page.evaluate(TAB_STEP, [FIRST_CARD_CONTROLS])
        visited.append(step["focused"])
        assert not step["backwards"], "focus went back up the page:\n" + "\n".join(visited)
        if step["reached"] == step["wanted"]:
            break
    else:
        pytest.fail("80 Tabs did not reach every control of the first card:\n" + "\n".join(visited))
    assert step["wanted"] == 6
    screenshot(page, "queue-first-card-focused")


# --- the harness itself ---------------------------------------------------------------------


def test_live_server_answers_and_chromium_loads_it_cleanly(page: Page, live_server: str) -> None:
    assert requests.get(f"{live_server}/healthz", timeout=5).json()["status"] == "ok"
    response = page.goto(f"{live_server}/healthz")
    assert response is not None and response.status == 200
    expect(page.locator("body")).to_contain_text('"ok"')
