import type { ScheduledJob } from '../job';
import { readinessCheckJob, teamRpeNudgeJob } from './allTraining';
import { checkinNudgeJob } from './checkinNudge';
import { checkinPromptJob } from './checkinPrompt';
import { deloadHeadsUpJob, deloadStaffJob, deloadStartJob } from './deload';
import { mobilityReminderJob } from './mobility';
import { painFollowupJob } from './painFollowup';
import { sessionDeliveryJob } from './sessionDelivery';
import { sessionReminderJob } from './sessionReminder';
import { weeklyDigestJob } from './weeklyDigest';

/**
 * Every kind of scheduled notification, in the order a tick runs them. Order matters within a
 * morning: the pain follow-up may regress today's session before it is delivered, and
 * "deload week starts" comes before that week's first session.
 * (The weekly digest adds its job here.)
 */
export const scheduledJobs: ScheduledJob[] = [
  painFollowupJob,
  deloadStaffJob,
  deloadStartJob,
  sessionDeliveryJob,
  mobilityReminderJob,
  sessionReminderJob,
  readinessCheckJob,
  deloadHeadsUpJob,
  checkinPromptJob,
  checkinNudgeJob,
  teamRpeNudgeJob,
  weeklyDigestJob,
];
