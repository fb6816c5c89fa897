/** Claim-statement requests as the counsellor reads them; no dependency on React (tested on its own). */

/** A date (yyyy-mm-dd) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** Organisations typed one per line or separated by commas or semicolons, each once. */
export function organisationsIn(text: string): string[] {
  return [...new Set(text.split(/[\n,;]/).map((s) => s.trim()).filter((s) => s !== ''))];
}

export type StatementState = 'ANSWERED' | 'OVERDUE' | 'OUTSTANDING';

/** Answered; or outstanding, and overdue once its due date has passed (the due date itself is still in time). */
export function statementState(request: { answered: boolean; dueOn: string }, today: string): StatementState {
  if (request.answered) return 'ANSWERED';
  return request.dueOn < today ? 'OVERDUE' : 'OUTSTANDING';
}

/** Outstanding requests first, the earliest due on top; answered ones after, the latest answer on top. */
export function inReadingOrder<T extends { answered: boolean; dueOn: string; answeredOn?: string | null }>(requests: readonly T[]): T[] {
  const outstanding = requests.filter((r) => !r.answered).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const answered = requests.filter((r) => r.answered).sort((a, b) => (b.answeredOn ?? '').localeCompare(a.answeredOn ?? ''));
  return [...outstanding, ...answered];
}
