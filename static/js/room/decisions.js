// From ideas to decisions (docs/protocol.md, "Groups" and "Dot-voting"): the facilitator groups
// similar ideas and runs dot-votes; participants place and remove their dots; everyone sees the
// groups and the live totals. User text only ever goes in through textContent.

import { el } from "./render.js";

const excerpt = (text, length = 60) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const people = (n) => (n === 1 ? "1 person" : `${n} people`);

export function createDecisions(root, { room, send, showError, clearError, renderIdeas }) {
  const find = (selector) => root.querySelector(selector);
  const panel = find("[data-decisions-panel]");
  const groupForm = find("[data-group-form]");
  const titleField = find("[data-group-title]");
  const selectedCount = find("[data-selected-count]");
  const suggestionsPanel = find("[data-suggestions-panel]");
  const suggestionsList = find("[data-suggestions]");
  const voteForm = find("[data-vote-form]");
  const votePanel = find("[data-vote-panel]");
  room.groups = new Map(); // id -> {id, question_id, title, idea_ids}
  room.votes = new Map(); // id -> the vote as the server sent it
  room.tallies = new Map(); // vote id -> {version, totals, voters}
  room.myDots = new Map(); // vote id -> {dots, remaining}: this person's own, never anyone else's
  room.selected = new Set(); // ideas the facilitator ticked
  let suggestions = [];

  const isFacilitator = () => room.role === "facilitator";
  const visibleIdea = (id) => (room.ideas.has(id) && !room.hidden.has(id) ? room.ideas.get(id) : null);
  const groupOf = (id) => [...room.groups.values()].find((group) => group.idea_ids.includes(id)) || null;
  const openVote = () => [...room.votes.values()].find((vote) => vote.status === "open") || null;
  const latestVote = () => [...room.votes.values()].sort((a, b) => b.id - a.id)[0] || null;

  // --- frames from the server -------------------------------------------------------------

  function handle(frame) {
    switch (frame.type) {
      case "group.updated":
        room.groups.set(frame.group.id, frame.group);
        for (const id of frame.group.idea_ids) room.selected.delete(id);
        renderIdeas("all");
        return true;
      case "group.removed":
        room.groups.delete(frame.group_id);
        renderIdeas("all");
        return true;
      case "group.suggestions":
        suggestions = frame.suggestions || [];
        suggestionsPanel.hidden = false;
        return true;
      case "vote.opened":
      case "vote.closed":
        room.votes.set(frame.vote.id, frame.vote);
        return true;
      case "vote.tally": {
        const known = room.tallies.get(frame.vote_id);
        if (!known || frame.version >= known.version) room.tallies.set(frame.vote_id, frame);
        return true;
      }
      case "vote.mine":
        room.myDots.set(frame.vote_id, frame);
        return true;
      default:
        return false;
    }
  }

  // --- groups -----------------------------------------------------------------------------

  function renderGroups() {
    for (const list of root.querySelectorAll("[data-question-id] [data-groups]")) list.replaceChildren();
    for (const group of room.groups.values()) {
      const list = find(`[data-question-id="${Number(group.question_id)}"] [data-groups]`);
      const ideas = group.idea_ids.map(visibleIdea).filter(Boolean);
      if (!list || !ideas.length) continue;
      const members = ideas.map((idea) =>
        el("li", { className: "small" }, [
          el("span", { text: excerpt(idea.text) }),
          ...(isFacilitator() && room.state === "live"
            ? [
                el("button", {
                  className: "btn btn-link btn-sm p-0 ms-2",
                  text: "Remove",
                  attrs: {
                    type: "button",
                    "data-action": "group-remove",
                    "data-group-id": String(group.id),
                    "data-member-id": String(idea.id),
                    "aria-label": `Remove “${excerpt(idea.text, 40)}” from the group`,
                  },
                }),
              ]
            : []),
        ]),
      );
      const buttons =
        isFacilitator() && room.state === "live"
          ? [
              el("div", { className: "d-flex gap-2 mt-1" }, [
                el("button", {
                  className: "btn btn-outline-primary btn-sm",
                  text: "Add selected to this group",
                  attrs: { type: "button", "data-action": "group-add", "data-group-id": String(group.id) },
                }),
                el("button", {
                  className: "btn btn-outline-secondary btn-sm",
                  text: "Ungroup",
                  attrs: { type: "button", "data-action": "group-ungroup", "data-group-id": String(group.id) },
                }),
              ]),
            ]
          : [];
      list.append(
        el("li", { className: "tt-group", attrs: { "data-group": String(group.id), "data-testid": "group" } }, [
          el("p", { className: "mb-1" }, [
            el("strong", { text: group.title, attrs: { "data-part": "group-title" } }),
            el("span", { className: "small text-body-secondary ms-2", text: plural(ideas.length, "idea") }),
          ]),
          el("ul", { className: "mb-1" }, members),
          ...buttons,
        ]),
      );
    }
  }

  function renderSuggestions() {
    const entries = suggestions
      .map((suggestion, index) => ({ suggestion, index, ideas: suggestion.idea_ids.map(visibleIdea) }))
      // Ideas grouped (or hidden) since the suggestion came are no longer suggested.
      .filter(({ ideas }) => ideas.every((idea) => idea && !groupOf(idea.id)));
    suggestionsList.replaceChildren(
      ...entries.map(({ suggestion, index, ideas }) =>
        el("li", { className: "mb-2", attrs: { "data-testid": "suggestion" } }, [
          el("strong", { text: suggestion.title }),
          el("ul", {}, ideas.map((idea) => el("li", { text: excerpt(idea.text) }))),
          el("button", {
            className: "btn btn-outline-success btn-sm",
            text: "Accept this group",
            attrs: { type: "button", "data-action": "accept-suggestion", "data-index": String(index) },
          }),
        ]),
      ),
    );
    if (!entries.length && !suggestionsPanel.hidden) {
      suggestionsList.replaceChildren(el("li", { text: "No similar ideas to group right now." }));
    }
  }

  // --- the vote ---------------------------------------------------------------------------

  function itemLabel(vote, item) {
    if (item.idea_id !== null && item.idea_id !== undefined) {
      const idea = visibleIdea(item.idea_id);
      return idea ? idea.text : null;
    }
    return item.label;
  }

  function renderVote() {
    const vote = openVote() || latestVote();
    votePanel.hidden = !vote;
    if (!vote) return;
    const isOpen = vote.status === "open";
    const mine = room.myDots.get(vote.id) || { dots: {}, remaining: vote.dots };
    const tally = room.tallies.get(vote.id) || { totals: {}, voters: 0 };
    find("[data-vote-status]").textContent = isOpen ? "Open" : "Closed";
    const what = vote.on === "groups" ? "groups" : "ideas";
    find("[data-vote-rules]").textContent = isOpen
      ? `On the ${what} of the current question: ${plural(vote.dots, "dot")} each${vote.stacking ? ", several on one item allowed" : ", one per item"}. ${people(tally.voters)} voted so far.`
      : `Results: ${people(vote.voters)} voted, ${plural(vote.dots, "dot")} each.`;
    const remaining = find("[data-vote-remaining]");
    const voting = isOpen && room.role === "participant";
    remaining.hidden = !voting;
    remaining.textContent = `You have ${plural(mine.remaining, "dot")} left.`;

    const totals = isOpen ? tally.totals : Object.fromEntries(vote.results.map((r) => [r.item_id, r.dots]));
    let items = vote.items.map((item) => ({ item, label: itemLabel(vote, item), dots: totals[item.id] || 0 }));
    items = items.filter(({ label }) => label !== null);
    if (!isOpen) items.sort((a, b) => b.dots - a.dots);
    find("[data-vote-items]").replaceChildren(
      ...items.map(({ item, label, dots }) => {
        const own = mine.dots[item.id] || 0;
        const controls = voting
          ? [
              el("button", {
                className: "btn btn-outline-primary btn-sm",
                text: "Add a dot",
                attrs: {
                  type: "button",
                  "data-action": "dot-place",
                  "data-item-id": String(item.id),
                  "aria-label": `Add a dot to “${excerpt(label, 40)}”`,
                },
              }),
              el("button", {
                className: "btn btn-outline-secondary btn-sm",
                text: "Remove a dot",
                attrs: {
                  type: "button",
                  "data-action": "dot-remove",
                  "data-item-id": String(item.id),
                  "aria-label": `Remove a dot from “${excerpt(label, 40)}”`,
                },
              }),
              el("span", { className: "small", text: own ? `yours: ${own}` : "" }),
            ]
          : [];
        const button = (node) => {
          if (node.dataset && node.dataset.action === "dot-place") node.disabled = mine.remaining < 1 || (!vote.stacking && own > 0);
          if (node.dataset && node.dataset.action === "dot-remove") node.disabled = own < 1;
          return node;
        };
        return el("li", { className: "tt-vote-item", attrs: { "data-vote-item": String(item.id), "data-testid": "vote-item" } }, [
          el("span", { className: "badge text-bg-primary me-2", text: plural(dots, "dot"), attrs: { "data-testid": "vote-count" } }),
          el("span", { className: "tt-vote-label", text: excerpt(label, 120) }),
          el("div", { className: "d-flex gap-2 align-items-center mt-1" }, controls.map(button)),
        ]);
      }),
    );
  }

  function renderControls() {
    panel.hidden = !isFacilitator();
    if (!isFacilitator()) return;
    const live = room.state === "live";
    const open = openVote();
    for (const field of panel.querySelectorAll("input, select, button")) field.disabled = !live;
    find("[data-vote-open]").hidden = Boolean(open);
    const close = find("[data-vote-close]");
    close.hidden = !open;
    close.disabled = !open || room.state === "closed";
    selectedCount.textContent = room.selected.size
      ? `${plural(room.selected.size, "idea")} selected.`
      : "Select ideas with their checkboxes.";
    renderSuggestions();
  }

  function render() {
    for (const id of [...room.selected]) if (!visibleIdea(id)) room.selected.delete(id);
    renderGroups();
    renderVote();
    renderControls();
  }

  // --- what people do -----------------------------------------------------------------------

  const voteOf = () => openVote();
  const actions = {
    "suggest-groups"() {
      send({ type: "group.suggest" });
    },
    "accept-suggestion"(button) {
      const suggestion = suggestions[Number(button.dataset.index)];
      if (!suggestion) return;
      if (send({ type: "group.create", title: suggestion.title, idea_ids: suggestion.idea_ids })) {
        suggestions = suggestions.filter((other) => other !== suggestion);
        render();
      }
    },
    "group-add"(button) {
      if (!room.selected.size) {
        showError("Select the ideas to add with their checkboxes first.");
        return;
      }
      send({ type: "group.update", group_id: Number(button.dataset.groupId), action: "add", idea_ids: [...room.selected] });
    },
    "group-remove"(button) {
      send({
        type: "group.update",
        group_id: Number(button.dataset.groupId),
        action: "remove",
        idea_ids: [Number(button.dataset.memberId)],
      });
    },
    "group-ungroup"(button) {
      send({ type: "group.update", group_id: Number(button.dataset.groupId), action: "ungroup" });
    },
    "dot-place"(button) {
      const vote = voteOf();
      if (vote) send({ type: "vote.dot", vote_id: vote.id, item_id: Number(button.dataset.itemId), action: "place" });
    },
    "dot-remove"(button) {
      const vote = voteOf();
      if (vote) send({ type: "vote.dot", vote_id: vote.id, item_id: Number(button.dataset.itemId), action: "remove" });
    },
    "close-vote"() {
      const vote = voteOf();
      if (vote) send({ type: "vote.close", vote_id: vote.id });
    },
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) actions[button.dataset.action](button);
  });

  root.addEventListener("change", (event) => {
    const box = event.target.closest("input[data-select-idea]");
    if (!box) return;
    const id = Number(box.closest("[data-idea-id]").dataset.ideaId);
    if (box.checked) room.selected.add(id);
    else room.selected.delete(id);
    renderControls();
  });

  groupForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const title = titleField.value.trim();
    titleField.setAttribute("aria-invalid", String(!title));
    if (room.selected.size < 2) {
      showError("Select at least two ideas to group.");
      return;
    }
    if (!title) {
      showError("Give the group a title.");
      titleField.focus();
      return;
    }
    clearError();
    if (send({ type: "group.create", title, idea_ids: [...room.selected] })) titleField.value = "";
  });

  voteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const dotsField = find("[data-vote-dots]");
    const dots = Number(dotsField.value);
    const valid = Number.isInteger(dots) && dots >= 1 && dots <= 10;
    dotsField.setAttribute("aria-invalid", String(!valid));
    if (!valid) {
      showError("Dots per participant: a whole number from 1 to 10.");
      dotsField.focus();
      return;
    }
    clearError();
    send({ type: "vote.open", on: find("[data-vote-on]").value, dots, stacking: !find("[data-vote-single]").checked });
  });

  return { handle, render };
}
