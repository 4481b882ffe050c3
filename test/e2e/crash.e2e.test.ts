// Issue 7, the crash suite: the real bot (src/main.ts) as a child process against a local Discord
// in this process, killed with SIGKILL at random (seeded) moments at least 50 times during
// check-in bursts (DM replies "7 2 45" and the Log session form), an /assign to the whole squad of
// 40 and a busy scheduler minute (a program's sessions for 20 athletes falling due at once), and
// restarted each time. Afterwards: every check-in the bot acknowledged is stored; every message
// owed is delivered exactly once (counted by nonce at the local Discord) or recorded as skipped,
// expired or uncertain with its reason; the database passes PRAGMA integrity_check.
//
// The child runs on the real clock. The last restart runs in this process on a clock 35 s ahead
// (past the 30 s claim lease), so claims left by the last kill are settled without sleeping.
// Runs in its own vitest project, after the others (vitest.config.ts), so it never shares the
// two cores with other suites. CRASH_KILLS and CRASH_SEED override the defaults.
import { random as seededRandom } from '../../bench/fleet';
import { agreeToStore } from '../support/consent';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot';
import { ManualClock } from '../../src/clock';
import { openDatabase } from '../../src/db/database';
import { silentLogger } from '../../src/logger';
import { buttonsIn, LocalDiscord, type LocalMessage } from '../../src/demo/local-discord';
import { buildBotBundle, startChildBot, writeCodeCache, type ChildBot } from '../support/childBot';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

// The issue asks for at least 50.
const KILLS = Number(process.env.CRASH_KILLS ?? 50);
const SEED = Number(process.env.CRASH_SEED ?? 7);
const ATHLETES = 40;
const SESSIONS = [
  'runner-phase-1-activation',
  'runner-phase-2-loading',
  'runner-phase-3-eccentric',
  'runner-phase-4-plyometric',
  'baseline-assessment',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');

let discord: LocalDiscord;
let dir: string;
let script: string;
let team: TeamServer;
const children: ChildBot[] = [];

beforeAll(async () => {
  discord = await LocalDiscord.start();
  dir = mkdtempSync(join(tmpdir(), 'backline-crash-'));
  script = await buildBotBundle(dir);
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await discord?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A check-in an athlete sent, and whether the bot acknowledged it. */
interface Attempt {
  athleteId: string;
  via: 'dm_reply' | 'modal';
  rpe: number;
  pain: number;
  minutes: number;
  /** The athlete's DM (dm_reply): the bot's answer replies to it. */
  messageId?: string;
  acked: boolean;
}

describe('the bot killed at random moments', () => {
  it(`keeps every acknowledged check-in and delivers every owed message once (${KILLS} SIGKILLs)`, async () => {
    const started = Date.now();
    // Seeded (mulberry32), so a failing run can be replayed with the same CRASH_SEED.
    const random = seededRandom(SEED);
    const dbPath = join(dir, 'bot.db');
    const env = {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_PATH: dbPath,
      LOG_LEVEL: process.env.CRASH_LOG_LEVEL ?? 'warn',
      // Backups are not what this suite tests (and would land in the checkout).
      BACKUP_KEEP: '0',
    };
    team = buildTeamServer(discord, {
      name: 'Harbour RFC',
      coachName: 'Coach Kim',
      athletes: Array.from({ length: ATHLETES }, (_, i) => `Athlete ${i + 1}`),
    });

    const onlineAfter: number[] = [];
    const inProcess = {
      token: discord.token,
      logger: silentLogger,
      apiUrl: discord.apiUrl,
      startScheduler: false,
      deliverInTick: true,
      clientOptions: { ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) }, waitGuildTimeout: 100 },
    };
    /** Starts the child; resolves when it has registered its commands (online: dispatcher and scheduler started). */
    const launch = async (o: { waitOnline: boolean }) => {
      const since = Date.now();
      const bot = startChildBot(script, env);
      children.push(bot);
      if (!o.waitOnline) return bot;
      onlineAfter.push(0);
      while (!discord.requests.some((r) => r.at >= since && r.method === 'PUT' && r.path.endsWith('/commands'))) {
        if (bot.child.exitCode !== null) throw new Error(`the bot exited with ${bot.child.exitCode}:\n${bot.output()}`);
        if (Date.now() - since > 20_000) throw new Error(`the bot did not come online within 20 s:\n${bot.output()}`);
        await sleep(10);
      }
      onlineAfter[onlineAfter.length - 1] = Date.now() - since;
      return bot;
    };
    const kill = async (bot: ChildBot) => {
      bot.child.kill('SIGKILL');
      const { signal, code } = await bot.exited;
      // Anything but our SIGKILL is a crash of its own: show what it said.
      if (signal !== 'SIGKILL') throw new Error(`the bot exited by itself (code ${code}):\n${bot.output()}`);
    };
    const command = (userId: string, name: string, options: Record<string, string | number>, subcommand?: string) =>
      discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId, name, subcommand, options });

    // ---- the team, set up through the bot (not killed meanwhile)
    const utcHour = new Date().getUTCHours();
    // A zone where it is early afternoon now, so this morning's reminder time has passed.
    let offset = (14 - utcHour + 24) % 24;
    if (offset > 14) offset -= 24;
    const timezone = offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
    const localNow = new Date(Date.now() + offset * 3_600_000);
    const reminderTime = `${String(localNow.getUTCHours() - 2).padStart(2, '0')}:00`;
    // Today and two more days: the protocol needs three a week; its first session is today.
    const days = [0, 2, 4].map((d) => ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(localNow.getUTCDay() + d) % 7]!).join(',');
    // Set up in this process on a clock 5 minutes back, so the program's sessions made here are due at
    // the child's first tick (the scheduler leaves sessions younger than 2 minutes to their creator).
    const setupClock = new ManualClock(new Date(Date.now() - 5 * 60_000));
    const setupBot = await startBot({ ...inProcess, db: openDatabase(dbPath), clock: setupClock });
    const setup = await (
      await command(team.owner.id, 'setup', {
        timezone,
        coach_role: team.coachRoleId,
        staff_channel: team.staffChannelId,
        fallback_channel: team.fallbackChannelId,
      })
    ).settled();
    expect(text(setup.response())).toContain('Backline is set up');
    const settings = await (await command(team.coach.id, 'settings', { reminder_time: reminderTime })).settled();
    expect(text(settings.response())).toContain(reminderTime);
    for (const [i, a] of team.athletes.entries()) {
      const added = await (
        await command(team.coach.id, 'squad', { athlete: a.id, group: i < ATHLETES / 2 ? 'replies' : 'forms' }, 'add')
      ).settled();
      expect(text(added.response())).toContain('joined the squad');
      await agreeToStore({ discord }, team, a.id);
    }
    // A first session for everyone, so the bursts have sessions to log from the first cycle.
    const firstAssign = await (await command(team.coach.id, 'assign', { session: 'glute-ham-emphasis' })).settled({ timeoutMs: 15_000 });
    expect(text(firstAssign.response())).toContain(`assigned to ${ATHLETES} athletes`);
    // Today's program sessions for the 20 'forms' athletes, due at this morning's reminder time: the busy minute.
    const program = await (
      await command(team.coach.id, 'program', { program: 'nordic-protocol', group: 'forms', start: 'today', days }, 'start')
    ).settled({ timeoutMs: 15_000 });
    expect(text(program.response())).toContain(`started for ${ATHLETES / 2} athletes`);
    await setupBot.dispatcher.drain();
    expect(team.athletes.every((a) => discord.dmsTo(a.id).length > 0)).toBe(true);
    await setupBot.stop();
    const setupMs = Date.now() - started;

    // ---- the crash cycles
    const attempts: Attempt[] = [];
    const touched = new Set<number>(); // sessions a check-in was sent for (never two on one session)
    const inFlight: Promise<unknown>[] = [];
    let counter = 0;
    let assigns = 0;
    const reader = new Database(dbPath, { readonly: true, fileMustExist: true });
    const openSessions = (athleteId: string) =>
      (
        reader
          .prepare(
            'SELECT a.id FROM assignments a LEFT JOIN checkins c ON c.assignment_id = a.id WHERE a.athlete_id = ? AND c.id IS NULL ORDER BY a.id',
          )
          .all(athleteId) as { id: number }[]
      ).map((r) => r.id);
    const cardFor = (athleteId: string, assignmentId: number) =>
      discord.dmsTo(athleteId).find((m) => buttonsIn(m).some((b) => b.customId === `log:${assignmentId}`));
    const nextValues = () => {
      const k = counter++;
      // (rpe, minutes) is unique per attempt, so the stored row shows which attempt it was; every 7th hurts.
      return { rpe: 1 + (Math.floor(k / 200) % 10), minutes: 20 + (k % 200), pain: k % 7 === 0 ? 6 : 2 };
    };

    /** One athlete's check-in: a DM reply when one session is waiting, else the form on a session card. */
    const checkIn = (athleteId: string) => {
      const open = openSessions(athleteId).filter((id) => !touched.has(id));
      if (open.length === 0) return;
      const values = nextValues();
      if (openSessions(athleteId).length === 1) {
        touched.add(open[0]!);
        const sent = discord.sendUserMessage({ userId: athleteId, content: `${values.rpe} ${values.pain} ${values.minutes}` });
        attempts.push({ athleteId, via: 'dm_reply', ...values, messageId: sent.id, acked: false });
        return;
      }
      const id = open.find((a) => cardFor(athleteId, a));
      if (id === undefined) return;
      touched.add(id);
      const attempt: Attempt = { athleteId, via: 'modal', ...values, acked: false };
      attempts.push(attempt);
      inFlight.push(
        (async () => {
          const opened = await discord.clickButton({ userId: athleteId, messageId: cardFor(athleteId, id)!.id, customId: `log:${id}` });
          if (!opened.modal) return;
          const submitted = await discord.submitModal({
            userId: athleteId,
            customId: opened.modal.custom_id,
            fields: {
              rpe: String(values.rpe),
              minutes: String(values.minutes),
              pain: String(values.pain),
              area: values.pain > 5 ? 'hamstring' : '',
              note: '',
            },
          });
          await submitted.settled({ timeoutMs: 3000 });
          attempt.acked = text(submitted.response()).includes('Logged');
        })().catch(() => undefined),
      );
    };

    let kills = 0;
    let startupKills = 0;
    for (let cycle = 0; kills < KILLS; cycle++) {
      // One cycle in eight is killed while starting (migrations, login, the catch-up tick).
      if (cycle > 0 && random() < 0.125) {
        const bot = await launch({ waitOnline: false });
        await sleep(150 + random() * 900);
        await kill(bot);
        kills++;
        startupKills++;
        continue;
      }
      const bot = await launch({ waitOnline: true });
      await sleep(random() * 100);
      // A command needs a second or two on a busy machine: those cycles last longer, so some commit and some are cut.
      let hold = random() * 500;
      if (cycle % 6 === 1) {
        hold = random() * 3000;
        // The whole squad: 40 sessions and their DMs in one interaction. Another session each time: the
        // same /assign again within 10 minutes only asks the coach to confirm (after five, it does).
        inFlight.push(
          command(team.coach.id, 'assign', { session: SESSIONS[assigns % SESSIONS.length]! })
            .then((r) => r.settled())
            .catch(() => undefined),
        );
        assigns++;
      }
      for (const a of team.athletes) if (random() < 0.3) checkIn(a.id);
      await sleep(process.env.CRASH_HOLD_MS ? Number(process.env.CRASH_HOLD_MS) : hold);
      if (process.env.CRASH_LOG_LEVEL) console.log(`cycle ${cycle}:\n${bot.output()}`);
      // The first cycles also refresh the V8 code cache with what they compiled (commands, check-ins, sends).
      if (cycle < 8) await writeCodeCache(bot, script);
      await kill(bot);
      kills++;
    }
    const crashMs = Date.now() - started - setupMs;
    await Promise.all(inFlight);
    reader.close();

    // ---- the last restart, in this process: the clock 35 s ahead settles the claims the last kill left
    const clock = new ManualClock(new Date(Date.now() + 35_000));
    const last = await startBot({ ...inProcess, db: openDatabase(dbPath), clock });
    const unsettled = () =>
      last.app.db.prepare("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')").get() as { n: number };
    await last.scheduler.tick();
    for (let i = 0; i < 60 && unsettled().n > 0; i++) {
      clock.advance(30_000);
      await last.dispatcher.drain();
    }
    await last.stop();

    // ---- the audit
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Acknowledged: the bot answered "Logged" (the form's reply, or a DM reply to the athlete's message).
    const dmReplies = new Map<string, LocalMessage>();
    for (const m of discord.botMessages()) {
      const to = m.message_reference?.message_id;
      if (to && m.content.includes('Logged')) dmReplies.set(to, m);
    }
    for (const a of attempts) if (a.via === 'dm_reply') a.acked = dmReplies.has(a.messageId!);
    const acked = attempts.filter((a) => a.acked);
    const stored = (a: Attempt) =>
      (
        db
          .prepare('SELECT count(*) AS n FROM checkins WHERE athlete_id = ? AND rpe = ? AND minutes = ? AND pain = ? AND source = ?')
          .get(a.athleteId, a.rpe, a.minutes, a.pain, a.via) as { n: number }
      ).n;
    const lost = acked.filter((a) => stored(a) !== 1);
    const storedUnacked = attempts.filter((a) => !a.acked && stored(a) === 1).length;

    // Owed: every outbox row. Delivered: Discord holds a message with its nonce (card edits are PATCHes, without one).
    interface Row {
      id: number;
      purpose: string;
      status: string;
      nonce: string;
      detail: string | null;
      body: string;
      parts_sent: number;
    }
    const rows = db.prepare('SELECT id, purpose, status, nonce, detail, body, parts_sent FROM outbox ORDER BY id').all() as Row[];
    db.close();
    const perNonce = new Map<string, number>();
    for (const m of discord.botMessages())
      if (m.nonce !== undefined) perNonce.set(String(m.nonce), (perNonce.get(String(m.nonce)) ?? 0) + 1);
    const isEdit = (r: Row) => (JSON.parse(r.body) as { body: { type: string } }).body.type === 'sessionCardUpdate';
    const posted = rows.filter((r) => !isEdit(r));
    const byStatus = (s: string) => rows.filter((r) => r.status === s);
    const copies = (r: Row) => perNonce.get(r.nonce) ?? 0;
    const delivered = posted.filter((r) => r.status === 'sent' && copies(r) === 1).length;
    const duplicated = posted.filter((r) => copies(r) > 1);
    const sentMissing = posted.filter((r) => r.status === 'sent' && copies(r) === 0);
    const arrivedButRecorded = posted.filter((r) => r.status !== 'sent' && copies(r) > 0);
    const withoutReason = rows.filter((r) => ['skipped', 'expired', 'uncertain', 'failed', 'fallback'].includes(r.status) && !r.detail);

    const figures = {
      kills,
      'kills while starting': startupKills,
      'check-ins sent': attempts.length,
      'check-ins acknowledged': acked.length,
      'acknowledged and stored': acked.length - lost.length,
      'stored, answer lost in a kill': storedUnacked,
      '/assign to 40 sent': assigns,
      // The setup's own /assign owed 40 as well.
      '/assign to 40 committed': rows.filter((r) => r.purpose === 'session').length / ATHLETES - 1,
      'program sessions due in one tick': rows.filter((r) => r.purpose === 'session_delivery').length,
      'messages owed': rows.length,
      'of which card edits': rows.length - posted.length,
      delivered,
      duplicated: duplicated.length,
      'sent but not at Discord': sentMissing.length,
      skipped: byStatus('skipped').length,
      expired: byStatus('expired').length,
      uncertain: byStatus('uncertain').length,
      failed: byStatus('failed').length,
      'not sent yet': byStatus('pending').length + byStatus('sending').length,
      'arrived, recorded as not sent': arrivedButRecorded.length,
      'start to online, median ms': [...onlineAfter].sort((a, b) => a - b)[Math.floor(onlineAfter.length / 2)],
      'setup s': Math.round(setupMs / 100) / 10,
      'kill cycles s': Math.round(crashMs / 100) / 10,
      'total s': Math.round((Date.now() - started) / 100) / 10,
    };
    console.log(
      `crash suite (seed ${SEED}):\n${Object.entries(figures)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join('\n')}`,
    );
    const reasons = new Map<string, number>();
    for (const r of rows)
      if (r.status !== 'sent')
        reasons.set(`${r.purpose} ${r.status}: ${r.detail}`, (reasons.get(`${r.purpose} ${r.status}: ${r.detail}`) ?? 0) + 1);
    if (reasons.size) console.log(`not sent, by reason:\n${[...reasons].map(([k, n]) => `  ${n} x ${k}`).join('\n')}`);

    expect(kills).toBe(KILLS);
    expect(acked.length).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(byStatus('pending').length + byStatus('sending').length).toBe(0);
    expect(duplicated.map((r) => `${r.purpose} #${r.id}: ${copies(r)} copies`)).toEqual([]);
    expect(sentMissing.map((r) => `${r.purpose} #${r.id}`)).toEqual([]);
    expect(withoutReason.map((r) => `${r.purpose} #${r.id} ${r.status}`)).toEqual([]);
    expect(delivered).toBeGreaterThan(ATHLETES);
    // The bursts really ran into the /assign and the busy minute.
    expect(rows.filter((r) => r.purpose === 'session').length).toBeGreaterThanOrEqual(ATHLETES);
    expect(rows.filter((r) => r.purpose === 'session_delivery').length).toBe(ATHLETES / 2);
  }, 180_000);
});
