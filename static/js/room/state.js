// The room as this browser knows it. Only server frames change it (see docs/protocol.md), so
// replaying an event, or receiving it twice, leaves the same state: ideas are kept by id.

export const MODERATOR_ROLES = new Set(["facilitator", "counsel"]);

export function createRoomState({ sessionId, role, state }) {
  return {
    sessionId,
    role,
    state,
    user: null,
    questions: [],
    currentQuestionId: null,
    timerEndsAt: null, // ms since epoch, server clock
    clockOffset: 0, // server clock minus this browser's clock, in ms
    ideas: new Map(), // id -> idea object as the server sent it
    hidden: new Set(), // ids of flagged ideas waiting for a moderator
    held: new Map(), // id -> {idea, rules, matches, declinedReason}
    flagged: new Map(), // id -> {reason, flags}
    presence: new Map(), // user_id -> {user_id, name, company, role}
    myReactions: new Set(), // "ideaId:kind" this person switched on (the protocol does not say)
  };
}

export const isModerator = (room) => MODERATOR_ROLES.has(room.role);

// Held ideas reach only their author and the moderators: for a participant every one is theirs.
export function isOwnIdea(room, idea) {
  if (room.role === "participant") return true;
  return Boolean(idea.author && room.user && idea.author.name === room.user.name);
}

export function now(room) {
  return Date.now() + room.clockOffset;
}

export function setServerTime(room, iso) {
  const server = Date.parse(iso);
  if (!Number.isNaN(server)) room.clockOffset = server - Date.now();
}

const parseTime = (iso) => (iso ? Date.parse(iso) : null);

export function applyHello(room, hello) {
  room.role = hello.role;
  room.state = hello.state;
  room.user = hello.user;
  room.questions = hello.questions || [];
  room.currentQuestionId = hello.current_question_id ?? null;
  room.timerEndsAt = parseTime(hello.timer_ends_at);
  setServerTime(room, hello.server_time);
  room.presence = new Map((hello.presence || []).map((person) => [person.user_id, person]));
}

function upsertIdea(room, idea) {
  const known = room.ideas.get(idea.id);
  room.ideas.set(idea.id, known ? { ...known, ...idea } : idea);
}

function patchIdea(room, id, changes) {
  const known = room.ideas.get(id);
  if (known) room.ideas.set(id, { ...known, ...changes });
  const held = room.held.get(id);
  if (held) held.idea = { ...held.idea, ...changes };
}

// Applies one frame; returns the ids of ideas whose display changed (for the renderer).
export function applyEvent(room, event) {
  switch (event.type) {
    case "idea.published":
    case "idea.restored":
      upsertIdea(room, event.idea);
      room.held.delete(event.idea.id);
      room.flagged.delete(event.idea.id);
      room.hidden.delete(event.idea.id);
      return [event.idea.id];
    case "idea.held":
      room.held.set(event.idea.id, {
        idea: event.idea,
        rules: event.rules || [],
        matches: event.matches || [],
        declinedReason: null,
      });
      return [];
    case "idea.declined": {
      const held = room.held.get(event.idea_id);
      if (held && isOwnIdea(room, held.idea)) held.declinedReason = event.reason || "";
      else room.held.delete(event.idea_id);
      room.flagged.delete(event.idea_id);
      return [event.idea_id];
    }
    case "idea.flagged":
      room.flagged.set(event.idea_id, { reason: event.reason || "", flags: event.flags || 1 });
      return [];
    case "idea.hidden":
      room.hidden.add(event.idea_id);
      return [event.idea_id];
    case "idea.reactions":
      patchIdea(room, event.idea_id, { reactions: event.reactions });
      return [event.idea_id];
    case "idea.highlighted":
      patchIdea(room, event.idea_id, { highlighted: event.highlighted });
      return [event.idea_id];
    case "session.state":
      room.state = event.state;
      return [];
    case "agenda.current":
      room.currentQuestionId = event.question_id;
      room.timerEndsAt = parseTime(event.timer_ends_at);
      return [];
    case "timer":
      // Not event.server_time: a replayed event carries the time it was first sent.
      room.timerEndsAt = parseTime(event.ends_at);
      return [];
    case "presence.update":
      // Joins and leaves of the last half second, in the order they happened.
      for (const change of event.changes || []) {
        if (change.event === "presence.join") room.presence.set(change.user.user_id, change.user);
        else room.presence.delete(change.user.user_id);
      }
      return [];
    case "pong":
      setServerTime(room, event.server_time);
      return [];
    default:
      return [];
  }
}
