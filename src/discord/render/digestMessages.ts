import type { App } from '../../app';
import type { IsoWeek } from '../../domain/time';
import { errorSummary } from '../../outbox/dispatcher';
import type { Team } from '../../repositories/teams';
import { digestChartsOffThread, renderDigest, type RenderedMessage } from './digest';

/**
 * A team's weekly digest as messages, what the courier posts: figures and charts are both worked
 * out on a chart worker, so a fleet's digests going out leave the bot's thread to interactions.
 */
export async function renderDigestWithCharts(app: App, team: Team, week: IsoWeek): Promise<RenderedMessage[]> {
  const figures = await app.digest.figures(team, week);
  const log = (err: unknown, chart: string) =>
    app.logger.warn({ err: errorSummary(err), chart, guildId: team.guildId }, 'digest chart failed');
  return renderDigest(figures, { timeZone: team.timeZone, charts: await digestChartsOffThread(figures, log) });
}
