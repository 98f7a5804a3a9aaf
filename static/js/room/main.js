// The live room: wires the socket, the state and the DOM together. Data comes in through the
// root element's data- attributes (no inline scripts: the site runs a strict CSP).

import { bindActions } from "./actions.js";
import { createComposer } from "./composer.js";
import { createDecisions } from "./decisions.js";
import * as render from "./render.js";
import { createSafeguards } from "./safeguards.js";
import { RoomSocket, roomSocketUrl } from "./socket.js";
import { applyEvent, applyHello, createRoomState } from "./state.js";

const root = document.querySelector("[data-room]");

const REFUSED_CODES = new Set(["not_admitted", "removed", "logged_out", "left_in_protest"]);

function loadReactions(key) {
  try {
    return new Set(JSON.parse(localStorage.getItem(key) || "[]"));
  } catch {
    return new Set();
  }
}

function start() {
  const room = createRoomState({
    sessionId: Number(root.dataset.sessionId),
    role: root.dataset.role,
    state: root.dataset.state,
  });
  const reactionsKey = `tt-room-reactions:${root.dataset.sessionId}:${root.dataset.userId}`;
  room.myReactions = loadReactions(reactionsKey);
  const saveReactions = () => {
    try {
      localStorage.setItem(reactionsKey, JSON.stringify([...room.myReactions]));
    } catch {
      // private mode: aria-pressed is then only right until the page reloads
    }
  };

  const view = render.createView(root);
  let refusedMessage = "";
  let composer = null;
  let safeguards = null;
  let decisions = null;

  const renderIdeas = (ids) => {
    const buildingOn = composer ? composer.parentId : null;
    if (ids === "all") render.renderAllIdeas(view, room, buildingOn);
    else ids.forEach((id) => render.renderIdea(view, room, id, buildingOn));
  };

  const renderRoom = () => {
    render.renderState(view, room);
    render.renderAgenda(view, room);
    render.renderTimer(view, room);
    render.renderQueue(view, room);
    render.renderOwnHeld(view, room);
    const mayPost = room.state === "live" && room.role !== "counsel" && (!safeguards || safeguards.acknowledged);
    if (composer) composer.setEnabled(mayPost);
    if (safeguards) safeguards.render();
    if (decisions) decisions.render();
  };

  const handleError = (frame) => {
    const message = frame.message || `The server refused that (${frame.code}).`;
    if (REFUSED_CODES.has(frame.code)) {
      refusedMessage = message;
      render.renderConnection(view, "refused", refusedMessage);
      return;
    }
    if (composer) composer.error(frame);
    render.showError(view, message);
  };

  const handleFrame = (frame) => {
    switch (frame.type) {
      case "hello":
        applyHello(room, frame);
        safeguards.hello(frame);
        render.renderPresence(view, room);
        renderRoom();
        renderIdeas("all");
        return;
      case "ack":
        if (composer) composer.ack(frame);
        return;
      case "snapshot.applied":
        room.myReactions = new Set(frame.my_reactions.map(([id, kind]) => `${id}:${kind}`));
        saveReactions();
        renderRoom();
        renderIdeas("all");
        return;
      case "error":
        handleError(frame);
        return;
      default: {
        if (safeguards.handle(frame) || decisions.handle(frame)) {
          renderRoom();
          return;
        }
        const changed = applyEvent(room, frame);
        if (frame.type.startsWith("presence.")) {
          render.renderPresence(view, room);
          return;
        }
        renderRoom();
        renderIdeas(frame.type === "session.state" ? "all" : changed);
      }
    }
  };

  const socket = new RoomSocket(roomSocketUrl(root.dataset.wsPath), {
    onFrame: handleFrame,
    onStatus: (status) => {
      render.renderConnection(view, status, refusedMessage);
      if (composer) composer.refresh();
    },
    onSynced: () => {
      if (composer) composer.resend();
    },
  });

  const send = (frame) => {
    if (socket.send(frame)) return true;
    render.showError(view, "Not connected: wait for the room to reconnect, then try again.");
    return false;
  };

  safeguards = createSafeguards(root, { room, send });
  composer = createComposer(root, {
    room,
    socket,
    onChange: () => renderIdeas("all"),
    showError: (message) => render.showError(view, message),
    clearError: () => render.clearError(view),
  });

  decisions = createDecisions(root, {
    room,
    send,
    showError: (message) => render.showError(view, message),
    clearError: () => render.clearError(view),
    renderIdeas: (ids) => renderIdeas(ids),
  });

  bindActions(root, { room, view, send, composer, saveReactions, renderIdeas, renderRoom });

  renderRoom();
  window.setInterval(() => render.renderTimer(view, room), 1000);
  socket.connect();
}

if (root) start();
