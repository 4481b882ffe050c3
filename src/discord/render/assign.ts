import { formatLocalDate, localTimeOf } from '../../domain/time';
import { describeTime } from '../../domain/when';
import type { AssignRequest, AssignTarget, DeliveryReport } from '../../services/assignments';
import { deliveryLines } from './delivery';
import { fitContent } from './pack';

/** What the "assign again" button needs to redo an /assign. */
export interface AssignAgain {
  templateId: string;
  target: AssignTarget;
  date: string | null;
  time: string | null;
  note: string | null;
  /** One athlete's exercise swapped (issue 12), carried so "assign again" repeats it. */
  swap?: AssignRequest['swap'];
}

export function formatAssignSummary(report: DeliveryReport, timeZone?: string): string {
  const first = report.assignments[0]!;
  // The date and time as understood, in the team's zone, so a misread "26/11" or "5" shows at once.
  const when = timeZone ? ` at ${describeTime(localTimeOf(new Date(first.plannedStartAt), timeZone))} ${timeZone}` : '';
  const lines = [
    `✅ **${first.title}** on ${formatLocalDate(first.sessionDate)} ${first.sessionDate.slice(0, 4)}${when} assigned to ${report.assignments.length} athlete${report.assignments.length === 1 ? '' : 's'}.`,
  ];
  lines.push(...deliveryLines(report, 'Session', 'The session is saved; they can see it with `/today`.'));
  return fitContent(lines.join('\n'));
}
