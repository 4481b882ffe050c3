// The gateway: HELLO, heartbeats, IDENTIFY -> READY + GUILD_CREATEs, RESUME
// with replay, dispatches filtered by the intents the client asked for.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

/** Builds the `d` of a dispatch for one session, from its intents; undefined = this session does not get it. */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- spells out the two shapes a caller passes
export type DispatchData = unknown | ((intents: number) => unknown);

interface Session {
  id: string;
  intents: number;
  seq: number;
  /** Every dispatch with its sequence number, so a RESUME can replay what the client missed. */
  history: { s: number; raw: string }[];
  /** The open socket, or undefined while dropped (dispatches are then only recorded). */
  ws: WebSocket | undefined;
}

export interface GatewayHooks {
  token: string;
  log: (line: string) => void;
  heartbeatIntervalMs: number;
  /** READY's `d` without session fields. */
  readyData: () => Record<string, unknown>;
  /** One GUILD_CREATE `d` per guild the bot is in, for a session with these intents. */
  guildCreates: (intents: number) => Record<string, unknown>[];
  /** Answers op 8 REQUEST_GUILD_MEMBERS with the GUILD_MEMBERS_CHUNK `d`. */
  memberChunk: (
    request: { guild_id: string; query?: string; limit?: number; user_ids?: string | string[]; nonce?: string },
    intents: number,
  ) => Record<string, unknown> | undefined;
  resumeUrl: () => string;
}

const HISTORY_LIMIT = 2000;

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  private readonly serverClosed = new WeakSet<WebSocket>();
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly hooks: GatewayHooks) {
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Whether a client holds an identified session on an open socket (READY and GUILD_CREATEs went out on IDENTIFY). */
  get connectedAndReady(): boolean {
    return [...this.sessions.values()].some((s) => s.ws !== undefined);
  }

  /** Whether any client session exists (connected, or dropped and resumable). */
  get hasSession(): boolean {
    return this.sessions.size > 0;
  }

  waitForReady(): Promise<void> {
    if (this.connectedAndReady) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends (or, for a dropped session, records for replay) a dispatch to every session. */
  dispatch(t: string, data: DispatchData): void {
    for (const session of this.sessions.values()) {
      const d = typeof data === 'function' ? (data as (intents: number) => unknown)(session.intents) : data;
      if (d === undefined) continue;
      this.sendDispatch(session, t, d);
    }
  }

  /** Closes every client socket with `code`; dispatches made meanwhile are replayed after RESUME. */
  async drop(code: number): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const session of this.sessions.values()) {
      const ws = session.ws;
      if (!ws) continue;
      session.ws = undefined;
      // The client only resumes after codes it treats as resumable; after the others it identifies afresh.
      if (code === 1000 || code === 4007 || code === 4009) this.sessions.delete(session.id);
      this.serverClosed.add(ws);
      closing.push(new Promise((resolve) => ws.once('close', () => resolve())));
      ws.close(code, 'LocalDiscord.dropGateway');
    }
    await Promise.all(closing);
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // ---- internals -------------------------------------------------------------

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const raw = JSON.stringify({ op: 0, t, s: session.seq, d });
    session.history.push({ s: session.seq, raw });
    if (session.history.length > HISTORY_LIMIT) session.history.shift();
    if (session.ws) this.send(session.ws, raw);
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    let session: Session | undefined;
    this.send(ws, { op: 10, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs }, s: null, t: null });

    ws.on('message', (buf) => {
      let payload: { op: number; d: any };
      try {
        payload = JSON.parse((Buffer.isBuffer(buf) ? buf : Array.isArray(buf) ? Buffer.concat(buf) : Buffer.from(buf)).toString());
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (payload.op) {
        case 1: // heartbeat
          this.send(ws, { op: 11, d: null, s: null, t: null });
          break;
        case 2: // identify
          if (session) return ws.close(4005, 'Already authenticated.');
          if (payload.d?.token !== this.hooks.token) return ws.close(4004, 'Authentication failed.');
          session = this.identify(ws, Number(payload.d.intents ?? 0));
          break;
        case 6: // resume
          if (payload.d?.token !== this.hooks.token) return ws.close(4004, 'Authentication failed.');
          session = this.resume(ws, String(payload.d?.session_id), Number(payload.d?.seq ?? 0));
          break;
        case 8: // request guild members
          if (!session) return ws.close(4003, 'Not authenticated.');
          {
            const chunk = this.hooks.memberChunk(payload.d ?? {}, session.intents);
            if (chunk) this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', chunk);
          }
          break;
        case 3: // presence update
        case 4: // voice state update
          break;
        default:
          this.hooks.log(`gateway: unhandled op ${payload.op}`);
      }
    });

    ws.on('close', (code) => {
      this.sockets.delete(ws);
      if (!session || session.ws !== ws) return;
      session.ws = undefined;
      // A client that closes normally (client.destroy()) ends its session, as on Discord.
      if (!this.serverClosed.has(ws) && (code === 1000 || code === 1001)) this.sessions.delete(session.id);
    });
  }

  private identify(ws: WebSocket, intents: number): Session {
    const session: Session = { id: randomBytes(16).toString('hex'), intents, seq: 0, history: [], ws };
    this.sessions.set(session.id, session);
    const guilds = this.hooks.guildCreates(intents);
    this.sendDispatch(session, 'READY', {
      v: 10,
      ...this.hooks.readyData(),
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.hooks.resumeUrl(),
      shard: [0, 1],
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
      auth: {},
      _trace: ['["local-discord",{}]'],
    });
    for (const guild of guilds) this.sendDispatch(session, 'GUILD_CREATE', guild);
    this.hooks.log(`gateway: session ${session.id.slice(0, 8)} identified (intents ${intents})`);
    this.notifyReady();
    return session;
  }

  private resume(ws: WebSocket, sessionId: string, seq: number): Session | undefined {
    const session = this.sessions.get(sessionId);
    if (!session) {
      // Not resumable: the client must identify again.
      this.send(ws, { op: 9, d: false, s: null, t: null });
      return undefined;
    }
    session.ws = ws;
    const missed = session.history.filter((h) => h.s > seq);
    for (const h of missed) this.send(ws, h.raw);
    this.sendDispatch(session, 'RESUMED', null);
    this.hooks.log(`gateway: session ${session.id.slice(0, 8)} resumed, replayed ${missed.length} events`);
    this.notifyReady();
    return session;
  }

  private notifyReady(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
