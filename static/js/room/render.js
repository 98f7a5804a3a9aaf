// DOM updates for the room. User text only ever goes in through textContent.

import { isModerator, isOwnIdea, now } from "./state.js";

const STATE_LABELS = {
  draft: "Draft",
  open: "Open for invitations",
  live: "Live",
  paused: "Paused",
  closed: "Closed",
};

export function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const excerpt = (text, length = 90) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

export function authorLabel(idea, room) {
  if (!idea.author) return "Anonymous";
  const parts = [idea.author.name, idea.author.company].filter(Boolean).join(" · ");
  return idea.anonymous && isModerator(room) ? `${parts} (posted anonymously)` : parts;
}

export function createView(root) {
  const find = (selector) => root.querySelector(selector);
  const rules = new Map(
    [...root.querySelectorAll("[data-rule-slug]")].map((item) => [item.dataset.ruleSlug, item.dataset.ruleTitle]),
  );
  return {
    root,
    find,
    rules,
    badge: find("[data-state-badge]"),
    banners: [...root.querySelectorAll("[data-banner-for]")],
    reconnecting: find("[data-reconnecting]"),
    refused: find("[data-refused]"),
    currentQuestion: find("[data-current-question]"),
    timerWrap: find("[data-timer-wrap]"),
    timer: find("[data-timer]"),
    controls: find("[data-controls]"),
    gotoSelect: find("[data-goto-select]"),
    queuePanel: find("[data-queue-panel]"),
    queue: find("[data-queue]"),
    queueEmpty: find("[data-queue-empty]"),
    ownHeldPanel: find("[data-own-held-panel]"),
    ownHeld: find("[data-own-held]"),
    presence: find("[data-presence]"),
    errors: find("[data-room-errors]"),
    listFor: (questionId) => find(`[data-question-id="${Number(questionId)}"] [data-ideas]`),
    ideaItem: (id) => find(`[data-idea-id="${Number(id)}"]`),
  };
}

// --- Ideas ---------------------------------------------------------------------------------

function reactionButton(action, kind) {
  return el("button", {
    className: "btn btn-outline-secondary btn-sm",
    attrs: { type: "button", "data-action": action, "data-kind": kind, "aria-pressed": "false" },
  });
}

function buildIdea(id) {
  const item = el("li", { className: "tt-idea", attrs: { "data-idea-id": String(id) } }, [
    el("p", { className: "tt-idea-meta" }, [
      el("label", { className: "tt-idea-select me-2", attrs: { "data-part": "select" } }, [
        el("input", { attrs: { type: "checkbox", "data-select-idea": "" } }),
        el("span", { className: "visually-hidden", attrs: { "data-part": "select-label" } }),
      ]),
      el("span", { className: "tt-idea-author", attrs: { "data-part": "author" } }),
      el("span", { className: "badge text-bg-info ms-2", attrs: { "data-part": "group" } }),
      el("span", { className: "badge text-bg-warning ms-2", text: "Highlighted", attrs: { "data-part": "highlight" } }),
    ]),
    el("p", { className: "tt-idea-parent", attrs: { "data-part": "parent" } }),
    el("p", { className: "tt-idea-text", attrs: { "data-part": "text" } }),
    el("div", { className: "tt-idea-actions", attrs: { role: "group", "aria-label": "Respond to this idea" } }, [
      reactionButton("react", "agree"),
      reactionButton("build-on", "build_on"),
      reactionButton("react", "dissent"),
      el("button", {
        className: "btn btn-outline-danger btn-sm",
        text: "Flag",
        attrs: { type: "button", "data-action": "flag" },
      }),
      el("button", {
        className: "btn btn-outline-warning btn-sm",
        attrs: { type: "button", "data-action": "highlight", "aria-pressed": "false" },
      }),
      // Facilitators turn an idea into an action item on the summary page (a new tab keeps the room open).
      el("a", {
        className: "btn btn-outline-primary btn-sm",
        text: "Make it an action item",
        attrs: { "data-part": "action-item", target: "_blank", rel: "noopener" },
      }),
    ]),
  ]);
  return item;
}

const REACTION_LABELS = { agree: "Agree", build_on: "Build on", dissent: "Dissent" };

function fillIdea(item, idea, room, buildingOn) {
  const part = (name) => item.querySelector(`[data-part="${name}"]`);
  part("author").textContent = authorLabel(idea, room);
  part("highlight").hidden = !idea.highlighted;
  item.classList.toggle("tt-highlighted", Boolean(idea.highlighted));
  part("text").textContent = idea.text;
  // Grouping (static/js/room/decisions.js): the facilitator ticks published ideas.
  const select = part("select");
  select.hidden = room.role !== "facilitator" || room.state !== "live";
  select.querySelector("input").checked = Boolean(room.selected && room.selected.has(idea.id));
  part("select-label").textContent = `Select “${excerpt(idea.text, 40)}”`;
  const group = room.groups ? [...room.groups.values()].find((g) => g.idea_ids.includes(idea.id)) : null;
  part("group").hidden = !group;
  part("group").textContent = group ? `Group: ${group.title}` : "";
  const parent = idea.parent_id ? room.ideas.get(idea.parent_id) : null;
  part("parent").hidden = !idea.parent_id;
  part("parent").textContent = idea.parent_id
    ? `Builds on: “${parent ? excerpt(parent.text) : "an earlier idea"}”`
    : "";

  const live = room.state === "live";
  const canReact = live && room.role !== "counsel";
  const reactions = idea.reactions || {};
  for (const button of item.querySelectorAll("[data-kind]")) {
    const kind = button.dataset.kind;
    button.textContent = `${REACTION_LABELS[kind]} (${reactions[kind] || 0})`;
    const pressed = kind === "build_on" ? buildingOn === idea.id : room.myReactions.has(`${idea.id}:${kind}`);
    button.setAttribute("aria-pressed", String(pressed));
    button.disabled = !canReact;
  }
  const flag = item.querySelector('[data-action="flag"]');
  flag.hidden = room.role !== "participant";
  flag.disabled = !live;
  const highlight = item.querySelector('[data-action="highlight"]');
  highlight.hidden = room.role !== "facilitator";
  highlight.textContent = idea.highlighted ? "Highlighted" : "Highlight";
  highlight.setAttribute("aria-pressed", String(Boolean(idea.highlighted)));
  highlight.disabled = room.state === "closed";
  const actionItem = part("action-item");
  actionItem.hidden = room.role !== "facilitator" || !["live", "paused", "closed"].includes(room.state);
  actionItem.href = `/sessions/${room.sessionId}/summary/?idea=${Number(idea.id)}#actions-heading`;
}

function updateEmpty(list) {
  const empty = list.parentElement.querySelector("[data-empty]");
  if (empty) empty.hidden = [...list.children].some((child) => !child.hidden);
}

export function renderIdea(view, room, id, buildingOn = null) {
  const idea = room.ideas.get(id);
  let item = view.ideaItem(id);
  if (!idea) return;
  const list = view.listFor(idea.question_id);
  if (!list) return;
  if (!item) {
    item = buildIdea(id);
    list.append(item);
  }
  fillIdea(item, idea, room, buildingOn);
  item.hidden = room.hidden.has(id);
  updateEmpty(list);
}

export function renderAllIdeas(view, room, buildingOn = null) {
  for (const id of room.ideas.keys()) renderIdea(view, room, id, buildingOn);
}

// --- Held and flagged ideas ----------------------------------------------------------------

function ruleTitle(view, slug) {
  return view.rules.get(slug) || slug;
}

// One line per rule, with the words that matched it: what a moderator weighs, what an author rephrases.
function heldRuleLines(view, entry) {
  if (!entry.matches.length) return entry.rules.map((slug) => ruleTitle(view, slug));
  const byRule = new Map();
  for (const match of entry.matches) {
    if (!byRule.has(match.rule)) byRule.set(match.rule, { words: [], reasons: [] });
    if (match.matched) byRule.get(match.rule).words.push(`“${match.matched}”`);
    else if (match.reason) byRule.get(match.rule).reasons.push(match.reason);
  }
  return [...byRule].map(([rule, { words, reasons }]) => {
    const detail = words.length ? ` (matched ${words.join(", ")})` : reasons.length ? `: ${reasons.join("; ")}` : "";
    return `${ruleTitle(view, rule)}${detail}`;
  });
}

// Keeps one element per key so typed reasons and focus survive updates.
function reconcile(list, entries, build, fill) {
  const wanted = new Set(entries.map(([key]) => key));
  for (const child of [...list.children]) {
    if (!wanted.has(child.dataset.key)) child.remove();
  }
  for (const [key, value] of entries) {
    let item = list.querySelector(`[data-key="${key}"]`);
    if (!item) {
      item = build(key, value);
      item.dataset.key = key;
      list.append(item);
    }
    fill(item, value);
  }
}

function questionLabel(room, questionId) {
  const question = room.questions.find((q) => q.id === questionId);
  return question ? `Question ${question.position}` : "";
}

// The rule a declined idea touches: what the screen learns from (preselected: the screen's first).
function ruleSelect(id, rules, value) {
  const select = el("select", { className: "form-select form-select-sm", attrs: { id, "data-decline-rule": "" } });
  select.append(el("option", { text: "No rule in particular", attrs: { value: "" } }));
  for (const [slug, title] of rules) select.append(el("option", { text: title, attrs: { value: slug } }));
  select.value = (value.rules && value.rules[0]) || "";
  return select;
}

function buildQueueItem(key, value, rules) {
  const reasonId = `decline-reason-${key}`;
  const ruleId = `decline-rule-${key}`;
  return el("li", { className: "tt-queue-item", attrs: { "data-idea-id": String(value.id) } }, [
    el("div", { attrs: { "data-part": "info" } }),
    el("div", { className: "tt-field mb-2" }, [
      el("label", { text: "Reason for declining (required to decline)", attrs: { for: reasonId } }),
      el("textarea", {
        className: "form-control form-control-sm",
        attrs: { id: reasonId, rows: "2", maxlength: "500", "data-decline-reason": "" },
      }),
    ]),
    el("div", { className: "tt-field mb-2" }, [
      el("label", { text: "The rule it touches", attrs: { for: ruleId } }),
      ruleSelect(ruleId, rules, value),
    ]),
    el("div", { className: "d-flex gap-2 flex-wrap" }, [
      el("button", {
        className: "btn btn-success btn-sm",
        text: "Release",
        attrs: { type: "button", "data-action": "release", "data-idea-id": String(value.id) },
      }),
      el("button", {
        className: "btn btn-outline-danger btn-sm",
        text: "Decline",
        attrs: { type: "button", "data-action": "decline", "data-idea-id": String(value.id) },
      }),
    ]),
  ]);
}

function fillQueueItem(view, room, item, value) {
  const idea = value.idea;
  const lines = [
    el("p", { className: "mb-1 small fw-semibold", text: value.heading }),
    el("p", {
      className: "mb-1 small text-body-secondary",
      text: [idea ? authorLabel(idea, room) : "", idea ? questionLabel(room, idea.question_id) : ""]
        .filter(Boolean)
        .join(" — "),
    }),
    el("p", { className: "tt-idea-text mb-1", text: idea ? idea.text : `Idea #${value.id}` }),
  ];
  if (value.ruleLines.length) {
    lines.push(
      el(
        "ul",
        { className: "small mb-2 tt-rule-lines" },
        value.ruleLines.map((line) => el("li", { text: line })),
      ),
    );
  }
  item.querySelector('[data-part="info"]').replaceChildren(...lines);
}

export function renderQueue(view, room) {
  if (!view.queue) return;
  const entries = [];
  for (const [id, entry] of room.held) {
    if (entry.declinedReason !== null) continue;
    entries.push([
      `held-${id}`,
      {
        id,
        idea: entry.idea,
        rules: entry.rules,
        heading: "Held by the screen: may touch",
        ruleLines: heldRuleLines(view, entry),
      },
    ]);
  }
  for (const [id, entry] of room.flagged) {
    const plural = entry.flags === 1 ? "" : "s";
    entries.push([
      `flagged-${id}`,
      {
        id,
        idea: room.ideas.get(id) || null,
        heading: `Flagged by ${entry.flags} participant${plural}`,
        ruleLines: entry.reason ? [`Reason given: ${entry.reason}`] : [],
      },
    ]);
  }
  reconcile(
    view.queue,
    entries,
    (key, value) => buildQueueItem(key, value, view.rules),
    (item, value) => fillQueueItem(view, room, item, value),
  );
  view.queueEmpty.hidden = entries.length > 0;
}

export function renderOwnHeld(view, room) {
  if (!view.ownHeld) return;
  const entries = [...room.held]
    .filter(([, entry]) => isOwnIdea(room, entry.idea))
    .map(([id, entry]) => [`own-${id}`, { id, entry }]);
  const build = (key, value) =>
    el("li", { className: "tt-own-held", attrs: { "data-idea-id": String(value.id) } }, [
      el("p", { className: "tt-idea-text mb-1", attrs: { "data-part": "text" } }),
      el("p", { className: "small mb-1", attrs: { "data-part": "status" } }),
      el("button", {
        className: "btn btn-outline-primary btn-sm",
        text: "Rephrase",
        attrs: { type: "button", "data-action": "rephrase", "data-idea-id": String(value.id) },
      }),
    ]);
  const fill = (item, { entry }) => {
    item.querySelector('[data-part="text"]').textContent = entry.idea.text;
    const status = item.querySelector('[data-part="status"]');
    if (entry.declinedReason !== null) {
      status.textContent = `Declined by a moderator: ${entry.declinedReason || "no reason given"}`;
      item.classList.add("tt-declined");
    } else {
      status.textContent = `Held for a moderator: may touch ${heldRuleLines(view, entry).join("; ")}`;
      item.classList.remove("tt-declined");
    }
  };
  reconcile(view.ownHeld, entries, build, fill);
  view.ownHeldPanel.hidden = entries.length === 0;
}

// --- Presence, agenda, state, timer --------------------------------------------------------

export function renderPresence(view, room) {
  const groups = new Map();
  for (const person of room.presence.values()) {
    const group = person.role === "participant" ? person.company || "Participants" : "Facilitation";
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(person);
  }
  const names = [...groups.keys()].sort((a, b) => {
    if (a === "Facilitation") return -1;
    if (b === "Facilitation") return 1;
    return a.localeCompare(b);
  });
  const count = room.presence.size;
  const children = [el("p", { className: "small text-body-secondary mb-2", text: `${count} here now` })];
  for (const name of names) {
    const people = groups.get(name).sort((a, b) => a.name.localeCompare(b.name));
    children.push(
      el("h3", { className: "h6 mb-1", text: name }),
      el(
        "ul",
        { className: "list-unstyled small mb-2 tt-presence-list" },
        people.map((person) =>
          el("li", { text: person.role === "participant" ? person.name : `${person.name} (${person.role})` }),
        ),
      ),
    );
  }
  view.presence.replaceChildren(...children);
}

export function renderAgenda(view, room) {
  const current = room.questions.find((q) => q.id === room.currentQuestionId);
  for (const item of view.root.querySelectorAll("[data-agenda-item]")) {
    const isCurrent = Number(item.dataset.agendaItem) === room.currentQuestionId;
    item.classList.toggle("tt-current", isCurrent);
    if (isCurrent) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
  for (const section of view.root.querySelectorAll("[data-question-id]")) {
    const isCurrent = Number(section.dataset.questionId) === room.currentQuestionId;
    section.classList.toggle("tt-question-current", isCurrent);
    section.querySelector("[data-current-badge]").hidden = !isCurrent;
  }
  if (current) view.currentQuestion.textContent = `${current.position}. ${current.text}`;
  else if (room.state === "open") view.currentQuestion.textContent = "The first question opens when the session starts.";
  else view.currentQuestion.textContent = "No current question.";
  if (view.gotoSelect && current && document.activeElement !== view.gotoSelect) {
    view.gotoSelect.value = String(current.id);
  }
}

function roleAllows(element, role) {
  return element.dataset.forRole.split(" ").includes(role);
}

export function renderState(view, room) {
  view.badge.textContent = STATE_LABELS[room.state] || room.state;
  view.root.dataset.state = room.state;
  for (const banner of view.banners) banner.hidden = banner.dataset.bannerFor !== room.state;
  if (view.controls) {
    view.controls.hidden = !isModerator(room);
    for (const element of view.controls.querySelectorAll("[data-for-role]")) {
      const forState = element.dataset.forState;
      element.hidden = !roleAllows(element, room.role) || (forState && !forState.split(" ").includes(room.state));
    }
    for (const field of view.controls.querySelectorAll("[data-goto-form] *, [data-timer-form] *")) {
      if ("disabled" in field) field.disabled = room.state === "closed";
    }
  }
  if (view.queuePanel) view.queuePanel.hidden = !isModerator(room);
}

function formatRemaining(ms) {
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

export function renderTimer(view, room) {
  if (!room.timerEndsAt || room.state === "closed") {
    view.timerWrap.hidden = true;
    return;
  }
  const remaining = room.timerEndsAt - now(room);
  view.timerWrap.hidden = false;
  view.timer.setAttribute("datetime", new Date(room.timerEndsAt).toISOString());
  view.timer.textContent = remaining > 0 ? formatRemaining(remaining) : "Time is up";
  view.timerWrap.classList.toggle("tt-timer-up", remaining <= 0);
}

export function renderConnection(view, status, message = "") {
  view.reconnecting.hidden = status !== "reconnecting";
  if (status === "refused") {
    view.refused.hidden = false;
    view.refused.textContent = message || "You can no longer take part in this room. Reload the page to try again.";
  }
}

export function showError(view, message) {
  if (!view.errors) return;
  view.errors.replaceChildren(el("p", { className: "alert alert-danger py-2 mb-0", text: message }));
}

export function clearError(view) {
  if (view.errors) view.errors.replaceChildren();
}
