import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import { createHouseholdDecider } from '../../domain/household/decider.js';
import { householdEventSchema, type EventOfType, type HouseholdEvent } from '../../domain/household/events.js';
import { defaultParameters } from '../../domain/parameters.js';
import {
  isRepeatSignal,
  outreachDeadline,
  partnerFeedback,
  signalOutcomes,
  worklistOrder,
  type SignalFacts,
  type SignalOutcome,
} from '../../domain/signals.js';
import { createTestApi, expectError, expectNoErrors, expectValidationIssue, type TestApi } from '../support/api.js';
import { deciderSpecification } from '../support/deciderSpecification.js';
import { counsellor, eneco, eventMeta, householdActor, householdRegistered, ombudsman, otherCounsellor } from '../support/householdFixtures.js';
import {
  CLOSE_SIGNAL,
  PARTNER_SIGNAL_FIELDS,
  RECORD_CONTACT_ATTEMPT,
  SEND_SIGNAL,
  SIGNAL_FIELDS,
  morningOf,
  sendSignal,
  signalInput,
  type PartnerSignalResult,
  type SignalResult,
} from './support.js';

/**
 * Early signals (vroegsignalering), ledger-policy.md §7 and dutch-debt-rules.md §5 / §9:
 * outreach deadlines, repeat signals, the counsellor's worklist, contact attempts and outcomes,
 * and the redacted feedback a partner may see.
 */

// ------------------------------------------------------------------------------ domain

describe('outreach deadline (Wgs art. 4)', () => {
  it('is 3 working days in a threatening situation: Thursday 17 April 2025 → Thursday 24 April (Good Friday and Easter Monday skipped)', () => {
    expect(outreachDeadline('2025-04-17', true)).toBe('2025-04-24');
  });

  it('is 3 working days across a weekend: Thursday 20 March 2025 → Tuesday 25 March', () => {
    expect(outreachDeadline('2025-03-20', true)).toBe('2025-03-25');
  });

  it('is 3 working days across King’s Day on a Monday (2026)', () => {
    // Fri 24 Apr 2026 → Tue 28 (1), Wed 29 (2), Thu 30 (3); Monday 27 April is King's Day.
    expect(outreachDeadline('2026-04-24', true)).toBe('2026-04-30');
  });

  it('is 4 weeks (28 days) otherwise', () => {
    expect(outreachDeadline('2025-04-17', false)).toBe('2025-05-15');
    expect(outreachDeadline('2025-03-20', false)).toBe('2025-04-17');
    expect(outreachDeadline('2025-02-10', false)).toBe('2025-03-10');
  });
});

describe('partner feedback codes (DDAS: "not picked up: other reason" never reveals the reason)', () => {
  const expected: Record<SignalOutcome, string> = {
    REPEAT_SIGNAL: 'REPEAT_SIGNAL',
    UNJUSTIFIED_SIGNAL: 'UNJUSTIFIED_SIGNAL',
    DECEASED: 'NOT_PICKED_UP',
    NOT_AN_INHABITANT: 'NOT_PICKED_UP',
    NOT_PICKED_UP_OTHER_REASON: 'NOT_PICKED_UP',
    ALREADY_KNOWN_TO_DEBT_HELP: 'NOT_PICKED_UP',
    IN_OTHER_SUPPORT_TRAJECTORY: 'NOT_PICKED_UP',
    NO_CONTACT: 'NO_CONTACT',
    NO_REACTION_AFTER_CONTACT: 'NO_CONTACT',
    HELP_DECLINED: 'PICKED_UP',
    ALREADY_PAID_OR_PLAN_AGREED: 'PICKED_UP',
    RESOLVED_WITHIN_30_DAYS: 'PICKED_UP',
    REFERRED_TO_FOLLOW_UP_HELP: 'PICKED_UP',
    REFERRED_WITHOUT_CONTACT: 'NO_CONTACT',
  };

  it.each(signalOutcomes.map((o) => [o, expected[o]] as const))('%s → %s', (outcome, code) => {
    expect(partnerFeedback(outcome)).toBe(code);
  });

  it('an open signal is OPEN', () => {
    expect(partnerFeedback(null)).toBe('OPEN');
  });

  it('covers every DDAS outcome', () => {
    expect(Object.keys(expected).sort()).toEqual([...signalOutcomes].sort());
  });
});

function facts(partnerOrg: string, amount: number, order: number, deadline = '2025-04-01'): SignalFacts {
  return {
    signalId: `s${order}`,
    partnerOrg,
    partnerType: 'ENERGY',
    amount,
    arrearsSince: '2025-01-01',
    threatening: false,
    receivedOn: '2025-03-01',
    deadline,
    outcome: null,
    closedOn: null,
    contactAttempts: [],
    order,
  };
}

describe('isRepeatSignal', () => {
  const history = [facts('ENECO', 45_000, 0), facts('WOONSTAD', 90_000, 1), facts('ENECO', 50_000, 2)];

  it('compares with the last signal of the same partner', () => {
    expect(isRepeatSignal(history, 'ENECO', '2025-01-01', 50_000)).toBe(true);
    expect(isRepeatSignal(history, 'ENECO', '2025-01-01', 49_999)).toBe(true);
    expect(isRepeatSignal(history, 'ENECO', '2025-01-01', 50_001)).toBe(false);
  });

  it('another partner’s amount does not count', () => {
    expect(isRepeatSignal(history, 'WOONSTAD', '2025-01-01', 50_000)).toBe(true);
    expect(isRepeatSignal(history, 'WOONSTAD', '2025-01-01', 90_001)).toBe(false);
    expect(isRepeatSignal(history, 'VITENS', '2025-01-01', 1)).toBe(false);
  });

  it('another arrears episode (another arrearsSince) is never a repeat', () => {
    expect(isRepeatSignal(history, 'ENECO', '2025-06-01', 1)).toBe(false);
  });

  it('the first signal is never a repeat', () => {
    expect(isRepeatSignal([], 'ENECO', '2025-01-01', 45_000)).toBe(false);
  });
});

describe('worklistOrder', () => {
  it('earliest deadline first (so overdue first), then the order received', () => {
    const list = [facts('A', 1, 0, '2025-04-10'), facts('B', 1, 1, '2025-03-20'), facts('C', 1, 2, '2025-04-10'), facts('D', 1, 3, '2025-03-25')];
    expect([...list].sort(worklistOrder).map((s) => s.partnerOrg)).toEqual(['B', 'D', 'A', 'C']);
  });
});

describe('the household decider on signals', () => {
  const decider = createHouseholdDecider(defaultParameters);
  const spec = deciderSpecification(decider, { validateEvent: (event) => householdEventSchema.parse(event) });
  const thursdayBeforeEaster = '2025-04-17T10:00:00+02:00';
  const sendSignal = (actor: Actor, data: Partial<{ amount: number; threatening: boolean }> = {}, recordedAt = thursdayBeforeEaster) => ({
    type: 'SendSignal' as const,
    meta: { actor, commandId: 'cmd-signal', correlationId: 'corr-cmd-signal', recordedAt },
    data: { signalId: 'h-1.signal-2', partnerType: 'ENERGY' as const, amount: 45_000, arrearsSince: '2025-01-01', threatening: true, ...data },
  });
  const received = (actor: Actor, amount: number, signalId = 'h-1.signal-1'): EventOfType<'SignalReceived'> => ({
    type: 'SignalReceived',
    v: 1,
    data: { signalId, partnerOrg: actor.org, partnerType: 'ENERGY', amount, arrearsSince: '2025-01-01', threatening: false, deadline: '2025-03-29' },
    meta: eventMeta(actor, 'cmd-earlier', '2025-03-01', '2025-03-01T10:00:00+01:00'),
  });
  const meta = (actor: Actor) => eventMeta(actor, 'cmd-signal', '2025-04-17', thursdayBeforeEaster);

  it('records the signal with its deadline: received on the day the ledger stores it', () => {
    spec
      .given([householdRegistered()])
      .when(sendSignal(eneco))
      .then([
        {
          type: 'SignalReceived',
          v: 1,
          data: { signalId: 'h-1.signal-2', partnerOrg: 'ENECO', partnerType: 'ENERGY', amount: 45_000, arrearsSince: '2025-01-01', threatening: true, deadline: '2025-04-24' },
          meta: meta(eneco),
        },
      ]);
  });

  it('closes a repeat (same partner, amount not increased) at once as REPEAT_SIGNAL', () => {
    const signalReceived: HouseholdEvent = {
      type: 'SignalReceived',
      v: 1,
      data: { signalId: 'h-1.signal-2', partnerOrg: 'ENECO', partnerType: 'ENERGY', amount: 45_000, arrearsSince: '2025-01-01', threatening: false, deadline: '2025-05-15' },
      meta: meta(eneco),
    };
    spec
      .given([householdRegistered(), received(eneco, 45_000)])
      .when(sendSignal(eneco, { threatening: false }))
      .then([signalReceived, { type: 'SignalClosed', v: 1, data: { signalId: 'h-1.signal-2', outcome: 'REPEAT_SIGNAL' }, meta: meta(eneco) }]);
  });

  it('an increased amount is a new signal', () => {
    const events = decider.decide(sendSignal(eneco, { amount: 45_001 }), [householdRegistered(), received(eneco, 45_000)].reduce(decider.evolve, decider.initialState()));
    expect(events.map((e) => e.type)).toEqual(['SignalReceived']);
  });

  it('the same amount from another partner is a new signal', () => {
    const woonstad: Actor = { org: 'WOONSTAD', role: 'CREDITOR', sub: 'huur@woonstad.nl' };
    const events = decider.decide(sendSignal(eneco), [householdRegistered(), received(woonstad, 45_000)].reduce(decider.evolve, decider.initialState()));
    expect(events.map((e) => e.type)).toEqual(['SignalReceived']);
  });

  it.each([
    ['a counsellor', counsellor],
    ['the ombudsman', ombudsman],
    ['the household', householdActor],
  ])('%s does not send signals (FORBIDDEN)', (_name, actor) => {
    spec.given([householdRegistered()]).when(sendSignal(actor)).thenThrows('FORBIDDEN');
  });

  it('only a counsellor with the mandate closes a signal; a closed signal cannot be closed again', () => {
    const close = (actor: Actor) => ({
      type: 'CloseSignal' as const,
      meta: { actor, commandId: 'cmd-close', correlationId: 'c', recordedAt: thursdayBeforeEaster },
      data: { signalId: 'h-1.signal-1', outcome: 'NO_CONTACT' as const, closedOn: '2025-04-17' },
    });
    spec.given([householdRegistered(), received(eneco, 45_000)]).when(close(otherCounsellor)).thenThrows('FORBIDDEN');
    spec.given([householdRegistered(), received(eneco, 45_000)]).when(close(eneco)).thenThrows('FORBIDDEN');
    const closed: HouseholdEvent = {
      type: 'SignalClosed',
      v: 1,
      data: { signalId: 'h-1.signal-1', outcome: 'HELP_DECLINED' },
      meta: eventMeta(counsellor, 'cmd-first-close', '2025-03-10'),
    };
    spec.given([householdRegistered(), received(eneco, 45_000), closed]).when(close(counsellor)).thenThrows('VALIDATION_FAILED');
  });
});

// --------------------------------------------------------------------------------- API

const WORKLIST = `query { signalWorklist { ${SIGNAL_FIELDS} } }`;
const FEEDBACK = `query { signalFeedback { ${PARTNER_SIGNAL_FIELDS} } }`;
const SIGNALS = `query ($id: ID!) { household(id: $id) { signals { ${SIGNAL_FIELDS} } } }`;

describe('early signals through the API', () => {
  let api: TestApi;
  let utrecht: string;
  let amsterdam: string;
  let enecoToken: string;
  let woonstad: string;
  let vitens: string;

  beforeEach(async () => {
    api = createTestApi();
    utrecht = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    amsterdam = await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM');
    enecoToken = await api.tokenFor('CREDITOR', 'ENECO');
    woonstad = await api.tokenFor('CREDITOR', 'WOONSTAD');
    vitens = await api.tokenFor('CREDITOR', 'VITENS');
  });
  afterEach(async () => {
    await api.close();
  });

  async function signalsOf(token: string, householdId: string): Promise<SignalResult[]> {
    const result = await api.gql(token, SIGNALS, { id: householdId });
    expectNoErrors(result);
    return result.data.household.signals as SignalResult[];
  }

  async function worklist(token: string): Promise<SignalResult[]> {
    const result = await api.gql(token, WORKLIST);
    expectNoErrors(result);
    return result.data.signalWorklist as SignalResult[];
  }

  async function feedback(token: string): Promise<PartnerSignalResult[]> {
    const result = await api.gql(token, FEEDBACK);
    expectNoErrors(result);
    return result.data.signalFeedback as PartnerSignalResult[];
  }

  async function close(token: string, signalId: string, outcome: string, closedOn: string) {
    return api.gql(token, CLOSE_SIGNAL, { input: { commandId: `close-${randomUUID()}`, signalId, outcome, closedOn } });
  }

  it('gives each signal its outreach deadline from the day it is received: 3 working days when threatening, else 4 weeks', async () => {
    const { householdId } = await api.registerHousehold(utrecht);
    api.setNow(morningOf('2025-04-17')); // Thursday before Easter, 11:00 in Amsterdam
    const threatening = await sendSignal(api, woonstad, householdId, { partnerType: 'HOUSING', amount: 240_000, arrearsSince: '2025-01-01', threatening: true });
    const ordinary = await sendSignal(api, enecoToken, householdId, { partnerType: 'ENERGY', amount: 45_000, arrearsSince: '2025-02-01' });

    // The partner's answer: the signal as it may see it, no deadline, no outcome.
    expect(threatening).toEqual({
      id: threatening.id,
      householdId,
      partnerType: 'HOUSING',
      amount: 240_000,
      arrearsSince: '2025-01-01',
      receivedOn: '2025-04-17',
      feedback: 'OPEN',
    });
    expect(threatening.id.startsWith(`${householdId}.signal-`)).toBe(true);

    expect(await signalsOf(utrecht, householdId)).toEqual([
      {
        id: threatening.id,
        householdId,
        partnerOrg: 'WOONSTAD',
        partnerType: 'HOUSING',
        amount: 240_000,
        arrearsSince: '2025-01-01',
        threatening: true,
        receivedOn: '2025-04-17',
        deadline: '2025-04-24', // Tue 22, Wed 23, Thu 24: Good Friday and Easter Monday are skipped
        overdue: false,
        outcome: null,
        closedOn: null,
        contactAttempts: [],
      },
      {
        id: ordinary.id,
        householdId,
        partnerOrg: 'ENECO',
        partnerType: 'ENERGY',
        amount: 45_000,
        arrearsSince: '2025-02-01',
        threatening: false,
        receivedOn: '2025-04-17',
        deadline: '2025-05-15',
        overdue: false,
        outcome: null,
        closedOn: null,
        contactAttempts: [],
      },
    ]);
  });

  it('closes a repeat signal (same partner, amount not increased) at once as REPEAT_SIGNAL; an increased amount stays open', async () => {
    const { householdId } = await api.registerHousehold(utrecht);
    const first = await sendSignal(api, enecoToken, householdId, { amount: 45_000 });
    const same = await sendSignal(api, enecoToken, householdId, { amount: 45_000 });
    const lower = await sendSignal(api, enecoToken, householdId, { amount: 40_000 });
    const higher = await sendSignal(api, enecoToken, householdId, { amount: 50_000 });
    const otherPartner = await sendSignal(api, woonstad, householdId, { partnerType: 'HOUSING', amount: 45_000 });

    expect([first, same, lower, higher, otherPartner].map((s) => s.feedback)).toEqual(['OPEN', 'REPEAT_SIGNAL', 'REPEAT_SIGNAL', 'OPEN', 'OPEN']);
    const signals = await signalsOf(utrecht, householdId);
    expect(signals.map((s) => [s.partnerOrg, s.amount, s.outcome, s.closedOn])).toEqual([
      ['ENECO', 45_000, null, null],
      ['ENECO', 45_000, 'REPEAT_SIGNAL', '2025-03-20'],
      ['ENECO', 40_000, 'REPEAT_SIGNAL', '2025-03-20'],
      ['ENECO', 50_000, null, null],
      ['WOONSTAD', 45_000, null, null],
    ]);
    // Repeats never reach the worklist.
    expect((await worklist(utrecht)).map((s) => s.id)).toEqual([first.id, higher.id, otherPartner.id]);
    // The timeline shows the repeat closing in the same command.
    const timeline = await api.gql(utrecht, `query ($id: ID!) { household(id: $id) { timeline(kinds: ["SignalClosed"]) { edges { node { revision summary organisation role } } } } }`, {
      id: householdId,
    });
    expectNoErrors(timeline);
    expect(timeline.data.household.timeline.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { revision: 4, summary: 'Signal closed: REPEAT_SIGNAL', organisation: 'ENECO', role: 'CREDITOR' },
      { revision: 6, summary: 'Signal closed: REPEAT_SIGNAL', organisation: 'ENECO', role: 'CREDITOR' },
    ]);
  });

  it('lists a counsellor’s open signals of the households it holds a mandate for, overdue first', async () => {
    api.setNow(morningOf('2025-03-03')); // Monday
    const a = await api.registerHousehold(utrecht, { commandId: 'hh-a' });
    const b = await api.registerHousehold(utrecht, { commandId: 'hh-b' });
    const c = await api.registerHousehold(amsterdam, { commandId: 'hh-c' });
    const enecoA = await sendSignal(api, enecoToken, a.householdId, { amount: 45_000 }); // deadline 2025-03-31

    api.setNow(morningOf('2025-03-17')); // Monday
    const woonstadB = await sendSignal(api, woonstad, b.householdId, { partnerType: 'HOUSING', amount: 180_000, threatening: true }); // 2025-03-20
    const enecoC = await sendSignal(api, enecoToken, c.householdId, { amount: 30_000, threatening: true }); // 2025-03-20, other counsellor

    api.setNow(morningOf('2025-03-20')); // Thursday
    const vitensA = await sendSignal(api, vitens, a.householdId, { partnerType: 'WATER', amount: 12_000, threatening: true }); // 2025-03-25
    const repeat = await sendSignal(api, enecoToken, a.householdId, { amount: 45_000 });
    expect(repeat.feedback).toBe('REPEAT_SIGNAL');

    // On the deadline day itself a signal is not yet overdue.
    let list = await worklist(utrecht);
    expect(list.map((s) => [s.id, s.householdId, s.deadline, s.overdue])).toEqual([
      [woonstadB.id, b.householdId, '2025-03-20', false],
      [vitensA.id, a.householdId, '2025-03-25', false],
      [enecoA.id, a.householdId, '2025-03-31', false],
    ]);

    api.setNow(morningOf('2025-03-24'));
    list = await worklist(utrecht);
    expect(list.map((s) => [s.id, s.overdue])).toEqual([
      [woonstadB.id, true],
      [vitensA.id, false],
      [enecoA.id, false],
    ]);

    api.setNow(morningOf('2025-03-27'));
    list = await worklist(utrecht);
    expect(list.map((s) => [s.id, s.overdue])).toEqual([
      [woonstadB.id, true],
      [vitensA.id, true],
      [enecoA.id, false],
    ]);

    // Closing one takes it off the list.
    expectNoErrors(await close(utrecht, woonstadB.id, 'ALREADY_KNOWN_TO_DEBT_HELP', '2025-03-27'));
    expect((await worklist(utrecht)).map((s) => s.id)).toEqual([vitensA.id, enecoA.id]);

    // Another counsellor sees only its own household's signal; a counsellor without households none.
    expect((await worklist(amsterdam)).map((s) => [s.id, s.householdId, s.overdue])).toEqual([[enecoC.id, c.householdId, true]]);
    expect(await worklist(await api.tokenFor('COUNSELLOR', 'GEM-ROTTERDAM'))).toEqual([]);
  });

  it('records contact attempts and closes a signal with a DDAS outcome', async () => {
    const { householdId } = await api.registerHousehold(utrecht);
    api.setNow(morningOf('2025-03-17'));
    const signal = await sendSignal(api, woonstad, householdId, { partnerType: 'HOUSING', amount: 180_000, threatening: true });

    api.setNow(morningOf('2025-03-19'));
    const phone = await api.gql(utrecht, RECORD_CONTACT_ATTEMPT, {
      input: { commandId: 'attempt-1', signalId: signal.id, method: 'PHONE', reached: false, attemptedOn: '2025-03-18' },
    });
    expectNoErrors(phone);
    expect(phone.data.recordContactAttempt.contactAttempts).toEqual([{ on: '2025-03-18', method: 'PHONE', reached: false }]);
    const visit = await api.gql(utrecht, RECORD_CONTACT_ATTEMPT, {
      input: { commandId: 'attempt-2', signalId: signal.id, method: 'HOME_VISIT', reached: true, attemptedOn: '2025-03-19' },
    });
    expectNoErrors(visit);
    expect(visit.data.recordContactAttempt).toMatchObject({
      id: signal.id,
      outcome: null,
      contactAttempts: [
        { on: '2025-03-18', method: 'PHONE', reached: false },
        { on: '2025-03-19', method: 'HOME_VISIT', reached: true },
      ],
    });

    // Dates outside [received, today] are refused and store nothing.
    const before = await api.eventCount();
    expectValidationIssue(
      await api.gql(utrecht, RECORD_CONTACT_ATTEMPT, { input: { commandId: 'attempt-early', signalId: signal.id, method: 'LETTER', reached: false, attemptedOn: '2025-03-16' } }),
      'input.attemptedOn',
    );
    expectValidationIssue(
      await api.gql(utrecht, RECORD_CONTACT_ATTEMPT, { input: { commandId: 'attempt-future', signalId: signal.id, method: 'LETTER', reached: false, attemptedOn: '2025-03-20' } }),
      'input.attemptedOn',
    );
    expectValidationIssue(await close(utrecht, signal.id, 'NO_CONTACT', '2025-03-16'), 'input.closedOn');
    expectValidationIssue(await close(utrecht, signal.id, 'NO_CONTACT', '2025-03-21'), 'input.closedOn');
    expectValidationIssue(await close(utrecht, signal.id, 'NOT_AN_OUTCOME', '2025-03-19'), 'input.outcome');
    expect(await api.eventCount()).toBe(before);

    const closed = await close(utrecht, signal.id, 'REFERRED_TO_FOLLOW_UP_HELP', '2025-03-19');
    expectNoErrors(closed);
    expect(closed.data.closeSignal).toMatchObject({ outcome: 'REFERRED_TO_FOLLOW_UP_HELP', closedOn: '2025-03-19', overdue: false });

    // Closed: no second close, no more attempts, nothing stored.
    const afterClose = await api.eventCount();
    expectValidationIssue(await close(utrecht, signal.id, 'NO_CONTACT', '2025-03-19'), 'input.signalId');
    expectValidationIssue(
      await api.gql(utrecht, RECORD_CONTACT_ATTEMPT, { input: { commandId: 'attempt-3', signalId: signal.id, method: 'MAIL', reached: true, attemptedOn: '2025-03-19' } }),
      'input.signalId',
    );
    expect(await api.eventCount()).toBe(afterClose);

    // A closed signal is never overdue, even after its deadline.
    api.setNow(morningOf('2025-04-01'));
    expect(await signalsOf(utrecht, householdId)).toEqual([
      expect.objectContaining({ id: signal.id, deadline: '2025-03-20', overdue: false, outcome: 'REFERRED_TO_FOLLOW_UP_HELP', closedOn: '2025-03-19' }),
    ]);
    expect(await worklist(utrecht)).toEqual([]);
    expect((await feedback(woonstad)).map((s) => s.feedback)).toEqual(['PICKED_UP']);
  });

  it('an unknown signal id is NOT_FOUND', async () => {
    const { householdId } = await api.registerHousehold(utrecht);
    expectError(await close(utrecht, `${householdId}.signal-0000000000000000`, 'NO_CONTACT', '2025-03-20'), 'NOT_FOUND');
    expectError(await close(utrecht, 'no-such-thing', 'NO_CONTACT', '2025-03-20'), 'NOT_FOUND');
    expectError(await api.gql(enecoToken, SEND_SIGNAL, { input: signalInput('no-such-household') }), 'NOT_FOUND');
  });

  describe('partner feedback', () => {
    it('a partner sees only its own signals and only the feedback code, never the outcome or the reason', async () => {
      const h1 = await api.registerHousehold(utrecht, { commandId: 'hh-1' });
      const h2 = await api.registerHousehold(utrecht, { commandId: 'hh-2' });
      const eneco1 = await sendSignal(api, enecoToken, h1.householdId, { amount: 45_000 });
      const woonstad1 = await sendSignal(api, woonstad, h1.householdId, { partnerType: 'HOUSING', amount: 180_000 });
      const eneco2 = await sendSignal(api, enecoToken, h2.householdId, { amount: 60_000, arrearsSince: '2024-12-01' });
      const eneco2Repeat = await sendSignal(api, enecoToken, h2.householdId, { amount: 60_000, arrearsSince: '2024-12-01' });

      expectNoErrors(await close(utrecht, eneco1.id, 'NOT_PICKED_UP_OTHER_REASON', '2025-03-20'));
      expectNoErrors(await close(utrecht, woonstad1.id, 'HELP_DECLINED', '2025-03-20'));
      expectNoErrors(await close(utrecht, eneco2.id, 'NO_REACTION_AFTER_CONTACT', '2025-03-20'));

      const raw = await api.gql(enecoToken, FEEDBACK);
      expectNoErrors(raw);
      const mine = (raw.data.signalFeedback as PartnerSignalResult[]).sort((x, y) => x.id.localeCompare(y.id));
      const expected = [
        { id: eneco1.id, householdId: h1.householdId, partnerType: 'ENERGY', amount: 45_000, arrearsSince: '2025-01-01', receivedOn: '2025-03-20', feedback: 'NOT_PICKED_UP' },
        { id: eneco2.id, householdId: h2.householdId, partnerType: 'ENERGY', amount: 60_000, arrearsSince: '2024-12-01', receivedOn: '2025-03-20', feedback: 'NO_CONTACT' },
        { id: eneco2Repeat.id, householdId: h2.householdId, partnerType: 'ENERGY', amount: 60_000, arrearsSince: '2024-12-01', receivedOn: '2025-03-20', feedback: 'REPEAT_SIGNAL' },
      ].sort((x, y) => x.id.localeCompare(y.id));
      expect(mine).toEqual(expected);
      // Nothing of the real outcome, nor of another partner, travels in the answer.
      const text = JSON.stringify(raw);
      for (const hidden of ['NOT_PICKED_UP_OTHER_REASON', 'NO_REACTION_AFTER_CONTACT', 'HELP_DECLINED', 'WOONSTAD', woonstad1.id, 'GEM-UTRECHT']) {
        expect(text).not.toContain(hidden);
      }

      expect(await feedback(woonstad)).toEqual([
        { id: woonstad1.id, householdId: h1.householdId, partnerType: 'HOUSING', amount: 180_000, arrearsSince: '2025-01-01', receivedOn: '2025-03-20', feedback: 'PICKED_UP' },
      ]);
      expect(await feedback(vitens)).toEqual([]);
    });

    it('PartnerSignal exposes no outcome (schema introspection), and asking for one is refused', async () => {
      const introspection = await api.gql(enecoToken, `{ __type(name: "PartnerSignal") { fields { name } } }`);
      expectNoErrors(introspection);
      const fields = (introspection.data.__type.fields as Array<{ name: string }>).map((f) => f.name).sort();
      expect(fields).toEqual(['amount', 'arrearsSince', 'feedback', 'householdId', 'id', 'partnerType', 'receivedOn']);
      expect(fields).not.toContain('outcome');
      expect(fields).not.toContain('closedOn');
      expect(fields).not.toContain('contactAttempts');

      // The mutation a partner calls answers with PartnerSignal too.
      const mutation = await api.gql(enecoToken, `{ __schema { mutationType { fields { name type { name ofType { name } } } } } }`);
      expectNoErrors(mutation);
      const sendSignalField = (mutation.data.__schema.mutationType.fields as Array<{ name: string; type: { name: string | null; ofType: { name: string } | null } }>).find(
        (f) => f.name === 'sendSignal',
      )!;
      expect(sendSignalField.type.name ?? sendSignalField.type.ofType?.name).toBe('PartnerSignal');

      expectError(await api.gql(enecoToken, `{ signalFeedback { id outcome } }`), 'VALIDATION_FAILED');
    });

    it('a partner with claims on the household still does not see its signals through the household', async () => {
      const { householdId } = await api.registerHousehold(utrecht);
      await api.registerClaim(enecoToken, householdId);
      await sendSignal(api, enecoToken, householdId);
      expect(await signalsOf(enecoToken, householdId)).toEqual([]);
      // The household itself and the ombudsman do.
      expect(await signalsOf(await api.tokenFor('HOUSEHOLD', householdId), householdId)).toHaveLength(1);
      expect(await signalsOf(await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN'), householdId)).toHaveLength(1);
    });
  });

  describe('who may do what', () => {
    it('only a partner (CREDITOR) sends a signal', async () => {
      const { householdId } = await api.registerHousehold(utrecht);
      const before = await api.eventCount();
      expectError(await api.gql(utrecht, SEND_SIGNAL, { input: signalInput(householdId) }), 'FORBIDDEN');
      expectError(await api.gql(await api.tokenFor('OMBUDSMAN', 'NO'), SEND_SIGNAL, { input: signalInput(householdId) }), 'FORBIDDEN');
      expectError(await api.gql(await api.tokenFor('HOUSEHOLD', householdId), SEND_SIGNAL, { input: signalInput(householdId) }), 'FORBIDDEN');
      expectError(await api.gql(await api.tokenFor('ADMIN', 'OPS'), SEND_SIGNAL, { input: signalInput(householdId) }), 'FORBIDDEN');
      expectError(await api.gql(null, SEND_SIGNAL, { input: signalInput(householdId) }), 'UNAUTHENTICATED');
      expect(await api.eventCount()).toBe(before);
    });

    it('a counsellor without the mandate, or a partner, may not handle the signal', async () => {
      const { householdId } = await api.registerHousehold(utrecht);
      const signal = await sendSignal(api, enecoToken, householdId);
      const before = await api.eventCount();
      const attempt = { commandId: 'attempt-x', signalId: signal.id, method: 'PHONE', reached: true, attemptedOn: '2025-03-20' };
      expectError(await api.gql(amsterdam, RECORD_CONTACT_ATTEMPT, { input: attempt }), 'FORBIDDEN');
      expectError(await close(amsterdam, signal.id, 'NO_CONTACT', '2025-03-20'), 'FORBIDDEN');
      expectError(await api.gql(enecoToken, RECORD_CONTACT_ATTEMPT, { input: attempt }), 'FORBIDDEN');
      expectError(await close(enecoToken, signal.id, 'NO_CONTACT', '2025-03-20'), 'FORBIDDEN');
      expectError(await close(await api.tokenFor('OMBUDSMAN', 'NO'), signal.id, 'NO_CONTACT', '2025-03-20'), 'FORBIDDEN');
      expect(await api.eventCount()).toBe(before);
      // Nor may it read the household's signals: it does not see the household, null as for an unknown id (issue 11).
      expect(await api.gql(amsterdam, SIGNALS, { id: householdId })).toEqual({ data: { household: null } });
    });

    it('the worklist is for counsellors, the feedback for partners', async () => {
      expectError(await api.gql(enecoToken, WORKLIST), 'FORBIDDEN');
      expectError(await api.gql(await api.tokenFor('OMBUDSMAN', 'NO'), WORKLIST), 'FORBIDDEN');
      expectError(await api.gql(null, WORKLIST), 'UNAUTHENTICATED');
      expectError(await api.gql(utrecht, FEEDBACK), 'FORBIDDEN');
      expectError(await api.gql(await api.tokenFor('HOUSEHOLD', 'x'), FEEDBACK), 'FORBIDDEN');
      expectError(await api.gql(null, FEEDBACK), 'UNAUTHENTICATED');
    });

    it('a closed signal cannot be closed again (VALIDATION_FAILED), and the second close stores nothing', async () => {
      const { householdId } = await api.registerHousehold(utrecht);
      const signal = await sendSignal(api, enecoToken, householdId);
      expectNoErrors(await close(utrecht, signal.id, 'RESOLVED_WITHIN_30_DAYS', '2025-03-20'));
      const before = await api.eventCount();
      const again = await api.gql(utrecht, CLOSE_SIGNAL, { input: { commandId: 'close-again', signalId: signal.id, outcome: 'HELP_DECLINED', closedOn: '2025-03-20' } });
      expectValidationIssue(again, 'input.signalId');
      expect(await api.eventCount()).toBe(before);
      expect((await signalsOf(utrecht, householdId))[0]).toMatchObject({ outcome: 'RESOLVED_WITHIN_30_DAYS' });
    });
  });
});
