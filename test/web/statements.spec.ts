import { describe, expect, it } from 'vitest';
import { addDays, inReadingOrder, organisationsIn, statementState } from '../../web/src/statements.js';

/** Claim-statement requests as the counsellor's list reads them (the browser cannot make one overdue: a due date in the past is refused). */
describe('claim-statement requests in the counsellor list', () => {
  it('are outstanding up to and including the due date, overdue after it, answered once a claim came in', () => {
    expect(statementState({ answered: false, dueOn: '2025-12-04' }, '2025-12-04')).toBe('OUTSTANDING');
    expect(statementState({ answered: false, dueOn: '2025-12-04' }, '2025-12-05')).toBe('OVERDUE');
    expect(statementState({ answered: true, dueOn: '2025-12-04' }, '2025-12-05')).toBe('ANSWERED');
  });

  it('list the outstanding ones first, earliest due on top, then the latest answers', () => {
    const rows = [
      { id: 'a', answered: true, dueOn: '2025-12-01', answeredOn: '2025-11-20' },
      { id: 'b', answered: false, dueOn: '2025-12-20' },
      { id: 'c', answered: true, dueOn: '2025-12-01', answeredOn: '2025-11-28' },
      { id: 'd', answered: false, dueOn: '2025-12-10' },
    ];
    expect(inReadingOrder(rows).map((r) => r.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('take organisations as typed: commas, semicolons or lines, each once', () => {
    expect(organisationsIn(' CJIB, VATTENFALL;\nCJIB ,, ')).toEqual(['CJIB', 'VATTENFALL']);
    expect(organisationsIn('')).toEqual([]);
  });

  it('default to a due date two weeks ahead across a month and a year', () => {
    expect(addDays('2025-12-25', 14)).toBe('2026-01-08');
    expect(addDays('2024-02-20', 14)).toBe('2024-03-05');
  });
});
