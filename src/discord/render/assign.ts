import { formatLocalDate } from '../../domain/time';
import type { AssignTarget, DeliveryReport } from '../../services/assignments';
import { deliveryLines } from './delivery';
import { fitContent } from './pack';

/** What the "assign again" button needs to redo an /assign. */
export interface AssignAgain {
  templateId: string;
  target: AssignTarget;
  date: string | null;
  time: string | null;
  note: string | null;
}

export function formatAssignSummary(report: DeliveryReport): string {
  const first = report.assignments[0]!;
  const lines = [`✅ **${first.title}** on ${formatLocalDate(first.sessionDate)} assigned to ${report.assignments.length} athlete${report.assignments.length === 1 ? '' : 's'}.`];
  lines.push(...deliveryLines(report, 'Session', 'The session is saved; they can see it with `/today`.'));
  return fitContent(lines.join('\n'));
}

