// The antitrust safeguards in the room (docs/compliance.md): the statement everyone acknowledges
// before taking part, "I object" (pauses the room, nobody sees who), leaving in protest.
// User text only ever goes in through textContent.

import { isModerator } from "./state.js";

const timeOf = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function createSafeguards(root, { room, send }) {
  const find = (selector) => root.querySelector(selector);
  const statementDialog = find("[data-statement-dialog]");
  const objectDialog = find("[data-object-dialog]");
  const protestDialog = find("[data-protest-dialog]");
  const objectionBanner = find("[data-objection-banner]");
  const protestBanner = find("[data-protest-banner]");
  const objectionsPanel = find("[data-objections-panel]");
  const objections = find("[data-objections]");
  room.statement = { text: "", required: false, acknowledged: true };

  const askForAcknowledgement = () => {
    if (room.statement.acknowledged || !room.statement.required || statementDialog.open) return;
    find("[data-statement-text]").textContent = room.statement.text;
    statementDialog.showModal();
  };

  statementDialog.addEventListener("close", () => {
    if (!room.statement.acknowledged) send({ type: "statement.acknowledge" });
  });
  statementDialog.addEventListener("cancel", (event) => event.preventDefault()); // no way around it

  const withReason = (dialog, field, frame) => {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== frame.action) return;
      const reason = find(field).value.trim();
      send(reason ? { type: frame.type, reason } : { type: frame.type });
    });
  };
  withReason(objectDialog, "[data-object-reason]", { type: "objection.raise", action: "object" });
  withReason(protestDialog, "[data-protest-reason]", { type: "protest.leave", action: "protest" });

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-safeguard]");
    if (!button) return;
    const dialog = button.dataset.safeguard === "object" ? objectDialog : protestDialog;
    dialog.querySelector("textarea").value = "";
    dialog.showModal();
  });

  return {
    // Whether this person may post yet (the statement, once the session started).
    get acknowledged() {
      return room.statement.acknowledged || !room.statement.required;
    },
    // The objection banner stays up while the room is paused, and goes when it resumes.
    render() {
      if (room.state === "live") objectionBanner.hidden = true;
      find("[data-brakes]").hidden = room.role !== "participant" || !["live", "paused"].includes(room.state);
    },
    hello(hello) {
      room.statement = { ...room.statement, ...(hello.statement || {}), acknowledged: Boolean(hello.statement_acknowledged) };
      askForAcknowledgement();
    },
    // Returns true if the frame was one of the safeguards' own.
    handle(frame) {
      switch (frame.type) {
        case "antitrust.statement":
          room.statement = { text: frame.statement, required: true, acknowledged: room.statement.acknowledged && room.statement.required };
          askForAcknowledgement();
          return true;
        case "statement.acknowledged.ok":
          room.statement.acknowledged = true;
          return true;
        case "objection.raised":
          objectionBanner.textContent = `An objection was raised at ${timeOf(frame.at)}: the room is paused.`;
          objectionBanner.hidden = false;
          return true;
        case "objection.details":
          if (!isModerator(room)) return true;
          objectionsPanel.hidden = false;
          objections.append(
            Object.assign(document.createElement("li"), {
              textContent: `${frame.by.name}${frame.by.company ? ` (${frame.by.company})` : ""}${frame.reason ? `: “${frame.reason}”` : ""}`,
            }),
          );
          return true;
        case "attendance.protest":
          protestBanner.textContent = `${frame.user.name}${frame.user.company ? ` (${frame.user.company})` : ""} left the meeting in protest${frame.reason ? `: “${frame.reason}”` : "."}`;
          protestBanner.hidden = false;
          return true;
        case "statement.acknowledged":
          return true;
        default:
          return false;
      }
    },
  };
}
