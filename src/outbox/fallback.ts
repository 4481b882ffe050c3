/** What the fallback channel says is waiting ("you have … waiting: run /today"); never health data. */
export const FALLBACK_WHAT = {
  session: 'a session today',
  newSession: 'a new session',
  reminder: 'a session today',
  checkin: 'a session to log',
  mobility: 'a mobility session today',
  deload: 'an update about your training week',
  painFollowup: 'a quick question from your coaches',
  program: 'a new training program',
  checkinDeleted: 'a note about a check-in',
} as const;
