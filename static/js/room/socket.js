// The room's websocket: reconnects with backoff, keeps itself alive with pings, and catches up
// after every (re)connect with `sync`, applying each `seq` at most once and in order.

const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 30000;
const PING_EVERY_MS = 25000;
const PONG_WAIT_MS = 10000;
const SYNC_WAIT_MS = 15000;
const REFUSED_CODE = 4403;
const LEFT_CODE = 4000; // left the meeting in protest: no reconnecting by itself

export function roomSocketUrl(path) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${path}`;
}

// "Equal jitter": half the doubled delay, plus a random part of the other half.
export function backoffDelay(attempt) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export class RoomSocket {
  // onFrame(frame) gets every frame to apply, in order; onStatus(status) gets
  // "connecting" | "online" | "reconnecting" | "refused".
  constructor(url, { onFrame, onStatus, onSynced }) {
    this.url = url;
    this.onFrame = onFrame;
    this.onStatus = onStatus;
    this.onSynced = onSynced;
    this.lastSeq = 0;
    this.attempt = 0;
    this.ws = null;
    this.ready = false; // hello received on the current connection
    this.syncing = false;
    this.buffer = [];
    this.timers = {};
    this.refused = false;
    this.everConnected = false;
    window.addEventListener("offline", () => this.drop());
    window.addEventListener("online", () => this.reconnectNow());
  }

  connect() {
    if (this.refused || this.ws) return;
    if (navigator.onLine === false) {
      this.onStatus("reconnecting");
      return; // the "online" event reconnects
    }
    this.onStatus(this.everConnected ? "reconnecting" : "connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.addEventListener("message", (event) => this.receive(ws, event));
    ws.addEventListener("close", (event) => this.closed(ws, event.code));
  }

  // Sends a frame if the connection is usable; returns whether it was sent.
  send(frame) {
    if (!this.ws || !this.ready || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  get online() {
    return Boolean(this.ws && this.ready);
  }

  receive(ws, event) {
    if (ws !== this.ws) return;
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    this.clearTimer("pong");
    if (frame.type === "hello") {
      this.ready = true;
      this.everConnected = true;
      this.attempt = 0;
      this.onFrame(frame);
      this.onStatus("online");
      this.startSync(ws);
      this.startPing();
    } else if (frame.type === "snapshot") {
      this.applySnapshot(frame);
    } else if (frame.type === "synced") {
      this.finishSync();
    } else if (typeof frame.seq === "number") {
      if (this.syncing) this.buffer.push(frame);
      else this.applyOnce(frame);
    } else {
      this.onFrame(frame);
    }
  }

  // Live events can arrive while the replay is still coming: hold every numbered event until
  // `synced`, then apply them all in seq order, skipping any seq already applied.
  // A first load asks for the room as it stands (one snapshot) rather than a replay of every event.
  startSync(ws) {
    this.syncing = true;
    this.buffer = [];
    const frame = { type: "sync", after_seq: this.lastSeq };
    if (this.lastSeq === 0) frame.snapshot = true;
    ws.send(JSON.stringify(frame));
    this.setTimer("sync", SYNC_WAIT_MS, () => this.finishSync());
  }

  // The snapshot's frames have no seq: they bring the state up to `last_seq`, where events take over.
  applySnapshot(snapshot) {
    this.lastSeq = Math.max(this.lastSeq, snapshot.last_seq);
    snapshot.frames.forEach((frame) => this.onFrame(frame));
    this.onFrame({ type: "snapshot.applied", my_reactions: snapshot.my_reactions || [] });
  }

  finishSync() {
    this.clearTimer("sync");
    const frames = this.buffer.sort((a, b) => a.seq - b.seq);
    this.buffer = [];
    this.syncing = false;
    frames.forEach((frame) => this.applyOnce(frame));
    if (this.onSynced) this.onSynced();
  }

  applyOnce(frame) {
    if (frame.seq <= this.lastSeq) return;
    this.lastSeq = frame.seq;
    this.onFrame(frame);
  }

  startPing() {
    this.clearTimer("ping");
    this.timers.ping = window.setInterval(() => {
      if (!this.send({ type: "ping" })) return;
      this.setTimer("pong", PONG_WAIT_MS, () => this.drop());
    }, PING_EVERY_MS);
  }

  // Gives up on the current connection at once (offline, or no pong): a dead socket can take
  // minutes to report its close.
  drop() {
    const ws = this.ws;
    if (!ws) return;
    this.closed(ws, 1006);
    try {
      ws.close();
    } catch {
      // already closing
    }
  }

  closed(ws, code) {
    if (ws !== this.ws) return;
    this.ws = null;
    this.ready = false;
    this.syncing = false;
    this.buffer = [];
    ["ping", "pong", "sync", "retry"].forEach((name) => this.clearTimer(name));
    if (code === REFUSED_CODE || code === LEFT_CODE) {
      this.refused = true;
      this.onStatus("refused");
      return;
    }
    this.onStatus("reconnecting");
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.setTimer("retry", delay, () => this.connect());
  }

  reconnectNow() {
    if (this.ws || this.refused) return;
    this.clearTimer("retry");
    this.attempt = 0;
    this.connect();
  }

  setTimer(name, ms, callback) {
    this.clearTimer(name);
    this.timers[name] = window.setTimeout(callback, ms);
  }

  clearTimer(name) {
    if (this.timers[name] === undefined) return;
    window.clearTimeout(this.timers[name]);
    window.clearInterval(this.timers[name]);
    delete this.timers[name];
  }
}
