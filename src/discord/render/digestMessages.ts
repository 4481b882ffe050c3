import type { Runtime } from '../../app';
import { chartPool } from '../../charts/pool';
import type { DigestFigures } from '../../domain/digest';
import type { IsoWeek } from '../../domain/time';
import { errorSummary } from '../../outbox/dispatcher';
import type { Team } from '../../repositories/teams';
import { digestChartsOffThread, renderDigest, type RenderedMessage } from './digest';

/**
 * A team's weekly digest as messages, what the courier posts: figures and charts are both worked
 * out on a chart worker, so a fleet's digests going out leave the bot's thread to interactions.
 */
export async function renderDigestWithCharts(app: Runtime, team: Team, week: IsoWeek): Promise<RenderedMessage[]> {
  const figures = await digestFiguresOffThread(app, team, week);
  const log = (err: unknown, chart: string) =>
    app.logger.warn({ err: errorSummary(err), chart, guildId: team.guildId }, 'digest chart failed');
  return renderDigest(figures, { timeZone: team.timeZone, charts: await digestChartsOffThread(figures, log) });
}

async function digestFiguresOffThread(app: Runtime, team: Team, week: IsoWeek): Promise<DigestFigures> {
  // Another connection cannot see an in-memory database: compute here.
  if (app.db.memory) return app.digest.computeDigest(team, week);
  const result = await chartPool().render({ type: 'digestFigures', dbPath: app.db.name, team, week, now: app.clock.now().toISOString() });
  if (result.figures) return result.figures;
  // The worker could not (its error is in result.errors): the digest still goes out, computed here.
  app.logger.warn(
    { guildId: team.guildId, errors: result.errors.map((e) => e.message) },
    'digest figures failed on the worker; computed in-process',
  );
  return app.digest.computeDigest(team, week);
}
