// The composer: one pending post at a time, kept (with its client_id) until the server answers,
// so a post survives a dropped connection and an error never loses what was typed.

import { el } from "./render.js";

const MAX_LENGTH = 1000;

export function createComposer(root, { room, socket, onChange, showError, clearError }) {
  const form = root.querySelector("[data-composer]");
  if (!form) return null;
  const textarea = form.querySelector("[data-composer-text]");
  const anonymous = form.querySelector("[data-composer-anonymous]");
  const submit = form.querySelector("[data-composer-submit]");
  const count = form.querySelector("[data-composer-count]");
  const pendingNote = form.querySelector("[data-composer-pending]");
  const buildingOn = form.querySelector("[data-building-on]");
  const buildingOnText = form.querySelector("[data-building-on-text]");
  const status = root.querySelector("[data-composer-status]");

  let pending = null; // the idea.post frame waiting for its ack or error
  let parentId = null;
  let enabled = false;

  const updateCount = () => {
    const length = textarea.value.trim().length;
    count.textContent = `${textarea.value.length} / ${MAX_LENGTH}`;
    count.classList.toggle("text-danger", length > MAX_LENGTH);
  };

  const refresh = () => {
    textarea.disabled = !enabled;
    anonymous.disabled = !enabled || pending !== null;
    textarea.readOnly = pending !== null;
    submit.disabled = !enabled || pending !== null;
    pendingNote.textContent = pending ? (socket.online ? "Posting…" : "Waiting for the connection…") : "";
  };

  const setStatus = (message) => status.replaceChildren(message ? el("span", { text: message }) : "");

  const sendPending = () => {
    if (pending) socket.send(pending);
    refresh();
  };

  const setParent = (idea) => {
    parentId = idea ? idea.id : null;
    buildingOn.hidden = !idea;
    buildingOnText.textContent = idea ? `Building on: “${idea.text.slice(0, 80)}${idea.text.length > 80 ? "…" : ""}”` : "";
    onChange();
  };

  textarea.addEventListener("input", updateCount);
  form.querySelector("[data-cancel-build-on]").addEventListener("click", () => {
    setParent(null);
    textarea.focus();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pending || !enabled) return;
    const text = textarea.value.trim();
    if (!text) {
      showError("Write your idea first.");
      textarea.focus();
      return;
    }
    if (text.length > MAX_LENGTH) {
      showError(`An idea has at most ${MAX_LENGTH} characters.`);
      textarea.focus();
      return;
    }
    clearError();
    setStatus("");
    pending = {
      type: "idea.post",
      client_id: crypto.randomUUID(),
      question_id: room.currentQuestionId,
      text,
      anonymous: anonymous.checked,
    };
    if (parentId !== null) pending.parent_id = parentId;
    sendPending();
  });

  return {
    get parentId() {
      return parentId;
    },
    setEnabled(value) {
      enabled = value;
      refresh();
    },
    // After every (re)connect and catch-up: the server dedups by client_id.
    resend: sendPending,
    refresh,
    ack(frame) {
      if (!pending || frame.client_id !== pending.client_id) return;
      pending = null;
      textarea.value = "";
      updateCount();
      setParent(null);
      clearError();
      setStatus(
        frame.status === "held"
          ? "Your idea is held for a moderator: it may touch a ground rule (see below)."
          : "Your idea is posted.",
      );
      refresh();
    },
    // Returns whether the error answered the pending post (its text stays in the composer).
    error(frame) {
      if (!pending || frame.client_id !== pending.client_id) return false;
      pending = null;
      refresh();
      textarea.focus();
      return true;
    },
    rephrase(text) {
      textarea.value = text;
      updateCount();
      textarea.focus();
    },
    buildOn(idea) {
      setParent(parentId === idea.id ? null : idea);
      if (parentId !== null) textarea.focus();
    },
  };
}
