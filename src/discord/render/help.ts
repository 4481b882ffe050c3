import type { Team } from '../../repositories/teams';

/** Posted once when Backline joins a server: nobody can use it until an admin runs /setup. */
export const JOIN_MESSAGE = [
  '👋 **Backline** is here: strength sessions by DM, check-ins in a few words, pain flags and a weekly digest for staff.',
  'Someone with **Manage Server** should run `/setup` first (time zone, coach role, private staff channel). Then `/help` shows what to do next.',
].join('\n');

/** For an athlete: how to log and correct, the scales, and who sees what. */
export function athleteHelp(team: Team | undefined): string {
  return [
    '**Backline for athletes**',
    '',
    '**Logging a session**: after training, reply to my DM with your effort, pain and minutes, e.g. `rpe 7, pain 2, 45 min`, `7 2 45` (in that order) or `no pain, rpe 6, 1h`. Add where it hurts if it does: `left calf sore 3`. Or tap **Log session** on the session card, or use `/today`.',
    "If something is unclear I ask back, and nothing is saved until I have every value. Couldn't train? Tap **Couldn't train** and say why if you like.",
    '**Correcting**: within 14 days, reply `pain was 4` or `change rpe to 6`, or tap **Edit** on the session card. You see the before and after.',
    '',
    '**The scales**',
    '• **RPE** (effort, 0-10) is how hard the whole session felt: 0 rest, 3 moderate, 5 hard, 7 very hard, 10 maximal (Foster CR-10).',
    '• **Pain** (0-10): 0-2 is fine, 3-5 acceptable if it has settled by the next morning, above 5 is too much and your coaches are told.',
    '• **RIR** (reps in reserve) on a set: how many more good reps you could have done. RIR 2 = stop with two left.',
    '• **Tempo** like `3-1-1-0`: seconds lowering, pausing at the bottom, lifting, pausing at the top.',
    '',
    `**Who sees your data**: you see your own check-ins (\`/me\`); your team's coaches and staff see the squad's${team ? ` (pain flags only in the private staff channel)` : ''}. Nobody else does.`,
  ].join('\n');
}

/** For a coach: the commands in the order of a first week. */
export function coachHelp(team: Team | undefined): string {
  return [
    '**Backline for coaches**: the first week, in order',
    `1. ${team ? '✅ `/setup` is done' : '`/setup`: time zone, coach role, private staff channel (needs Manage Server)'}.`,
    '2. `/squad add` each athlete (with a group such as "sprinters" if you like). They get a short welcome DM.',
    '3. `/library` to browse sessions and exercises; `/assign` a session to an athlete, a group or the squad. Dates and times as you say them: `next monday`, `26 Nov`, `5:30pm`.',
    '4. Or `/program start` a multi-week program on training days such as `mon,thu`.',
    "5. Athletes log by replying to their DM. `/athlete` shows one athlete's load, pain and compliance; pain above the limit is flagged in the staff channel.",
    '6. `/excuse` an ill or injured athlete; `/settings` for reminder and digest times and thresholds.',
    '7. The weekly digest arrives in the staff channel; `/digest` shows any past week, `/export` a CSV.',
    'Athletes get their own `/help` on logging, correcting and who sees their data.',
  ].join('\n');
}
