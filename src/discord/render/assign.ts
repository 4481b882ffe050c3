import { formatLocalDate, localTimeOf } from '../../domain/time';
import { describeTime } from '../../domain/when';
import type { DeliveryReport } from '../../services/assignments';
import { deliveryLines } from './delivery';
import { fitContent } from './pack';

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
