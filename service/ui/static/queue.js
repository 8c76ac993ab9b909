// Keyboard work for the review queue. Every action also works without this script: the cards
// are plain forms. Comment text is never inserted as HTML here; only our own server's fragments
// (the author history, rendered and escaped server-side) are parsed, and without scripts.
(function () {
  "use strict";

  var REASONS = ["spam", "toxic", "insult", "threat", "hate", "personal_data", "off_topic", "other"];
  var TOAST_KEY = "commentguard.toast";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var queue = document.getElementById("queue");
  var toast = document.getElementById("toast");
  var rejectDialog = document.getElementById("reject-dialog");
  var help = document.getElementById("help");
  var current = 0;
  var pendingReject = null;

  function cards() {
    return queue ? Array.prototype.slice.call(queue.querySelectorAll("article.card")) : [];
  }

  function focusCard(index) {
    var list = cards();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (card, i) {
      card.classList.toggle("is-current", i === current);
      if (i === current) { card.setAttribute("aria-current", "true"); } else { card.removeAttribute("aria-current"); }
    });
    list[current].focus({ preventScroll: true });
    list[current].scrollIntoView({ block: "nearest" });
  }

  function currentCard() { return cards()[current] || null; }

  function selectedIds() {
    return cards().filter(function (card) {
      var box = card.querySelector("input.select-item");
      return box && box.checked;
    }).map(function (card) { return card.getAttribute("data-item-id"); });
  }

  function updateSelection() {
    var count = document.getElementById("selected-count");
    cards().forEach(function (card) {
      var box = card.querySelector("input.select-item");
      card.classList.toggle("is-selected", !!(box && box.checked));
    });
    if (count) { count.textContent = String(selectedIds().length); }
  }

  function showToast(message, undoable) {
    if (!toast) { return; }
    toast.querySelector(".toast-message").textContent = message;
    document.getElementById("undo").hidden = !undoable;
    toast.hidden = false;
  }

  function post(url, fields) {
    var body = new FormData();
    body.append("csrf_token", csrf);
    Object.keys(fields).forEach(function (name) {
      [].concat(fields[name]).forEach(function (value) { if (value !== null && value !== undefined) { body.append(name, value); } });
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.detail || ("The server answered " + response.status)); }
        return data;
      });
    });
  }

  function decide(ids, action, reason, note) {
    if (!ids.length) { showToast("Select items first (x).", false); return; }
    var leaving = cards().filter(function (card) { return ids.indexOf(card.getAttribute("data-item-id")) >= 0; });
    leaving.forEach(function (card) { card.classList.add("is-leaving"); });
    post("/queue/bulk", { item_ids: ids, action: action, reason: reason || "", note: note || "" })
      .then(function (data) {
        var position = current;
        leaving.forEach(function (card) {
          if (data.decided.indexOf(card.getAttribute("data-item-id")) >= 0) { card.remove(); }
          else { card.classList.remove("is-leaving"); }
        });
        updateSelection();
        if (!cards().length) { window.location.reload(); return; }
        focusCard(position);
        showToast(data.message, true);
      })
      .catch(function (error) {
        leaving.forEach(function (card) { card.classList.remove("is-leaving"); });
        showToast(error.message, false);
      });
  }

  function undo() {
    post("/undo", {})
      .then(function (data) {
        try { window.sessionStorage.setItem(TOAST_KEY, data.message || "Undone"); } catch (e) { /* private mode */ }
        window.location.reload();
      })
      .catch(function (error) { showToast(error.message, false); });
  }

  function askReason(ids) {
    if (!rejectDialog) { return; }
    pendingReject = ids;
    rejectDialog.querySelector('input[name="reject-reason"]').checked = true;
    rejectDialog.querySelector("#reject-note").value = "";
    rejectDialog.returnValue = "";
    rejectDialog.showModal();
    rejectDialog.querySelector('input[name="reject-reason"]:checked').focus();
  }

  function toggleHistory(card) {
    var panel = card.querySelector(".history-panel");
    var link = card.querySelector("a.history-link");
    if (!panel || !link) { return; }
    if (!panel.hidden) { panel.hidden = true; return; }
    fetch(link.getAttribute("data-history-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("History unavailable (" + response.status + ")"); }
        return response.text();
      })
      .then(function (html) {
        // Our own server-rendered, escaped fragment; DOMParser runs no scripts.
        var fragment = new DOMParser().parseFromString(html, "text/html").body;
        panel.replaceChildren.apply(panel, Array.prototype.slice.call(fragment.childNodes));
        panel.hidden = false;
      })
      .catch(function (error) { showToast(error.message, false); });
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" && target.type !== "checkbox" && target.type !== "radio" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  if (rejectDialog) {
    rejectDialog.addEventListener("keydown", function (event) {
      var index = "12345678".indexOf(event.key);
      if (index >= 0 && event.target.id !== "reject-note") {
        rejectDialog.querySelector('input[name="reject-reason"][value="' + REASONS[index] + '"]').checked = true;
        event.preventDefault();
      } else if (event.key === "Enter" && event.target.tagName !== "BUTTON") {
        event.preventDefault();
        rejectDialog.close("confirm");
      }
    });
    rejectDialog.addEventListener("close", function () {
      var ids = pendingReject;
      pendingReject = null;
      if (rejectDialog.returnValue !== "confirm" || !ids) { focusCard(current); return; }
      var reason = rejectDialog.querySelector('input[name="reject-reason"]:checked').value;
      decide(ids, "reject", reason, rejectDialog.querySelector("#reject-note").value);
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (document.querySelector("dialog[open]")) { return; }
    if (typing(event.target)) { return; }
    var card = currentCard();
    var handled = true;
    switch (event.key) {
      case "j": focusCard(current + 1); break;
      case "k": focusCard(current - 1); break;
      case "a": if (card) { decide([card.getAttribute("data-item-id")], "approve"); } break;
      case "r": if (card) { askReason([card.getAttribute("data-item-id")]); } break;
      case "x":
        if (card) {
          var box = card.querySelector("input.select-item");
          box.checked = !box.checked;
          updateSelection();
        }
        break;
      case "A": decide(selectedIds(), "approve"); break;
      case "R": if (selectedIds().length) { askReason(selectedIds()); } else { showToast("Select items first (x).", false); } break;
      case "h": if (card) { toggleHistory(card); } break;
      case "o": if (card) { window.location.href = "/items/" + card.getAttribute("data-item-id"); } break;
      case "u": undo(); break;
      case "?": if (help) { help.showModal(); } break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });

  // Clicks work the same way as keys, so mouse and keyboard users get the same feedback.
  if (queue) {
    queue.addEventListener("click", function (event) {
      var card = event.target.closest("article.card");
      if (card) {
        var index = cards().indexOf(card);
        if (index >= 0 && index !== current) { focusCard(index); }
      }
      var link = event.target.closest("a.history-link");
      if (link && card) { event.preventDefault(); toggleHistory(card); }
    });
    queue.addEventListener("change", function (event) {
      if (event.target.matches("input.select-item")) { updateSelection(); }
    });
  }
  var undoButton = document.getElementById("undo");
  if (undoButton) { undoButton.addEventListener("click", undo); }

  try {
    var message = window.sessionStorage.getItem(TOAST_KEY);
    if (message) {
      window.sessionStorage.removeItem(TOAST_KEY);
      showToast(message, false);
    }
  } catch (e) { /* private mode */ }

  if (cards().length) {
    focusCard(0);
  }
  updateSelection();
}());
