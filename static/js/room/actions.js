// What people do in the room, turned into protocol frames. The room state changes only when the
// server's events come back, except this person's own reaction toggles (the protocol sends counts).

import { showError, clearError } from "./render.js";

const ideaIdOf = (element) => Number(element.closest("[data-idea-id]").dataset.ideaId);

export function bindActions(root, { room, view, send, composer, saveReactions, renderIdeas, renderRoom }) {
  const flagDialog = root.querySelector("[data-flag-dialog]");
  let flagging = null;

  const handlers = {
    react(button) {
      const id = ideaIdOf(button);
      const key = `${id}:${button.dataset.kind}`;
      const on = !room.myReactions.has(key);
      if (!send({ type: "reaction.set", idea_id: id, kind: button.dataset.kind, on })) return;
      if (on) room.myReactions.add(key);
      else room.myReactions.delete(key);
      saveReactions();
      renderIdeas([id]);
    },
    "build-on"(button) {
      const idea = room.ideas.get(ideaIdOf(button));
      if (idea && composer) composer.buildOn(idea);
    },
    flag(button) {
      const idea = room.ideas.get(ideaIdOf(button));
      if (!idea || !flagDialog) return;
      flagging = idea.id;
      flagDialog.querySelector("[data-flag-quote]").textContent = idea.text;
      flagDialog.querySelector("[data-flag-reason]").value = "";
      flagDialog.showModal();
    },
    highlight(button) {
      const idea = room.ideas.get(ideaIdOf(button));
      if (idea) send({ type: "idea.highlight", idea_id: idea.id, on: !idea.highlighted });
    },
    release(button) {
      send({ type: "idea.moderate", idea_id: ideaIdOf(button), decision: "release" });
    },
    decline(button) {
      const item = button.closest("[data-key]");
      const field = item.querySelector("[data-decline-reason]");
      const reason = field.value.trim();
      field.setAttribute("aria-invalid", String(!reason));
      if (!reason) {
        showError(view, "Give a reason to decline: the author sees it.");
        field.focus();
        return;
      }
      clearError(view);
      const rule = item.querySelector("[data-decline-rule]");
      const frame = { type: "idea.moderate", idea_id: ideaIdOf(button), decision: "decline", reason };
      if (rule && rule.value) frame.rule = rule.value;
      send(frame);
    },
    rephrase(button) {
      const id = ideaIdOf(button);
      const entry = room.held.get(id);
      if (!entry || !composer) return;
      composer.rephrase(entry.idea.text);
      // A declined idea is done with once its text is back in the composer.
      if (entry.declinedReason !== null) {
        room.held.delete(id);
        renderRoom();
      }
    },
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && handlers[button.dataset.action]) handlers[button.dataset.action](button);
    const control = event.target.closest("button[data-control]");
    if (control) send({ type: "session.control", action: control.dataset.control });
  });

  if (flagDialog) {
    flagDialog.addEventListener("close", () => {
      if (flagDialog.returnValue === "flag" && flagging !== null) {
        const reason = flagDialog.querySelector("[data-flag-reason]").value.trim();
        const frame = { type: "idea.flag", idea_id: flagging };
        if (reason) frame.reason = reason;
        send(frame);
      }
      flagging = null;
    });
  }

  const gotoForm = root.querySelector("[data-goto-form]");
  if (gotoForm) {
    gotoForm.addEventListener("submit", (event) => {
      event.preventDefault();
      send({ type: "agenda.goto", question_id: Number(root.querySelector("[data-goto-select]").value) });
    });
  }

  const timerForm = root.querySelector("[data-timer-form]");
  if (timerForm) {
    const minutesField = timerForm.querySelector("[data-timer-minutes]");
    timerForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const minutes = Number(minutesField.value);
      const valid = Number.isInteger(minutes) && minutes >= 1 && minutes <= 480;
      minutesField.setAttribute("aria-invalid", String(!valid));
      if (!valid) {
        showError(view, "Timer minutes: a whole number from 1 to 480.");
        minutesField.focus();
        return;
      }
      clearError(view);
      send({ type: "timer.set", minutes });
    });
    timerForm.querySelector("[data-timer-clear]").addEventListener("click", () => {
      send({ type: "timer.set", minutes: null });
    });
  }
}
