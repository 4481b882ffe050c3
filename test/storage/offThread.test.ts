// Issue 14: the heavy reads (a digest's figures, /export's files, an athlete's data export) are done
// on a chart worker, with its own connection to the bot's file, so they leave the bot's thread to
// interactions. They must be what the bot would work out itself; and the scheduler decides a digest
// is owed without the figures.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { chartPool, closeChartPool } from '../../src/charts/pool';
import { ManualClock } from '../../src/clock';
import { renderDigestWithCharts } from '../../src/discord/render/digestMessages';
import { digestChartsOffThread, renderDigest } from '../../src/discord/render/digest';
import type { Team } from '../../src/repositories/teams';
import type { Logger } from '../../src/logger';
import { DigestService } from '../../src/services/digest';
import { tempDatabase } from '../support/db';
import { addAssigned, addAthlete, dispatcherOf, FakeCourier, makeApp, seedTeam } from '../support/schedulerHarness';

const GUILD = '900000000000000001';
const ATHLETES = ['200000000000000001', '200000000000000002', '200000000000000003', '200000000000000004'];
const T0 = new Date('2026-01-05T00:00:00Z');
const W10 = { year: 2026, week: 10 };

let store: ReturnType<typeof tempDatabase>;
let app: Runtime;
let clock: ManualClock;
let team: Team;

beforeEach(() => {
  store = tempDatabase();
  clock = new ManualClock('2026-03-09T09:00:00Z');
  app = makeApp(store.db, clock, new FakeCourier(clock));
  team = seedTeam(app, { guildId: GUILD, timeZone: 'Europe/London' }, T0);
  // Nine weeks of two sessions a week, most logged, some with pain, so the EWMA, pain and compliance all have something to say.
  for (const [i, athleteId] of ATHLETES.entries()) {
    addAthlete(app, GUILD, athleteId, T0);
    for (let week = 0; week < 9; week++) {
      for (const day of [1, 4]) {
        const date = new Date(Date.UTC(2026, 0, 5 + week * 7 + day)).toISOString().slice(0, 10);
        const a = addAssigned(app, team, athleteId, date, T0);
        if ((week + day + i) % 5 === 0) continue; // missed
        clock.set(`${date}T19:00:00Z`); // logged the evening of the session
        const logged = app.checkins.logCompleted(
          athleteId,
          a.id,
          { rpe: 5 + ((week + i) % 4), minutes: 40 + 5 * i, pain: (week * day + i) % 7, painArea: null, note: null },
          'modal',
        );
        expect(logged).toMatchObject({ ok: true });
      }
    }
  }
  clock.set('2026-03-09T09:00:00Z');
});
afterEach(() => store.cleanup());
afterAll(() => closeChartPool());

describe("a digest's figures off the bot's thread", () => {
  // The first task starts a worker (cold: it loads the app and the chart modules).
  it(
    'are, from the worker, exactly the figures computed in-process (states rebuilt on the worker, then continued)',
    { timeout: 60_000 },
    async () => {
      store.db.prepare('DELETE FROM ewma_states').run();
      const here = app.digest.computeDigest(team, W10);
      store.db.prepare('DELETE FROM ewma_states').run();
      const task = { type: 'digestFigures', dbPath: store.path, team, week: W10, now: clock.now().toISOString() } as const;
      const fromWorker = await chartPool().render(task);
      expect(fromWorker.errors).toEqual([]);
      expect(fromWorker.figures).toEqual(here);
      // The worker stored the states it rebuilt, through its own connection: the bot's sees them.
      expect((store.db.prepare('SELECT count(*) AS n FROM ewma_states').get() as { n: number }).n).toBe(ATHLETES.length);
      expect((await chartPool().render(task)).figures).toEqual(here);
      expect(here.athletes).toHaveLength(ATHLETES.length);
      expect(here.team.assigned).toBe(ATHLETES.length * 2);
    },
  );

  it('the digest the courier posts is the one rendered from in-process figures', async () => {
    const posted = await renderDigestWithCharts(app, team, W10);
    const here = app.digest.computeDigest(team, W10);
    const expected = renderDigest(here, { timeZone: team.timeZone, charts: await digestChartsOffThread(here, () => undefined) });
    expect(posted.map((m) => m.embeds)).toEqual(expected.map((m) => m.embeds));
    expect(posted.flatMap((m) => m.files.map((f) => f.name))).toEqual(expected.flatMap((m) => m.files.map((f) => f.name)));
    expect(posted.flatMap((m) => m.files.map((f) => f.name))).toContain('team-load.png');
  });

  it("/digest's figures come from the worker, and are the in-process ones", { timeout: 60_000 }, async () => {
    await closeChartPool();
    const here = app.digest.computeDigest(team, W10, { group: null });
    expect(await app.digest.figures(team, W10)).toEqual(here);
    expect(chartPool().threads).toBe(1);
    const asked = await app.digest.digestFor(team, '2026-W10', null);
    expect(asked).toEqual({ ok: true, value: here });
  });

  it(
    "/export's files come from the worker, byte for byte the in-process ones; a refusal comes back as one",
    { timeout: 60_000 },
    async () => {
      await closeChartPool();
      const here = app.digest.exportCsv(team, '2026-01-05', '2026-03-08');
      expect(here.ok && here.value.rows).toBe(ATHLETES.length * 2 * 9);
      const fromWorker = await app.digest.exportFiles(team, '2026-01-05', '2026-03-08');
      expect(chartPool().threads).toBe(1);
      expect(fromWorker.ok).toBe(true);
      if (!fromWorker.ok || !here.ok) return;
      expect(Buffer.isBuffer(fromWorker.value.file)).toBe(true);
      expect(fromWorker.value.file.equals(here.value.file)).toBe(true);
      expect({ ...fromWorker.value, file: null }).toEqual({ ...here.value, file: null });
      expect(await app.digest.exportFiles(team, '2026-03-08', '2026-01-05')).toEqual({
        ok: false,
        message: '"from" (2026-03-08) is after "to" (2026-01-05).',
      });
    },
  );

  it("an athlete's data export comes from the worker, as made in-process", { timeout: 60_000 }, async () => {
    // The outbox settled first (the export shows its rows), so both read the same data.
    await dispatcherOf(app).drain();
    const fromWorker = await app.privacy.exportData(GUILD, ATHLETES[0]!);
    const here = app.privacy.export(GUILD, ATHLETES[0]!);
    expect(here.ok && here.value.summary.categories.some((c) => c.rows > 0)).toBe(true);
    expect(fromWorker).toEqual(here);
    expect(chartPool().threads).toBeGreaterThan(0);
    expect(await app.privacy.exportData(GUILD, '200000000000000099')).toEqual(app.privacy.export(GUILD, '200000000000000099'));
  });

  it('a worker that fails is logged, and the figures and files are made here', async () => {
    const warnings: unknown[] = [];
    const logger = { warn: (fields: unknown, message: string) => warnings.push([fields, message]) } as unknown as Logger;
    const failing = new DigestService({
      repo: app.digestRepo,
      clock,
      logger,
      offThread: {
        figures: () => Promise.resolve({ errors: ['worker gone'] }),
        exportCsv: () => Promise.resolve({ errors: ['worker gone'] }),
      },
    });
    const here = new DigestService({ repo: app.digestRepo, clock, logger }).computeDigest(team, W10);
    expect(await failing.figures(team, W10)).toEqual(here);
    expect(warnings).toEqual([[{ guildId: GUILD, errors: ['worker gone'] }, 'digest figures failed on the worker; computed in-process']]);
    const files = await failing.exportFiles(team, '2026-01-05', '2026-03-08');
    const expected = new DigestService({ repo: app.digestRepo, clock, logger }).exportCsv(team, '2026-01-05', '2026-03-08');
    expect(files.ok && expected.ok && files.value.file.equals(expected.value.file)).toBe(true);
    expect(warnings.at(-1)).toEqual([{ guildId: GUILD, errors: ['worker gone'] }, 'export failed on the worker; made in-process']);
  });

  it('the scheduler decides with two indexed reads: nothing assigned, or nobody on the squad, is no digest', () => {
    expect(app.digest.nothingToReport(team, W10)).toBeUndefined();
    expect(app.digest.nothingToReport(team, { year: 2026, week: 20 })).toBe('nothing was assigned that week');
    for (const id of ATHLETES) app.squad.remove(GUILD, id, clock.now());
    expect(app.digest.nothingToReport(team, W10)).toBe('no athletes on the squad');
  });
});
