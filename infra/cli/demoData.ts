import type { Actor } from '../../domain/actors.js';
import { capacityOn, changeDates, moratoriumOn } from '../../domain/capacity.js';
import { outstanding } from '../../domain/claims.js';
import { addDays, addMonths, businessDateAt, type BusinessDate } from '../../domain/dates.js';
import {
  collectionFacts,
  outstandingOfClaims,
  type HouseholdCommand,
  type HouseholdState,
} from '../../domain/household/decider.js';
import type { MeasureKind } from '../../domain/allocation.js';
import type { Cents } from '../../domain/money.js';
import { normRowOn, type ParameterTable } from '../../domain/parameters.js';
import { legalBounds, netIncomeOn, type Composition, type IncomeKind } from '../../domain/protectedIncome.js';
import { contactMethods, type PartnerType } from '../../domain/signals.js';
import { wikMaximum, firstDayCostsMayBeCharged, presumedReceipt } from '../../domain/wik.js';
import { childIdFor, claimIdFor, householdIdFor } from '../ids.js';

/**
 * Realistic demo households, deterministic by seed, written through the real command path.
 *
 * Business dates lie in the first half of 2025 (claims from 2024 on), where the shipped
 * reference parameters are current; events are recorded at the real instant they are stored.
 * Every command is built to pass the rules: amounts are computed from the household's state as
 * the decider will see it (collection costs within the WIK maximum after the reminder period,
 * payments within the balance, set-offs and payment plans within the attachable room on every
 * date the room can change), so a rule error while loading is a bug, not a skipped command.
 *
 * Early signals (vroegsignalering, policy §7) from the fixed-cost partners are received on the
 * day the demo runs (the ledger dates a signal by when it records it), and so are the
 * counsellors' contact attempts and closings that follow them.
 */

/** The demo's "today" in business time: the end of the period the data covers. */
export const DEMO_TODAY: BusinessDate = '2025-06-30';

/** Runs one command and answers the household's state after it, and whether it stored anything. */
export type CommandSink = (householdId: string, command: HouseholdCommand) => Promise<{ state: HouseholdState; appended: boolean }>;

export interface DemoHousehold {
  householdId: string;
  counsellorOrg: string;
  municipality: string;
  composition: Composition;
  members: number;
  netIncome: Cents;
  claims: number;
  creditors: string[];
  measures: Partial<Record<MeasureKind, number>>;
  officialProtectedIncome: boolean;
  moratorium: boolean;
  arrangement: 'ACTIVE' | 'REJECTED' | null;
  /** Early signals received, and how many of them are still open. */
  signals: { received: number; open: number };
  /** Commands that stored events. */
  commands: number;
  /** Loaded before (same seed and index): nothing was stored again. */
  repeated: boolean;
}

// ------------------------------------------------------------------ randomness

/** mulberry32: small, fast and the same everywhere, so a seed gives the same data on any machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator for one household, independent of how many numbers others drew. */
  static forHousehold(seed: number, index: number): Random {
    let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
    return new Random(h ^ (h >>> 15));
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, weight] of items) {
      r -= weight;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  dateBetween(from: BusinessDate, to: BusinessDate): BusinessDate {
    const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
    return addDays(from, this.int(0, Math.max(0, days)));
  }
}

/** A BSN that passes the elfproef (domain/bsn.ts): eight random digits and the check digit that fits. */
export function randomBsn(random: Random): string {
  for (;;) {
    const digits = [random.int(1, 9), ...Array.from({ length: 7 }, () => random.int(0, 9))];
    const sum = digits.reduce((s, d, i) => s + (9 - i) * d, 0);
    const check = sum % 11;
    if (check < 10) return [...digits, check].join('');
  }
}

// ------------------------------------------------------------------ catalogue

const MUNICIPALITIES = [
  'Amsterdam', 'Rotterdam', 'Den Haag', 'Utrecht', 'Eindhoven', 'Groningen', 'Tilburg', 'Almere', 'Breda', 'Nijmegen',
  'Apeldoorn', 'Haarlem', 'Arnhem', 'Enschede', 'Zaanstad', 'Amersfoort', 'Zwolle', 'Leeuwarden', 'Maastricht', 'Dordrecht',
] as const;

const FIRST_NAMES = [
  'Jan', 'Sanne', 'Mohamed', 'Emma', 'Daan', 'Fatima', 'Kees', 'Anouk', 'Mehmet', 'Lisa', 'Pieter', 'Noor', 'Ricardo', 'Femke',
  'Youssef', 'Marieke', 'Bram', 'Ayşe', 'Henk', 'Joke', 'Dewi', 'Sven', 'Priya', 'Wim', 'Ingrid', 'Tariq', 'Lotte', 'Gerrit',
] as const;
const SURNAMES = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder',
  'Bouzid', 'Yılmaz', 'de Graaf', 'Kramer', 'van Leeuwen', 'Dekker', 'Brouwer', 'El Amrani', 'Pinas', 'Kok', 'Peters',
] as const;
const EMPLOYERS = ['Albert Heijn BV', 'PostNL', 'Thuiszorg Midden BV', 'Schoonmaakbedrijf Hollander', 'Gemeente', 'Bouwbedrijf Dura', 'Uitzendbureau Randstad', 'NS Reizigers'] as const;

type CreditorKind = 'BELASTINGDIENST' | 'CAK' | 'CJIB' | 'DUO' | 'UWV' | 'MUNICIPALITY' | 'LANDLORD' | 'ENERGY' | 'HEALTH_INSURER' | 'TELECOM';

interface CreditorProfile {
  kind: CreditorKind;
  weight: number;
  /** Organisations of this kind; a household deals with one of them. */
  orgs: readonly string[];
  descriptions: readonly string[];
  principal: readonly [Cents, Cents];
  preferential: (random: Random) => boolean;
  /** A private creditor charges extrajudicial collection costs (WIK) after a reminder. */
  chargesCosts: boolean;
  vat: boolean;
  /** How it collects when it does: which measure kinds fit it. */
  measures: readonly MeasureKind[];
  referencePrefix: string;
  /** As a fixed-cost partner in early signalling (vroegsignalering), if it is one. */
  partnerType?: PartnerType;
}

const CREDITORS: readonly CreditorProfile[] = [
  {
    kind: 'BELASTINGDIENST', partnerType: 'TOESLAGEN', weight: 14, orgs: ['BELASTINGDIENST'], referencePrefix: 'BD',
    descriptions: ['Terugvordering zorgtoeslag 2023', 'Terugvordering huurtoeslag 2023', 'Aanslag inkomstenbelasting 2023', 'Motorrijtuigenbelasting'],
    principal: [20_000, 400_000], preferential: () => true, chargesCosts: false, vat: false, measures: ['SET_OFF', 'GARNISHMENT'],
  },
  {
    kind: 'CAK', partnerType: 'CAK', weight: 8, orgs: ['CAK'], referencePrefix: 'CAK',
    descriptions: ['Bestuursrechtelijke premie Zvw', 'Eigen bijdrage Wmo'],
    principal: [5_000, 120_000], preferential: () => false, chargesCosts: false, vat: false, measures: ['WITHHOLDING_AT_SOURCE'],
  },
  {
    kind: 'CJIB', weight: 14, orgs: ['CJIB'], referencePrefix: 'CJIB',
    descriptions: ['Verkeersboete (WAHV)', 'Strafbeschikking OM', 'Boete rijden zonder verzekering'],
    principal: [5_000, 60_000], preferential: () => false, chargesCosts: false, vat: false, measures: ['GARNISHMENT'],
  },
  {
    kind: 'DUO', partnerType: 'DUO', weight: 6, orgs: ['DUO'], referencePrefix: 'DUO',
    descriptions: ['Studieschuld, achterstand aflossing', 'Les- of cursusgeld'],
    principal: [50_000, 900_000], preferential: () => false, chargesCosts: false, vat: false, measures: ['PAYMENT_PLAN', 'GARNISHMENT'],
  },
  {
    kind: 'UWV', weight: 6, orgs: ['UWV'], referencePrefix: 'UWV',
    descriptions: ['Terugvordering WW-uitkering', 'Terugvordering Ziektewet-uitkering'],
    principal: [20_000, 300_000], preferential: () => false, chargesCosts: false, vat: false, measures: ['SET_OFF'],
  },
  {
    kind: 'MUNICIPALITY', weight: 8, orgs: [], referencePrefix: 'GEM',
    descriptions: ['Gemeentelijke belastingen 2024', 'Terugvordering bijstand', 'Afvalstoffenheffing 2024'],
    principal: [5_000, 150_000], preferential: (r) => r.chance(0.6), chargesCosts: false, vat: false, measures: ['SET_OFF', 'PAYMENT_PLAN'],
  },
  {
    kind: 'LANDLORD', partnerType: 'HOUSING', weight: 12, orgs: ['YMERE', 'WOONSTAD-ROTTERDAM', 'PORTAAL', 'MITROS', 'VESTIA', 'DE-ALLIANTIE'], referencePrefix: 'HUUR',
    descriptions: ['Huurachterstand', 'Huurachterstand en servicekosten'],
    principal: [60_000, 400_000], preferential: () => false, chargesCosts: true, vat: false, measures: ['PAYMENT_PLAN', 'GARNISHMENT'],
  },
  {
    kind: 'ENERGY', partnerType: 'ENERGY', weight: 12, orgs: ['ENECO', 'VATTENFALL', 'ESSENT', 'BUDGET-ENERGIE'], referencePrefix: 'EN',
    descriptions: ['Achterstand termijnbedragen energie', 'Eindafrekening energie'],
    principal: [20_000, 250_000], preferential: () => false, chargesCosts: true, vat: true, measures: ['PAYMENT_PLAN'],
  },
  {
    kind: 'HEALTH_INSURER', partnerType: 'HEALTH_INSURER', weight: 12, orgs: ['ZILVEREN-KRUIS', 'CZ', 'VGZ', 'MENZIS'], referencePrefix: 'ZV',
    descriptions: ['Premieachterstand zorgverzekering', 'Eigen risico 2024'],
    principal: [10_000, 180_000], preferential: () => false, chargesCosts: true, vat: false, measures: ['PAYMENT_PLAN'],
  },
  {
    kind: 'TELECOM', weight: 8, orgs: ['KPN', 'VODAFONEZIGGO', 'ODIDO'], referencePrefix: 'TEL',
    descriptions: ['Achterstand abonnement', 'Opzegkosten en toestelkrediet'],
    principal: [5_000, 80_000], preferential: () => false, chargesCosts: true, vat: true, measures: ['PAYMENT_PLAN'],
  },
];

/** The counsellor organisation of a municipality (the schuldhulpverlening that registers the household). */
export function counsellorOrgOf(municipality: string): string {
  return `GEM-${municipality.toUpperCase().replace(/\s+/g, '-')}`;
}

/** The municipality as a creditor (its tax and benefits office), apart from its counsellors. */
function municipalCreditorOrg(municipality: string): string {
  return `${counsellorOrgOf(municipality)}-BELASTINGEN`;
}

// ------------------------------------------------------------------ one household

interface Member {
  bsn: string;
  name: string;
  birthDate: BusinessDate;
  adult: boolean;
}

interface RegisteredClaim {
  claimId: string;
  org: string;
  profile: CreditorProfile;
}

const COMPOSITIONS: ReadonlyArray<readonly [Composition, number]> = [
  ['SINGLE', 45],
  ['SINGLE_PARENT', 20],
  ['COUPLE', 15],
  ['COUPLE_WITH_CHILDREN', 20],
];

/** Builds one household's commands step by step, deciding each from the state the ledger answered. */
class HouseholdScript {
  private readonly random: Random;
  private readonly prefix: string;
  private step = 0;
  private state: HouseholdState | null = null;
  private householdId = '';
  private counsellor: Actor;
  private readonly municipality: string;
  private composition: Composition = 'SINGLE';
  private readonly summary: DemoHousehold;

  constructor(
    private readonly seed: number,
    private readonly index: number,
    private readonly sink: CommandSink,
    private readonly parameters: ParameterTable,
    private readonly recordedAt: () => string,
  ) {
    this.random = Random.forHousehold(seed, index);
    this.prefix = `demo-s${seed}-h${index}`;
    this.municipality = this.random.pick(MUNICIPALITIES);
    const org = counsellorOrgOf(this.municipality);
    this.counsellor = { org, role: 'COUNSELLOR', sub: `schuldhulp@${org.toLowerCase()}.nl` };
    this.summary = {
      householdId: '',
      counsellorOrg: org,
      municipality: this.municipality,
      composition: 'SINGLE',
      members: 0,
      netIncome: 0,
      claims: 0,
      creditors: [],
      measures: {},
      officialProtectedIncome: false,
      moratorium: false,
      arrangement: null,
      signals: { received: 0, open: 0 },
      commands: 0,
      repeated: false,
    };
  }

  private creditor(org: string): Actor {
    return { org, role: 'CREDITOR', sub: `incasso@${org.toLowerCase()}.nl` };
  }

  private async send(actor: Actor, build: (commandId: string) => HouseholdCommand): Promise<HouseholdState> {
    this.step += 1;
    const commandId = `${this.prefix}-c${this.step}`;
    const command = build(commandId);
    command.meta = { actor, commandId, correlationId: this.prefix, recordedAt: this.recordedAt() };
    const { state, appended } = await this.sink(this.householdId, command);
    this.state = state;
    if (appended) this.summary.commands += 1;
    return state;
  }

  /** A placeholder: send() puts the real meta on every command it builds. */
  private meta(): HouseholdCommand['meta'] {
    return { actor: this.counsellor, commandId: '', correlationId: '', recordedAt: '' };
  }

  async run(): Promise<DemoHousehold> {
    const members = this.members();
    // Loaded before: the later commands were decided on the state of then, so they are not sent again.
    if (!(await this.register(members))) return this.summarise(true);
    await this.declareIncomes(members);
    const claims = await this.registerClaims();
    await this.chargeCosts(claims);
    await this.recordPayments(claims);
    if (this.random.chance(0.3)) await this.recordOfficialProtectedIncome();
    await this.registerMeasures(claims);
    if (this.random.chance(0.3)) await this.sendSignals(claims);
    const path = this.random.weighted<'moratorium' | 'arrangement' | 'none'>([
      ['moratorium', 8],
      ['arrangement', 12],
      ['none', 80],
    ]);
    if (path === 'moratorium') await this.startMoratorium();
    if (path === 'arrangement') await this.arrange();
    return this.summarise(false);
  }

  /** The summary from the household's state, whether loaded now or before. */
  private summarise(repeated: boolean): DemoHousehold {
    const state = this.state!;
    const claims = [...state.claims.values()];
    const measures: DemoHousehold['measures'] = {};
    for (const m of state.measures.values()) measures[m.kind] = (measures[m.kind] ?? 0) + 1;
    const arrangements = [...state.arrangements.values()];
    const last = arrangements[arrangements.length - 1];
    return {
      ...this.summary,
      composition: state.composition,
      members: state.members.length,
      netIncome: netIncomeOn(state, DEMO_TODAY),
      claims: claims.length,
      creditors: [...new Set(claims.map((c) => c.creditorId))],
      measures,
      officialProtectedIncome: state.protectedIncomes.length > 0,
      moratorium: state.moratoria.size > 0,
      arrangement: last?.status === 'ACTIVE' || last?.status === 'REJECTED' ? last.status : null,
      signals: { received: state.signals.size, open: [...state.signals.values()].filter((x) => x.outcome === null).length },
      repeated,
    };
  }

  // -------------------------------------------------------------- members and income

  private person(adult: boolean, pensioner: boolean): Member {
    const birthDate = pensioner
      ? this.random.dateBetween('1946-01-01', '1957-12-31')
      : adult
        ? this.random.dateBetween('1962-01-01', '2003-12-31')
        : this.random.dateBetween('2008-01-01', '2023-12-31');
    return { bsn: '', name: `${this.random.pick(FIRST_NAMES)} ${this.random.pick(SURNAMES)}`, birthDate, adult };
  }

  private members(): Member[] {
    const composition = this.random.weighted(COMPOSITIONS);
    this.composition = composition;
    const pensioner = composition === 'SINGLE' ? this.random.chance(0.15) : composition === 'COUPLE' && this.random.chance(0.2);
    const adults = composition === 'SINGLE' || composition === 'SINGLE_PARENT' ? 1 : 2;
    const children = composition === 'SINGLE_PARENT' || composition === 'COUPLE_WITH_CHILDREN' ? this.random.int(1, 3) : 0;
    const members = [
      ...Array.from({ length: adults }, () => this.person(true, pensioner)),
      ...Array.from({ length: children }, () => this.person(false, false)),
    ];
    const used = new Set<string>();
    for (const m of members) {
      let bsn = randomBsn(this.random);
      while (used.has(bsn)) bsn = randomBsn(this.random);
      used.add(bsn);
      m.bsn = bsn;
    }
    return members;
  }

  /** Registers the household; false when it was registered before. */
  private async register(members: Member[]): Promise<boolean> {
    const commandId = `${this.prefix}-register`;
    this.householdId = householdIdFor(this.counsellor.org, commandId);
    this.summary.householdId = this.householdId;
    const { state, appended } = await this.sink(this.householdId, {
      type: 'RegisterHousehold',
      meta: { actor: this.counsellor, commandId, correlationId: this.prefix, recordedAt: this.recordedAt() },
      data: {
        householdId: this.householdId,
        composition: this.composition,
        municipality: this.municipality,
        members: members.map(({ bsn, name, birthDate }) => ({ bsn, name, birthDate })),
        effectiveOn: this.random.dateBetween('2025-01-02', '2025-02-28'),
      },
    });
    this.state = state;
    if (appended) this.summary.commands += 1;
    return appended;
  }

  /** Incomes around and above the social-assistance norm: benefits near it, wages above it. */
  private async declareIncomes(members: Member[]): Promise<void> {
    const { row } = normRowOn(this.parameters, '2025-01-01');
    const single = this.composition === 'SINGLE' || this.composition === 'SINGLE_PARENT';
    const adults = members.filter((m) => m.adult);
    const pensioners = adults.every((m) => m.birthDate <= '1957-12-31');
    const norm = pensioners ? (single ? row.singlePensionAge : row.couplePensionAge) : single ? row.single : row.couple;
    const source = this.random.weighted<IncomeKind>(
      pensioners
        ? [['PENSION', 1]]
        : [
            ['BENEFIT_PARTICIPATIEWET', 35],
            ['BENEFIT_OTHER', 20],
            ['WAGES', 45],
          ],
    );
    const factor =
      source === 'BENEFIT_PARTICIPATIEWET' ? 0.95 + this.random.next() * 0.1 : source === 'BENEFIT_OTHER' ? 1 + this.random.next() * 0.3 : 1.02 + this.random.next() * 0.8;
    const total = Math.round((norm * factor) / 100) * 100;
    const payerOf = (kind: IncomeKind): string =>
      kind === 'BENEFIT_PARTICIPATIEWET' ? `Gemeente ${this.municipality}` : kind === 'BENEFIT_OTHER' ? 'UWV' : kind === 'PENSION' ? 'SVB' : this.random.pick(EMPLOYERS);
    // Couples: sometimes both earn.
    const parts: Array<{ member: Member; kind: IncomeKind; amount: Cents }> = [];
    if (adults.length === 2 && source === 'WAGES' && this.random.chance(0.5)) {
      const first = Math.round((total * (0.55 + this.random.next() * 0.25)) / 100) * 100;
      parts.push({ member: adults[0]!, kind: 'WAGES', amount: first }, { member: adults[1]!, kind: 'WAGES', amount: total - first });
    } else if (source === 'PENSION') {
      for (const m of adults) parts.push({ member: m, kind: 'PENSION', amount: Math.round(total / adults.length / 100) * 100 });
    } else {
      parts.push({ member: adults[0]!, kind: source, amount: total });
    }
    for (const part of parts) {
      const payer = payerOf(part.kind);
      await this.send(this.counsellor, () => ({
        type: 'DeclareIncome',
        meta: this.meta(),
        data: { memberBsn: part.member.bsn, kind: part.kind, payer, netMonthly: part.amount, effectiveOn: '2025-01-01' },
      }));
      // A quarter of the wage earners see their income change in spring (hours, a new contract).
      if (part.kind === 'WAGES' && this.random.chance(0.25)) {
        const changed = Math.round((part.amount * (0.85 + this.random.next() * 0.3)) / 100) * 100;
        await this.send(this.counsellor, () => ({
          type: 'DeclareIncome',
          meta: this.meta(),
          data: { memberBsn: part.member.bsn, kind: 'WAGES', payer, netMonthly: changed, effectiveOn: '2025-04-01' },
        }));
      }
    }
  }

  // -------------------------------------------------------------- claims, costs, payments

  private async registerClaims(): Promise<RegisteredClaim[]> {
    const count = Math.min(15, 1 + Math.floor(this.random.next() ** 1.6 * 15));
    const chosen = new Map<CreditorKind, string>();
    const claims: RegisteredClaim[] = [];
    for (let i = 0; i < count; i++) {
      const profile = this.random.weighted(CREDITORS.map((c) => [c, c.weight] as const));
      let org = chosen.get(profile.kind);
      if (org === undefined) {
        org = profile.kind === 'MUNICIPALITY' ? municipalCreditorOrg(this.municipality) : this.random.pick(profile.orgs);
        chosen.set(profile.kind, org);
      }
      const creditor = this.creditor(org);
      const principal = Math.round(this.random.int(profile.principal[0], profile.principal[1]) / 100) * 100 + this.random.int(0, 99);
      const incurredOn = this.random.dateBetween('2024-01-01', '2025-04-30');
      const reference = `${profile.referencePrefix}-${incurredOn.slice(0, 4)}-${this.random.int(100_000, 999_999)}`;
      const description = this.random.pick(profile.descriptions);
      const preferential = profile.preferential(this.random);
      if (!claims.some((c) => c.org === org)) {
        // Creditors come in by invitation: the counsellor asks each one for its claims first.
        const dueOn = addDays(businessDateAt(this.recordedAt()), 28);
        await this.send(this.counsellor, (commandId) => ({
          type: 'RequestClaimStatement',
          meta: this.meta(),
          data: { requestId: childIdFor('claimStatement', this.householdId, this.counsellor.org, commandId), creditorOrg: org!, dueOn },
        }));
      }
      let claimId = '';
      await this.send(creditor, (commandId) => {
        claimId = claimIdFor(this.householdId, org!, commandId);
        return {
          type: 'RegisterClaim',
          meta: this.meta(),
          data: { claimId, reference, description, principal, preferential, consumer: true, incurredOn },
        };
      });
      claims.push({ claimId, org, profile });
    }
    return claims;
  }

  /** WIK costs on private creditors' claims: after the 14-day reminder period, within the maximum. */
  private async chargeCosts(claims: RegisteredClaim[]): Promise<void> {
    for (const claim of claims) {
      if (!claim.profile.chargesCosts || !this.random.chance(0.6)) continue;
      const facts = this.state!.claims.get(claim.claimId)!;
      const latestReminder = addDays(DEMO_TODAY, -20);
      const earliestReminder = addDays(facts.incurredOn, 14);
      if (earliestReminder > latestReminder) continue;
      const reminderSentOn = this.random.dateBetween(earliestReminder, addDays(earliestReminder, 30) < latestReminder ? addDays(earliestReminder, 30) : latestReminder);
      // 14 days from the presumed receipt of the reminder (issue 12).
      const firstDay = firstDayCostsMayBeCharged(presumedReceipt(reminderSentOn));
      const chargedOn = this.random.dateBetween(firstDay, addDays(firstDay, 20) < DEMO_TODAY ? addDays(firstDay, 20) : DEMO_TODAY);
      const vatApplies = claim.profile.vat;
      const room = wikMaximum(facts.principal, vatApplies) - facts.costs;
      if (room <= 0) continue;
      const amount = Math.min(room, Math.max(1, Math.round(room * (0.6 + this.random.next() * 0.4))));
      await this.send(this.creditor(claim.org), () => ({
        type: 'ChargeCollectionCosts',
        meta: this.meta(),
        data: { claimId: claim.claimId, amount, vatApplies, reminderSentOn, chargedOn },
      }));
    }
  }

  private async recordPayments(claims: RegisteredClaim[]): Promise<void> {
    for (const claim of claims) {
      if (!this.random.chance(0.4)) continue;
      const payments = this.random.int(1, 3);
      for (let i = 0; i < payments; i++) {
        const facts = this.state!.claims.get(claim.claimId)!;
        const balance = outstanding(facts);
        if (balance <= 0) break;
        // Mostly partial payments; now and then the last one settles the claim.
        const amount = this.random.chance(0.1) ? balance : Math.max(1, Math.min(balance, Math.round((balance * this.random.int(5, 40)) / 100)));
        const paidOn = this.random.dateBetween(facts.incurredOn, DEMO_TODAY);
        await this.send(this.creditor(claim.org), () => ({
          type: 'RecordPayment',
          meta: this.meta(),
          data: { claimId: claim.claimId, amount, paidOn },
        }));
      }
    }
  }

  /** An official protected income from the Inlichtingenbureau, within [floor, cap] on its date. */
  private async recordOfficialProtectedIncome(): Promise<void> {
    const validFrom = '2025-03-01';
    const bounds = legalBounds(collectionFacts(this.state!), this.parameters, validFrom);
    if (bounds.netIncome <= 0) return;
    // The official amount includes the housing/care supplement the estimate leaves out: above the floor.
    const amount = bounds.floor + Math.floor((bounds.cap - bounds.floor) * this.random.next() * 0.6);
    await this.send(this.counsellor, () => ({
      type: 'RecordProtectedIncome',
      meta: this.meta(),
      data: { amount, source: 'INLICHTINGENBUREAU', reference: `IB-2025-${this.random.int(100_000, 999_999)}`, validFrom },
    }));
  }

  // -------------------------------------------------------------- collection

  /** Fixed monthly room left from `startsOn` on: the decider's own check, on every date the room can change. */
  private availableFrom(startsOn: BusinessDate): Cents {
    const state = this.state!;
    const facts = collectionFacts(state);
    let available = Number.MAX_SAFE_INTEGER;
    for (const on of changeDates(facts, this.parameters, startsOn, null)) {
      if (moratoriumOn(facts, on)) continue;
      const capacity = capacityOn(facts, outstandingOfClaims(state), this.parameters, on);
      const fixed = facts.measures
        .filter((m) => (m.kind === 'SET_OFF' || m.kind === 'PAYMENT_PLAN') && m.startsOn <= on && (m.endsOn === null || on <= m.endsOn))
        .reduce((sum, m) => sum + m.monthlyAmount, 0);
      available = Math.min(available, Math.max(0, capacity.attachable - fixed));
    }
    return available === Number.MAX_SAFE_INTEGER ? 0 : available;
  }

  private async registerMeasures(claims: RegisteredClaim[]): Promise<void> {
    const byCreditor = new Map<string, RegisteredClaim[]>();
    for (const c of claims) byCreditor.set(c.org, [...(byCreditor.get(c.org) ?? []), c]);
    for (const [org, own] of byCreditor) {
      const profile = own[0]!.profile;
      if (!this.random.chance(profile.kind === 'CAK' ? 0.7 : 0.35)) continue;
      const kind = this.random.pick(profile.measures);
      // A measure collects claims of one rank that still have a balance.
      const open = own.filter((c) => outstanding(this.state!.claims.get(c.claimId)!) > 0);
      const preferential = open.filter((c) => this.state!.claims.get(c.claimId)!.preferential);
      const concurrent = open.filter((c) => !this.state!.claims.get(c.claimId)!.preferential);
      const covered = preferential.length >= concurrent.length ? preferential : concurrent;
      if (covered.length === 0) continue;
      const claimIds = covered.map((c) => c.claimId);
      const startsOn = this.random.dateBetween('2025-02-01', '2025-05-01');
      let monthlyAmount: Cents | null = null;
      if (kind === 'WITHHOLDING_AT_SOURCE') {
        monthlyAmount = this.random.int(100, 170) * 100;
      } else if (kind === 'SET_OFF' || kind === 'PAYMENT_PLAN') {
        const available = this.availableFrom(startsOn);
        const balance = outstandingOfClaims(this.state!)(claimIds);
        const wanted = Math.round((Math.min(balance / 6, available * (0.3 + this.random.next() * 0.5))) / 100) * 100;
        monthlyAmount = Math.min(wanted, available);
        if (monthlyAmount <= 0) continue;
      }
      await this.send(this.creditor(org), (commandId) => ({
        type: 'RegisterMeasure',
        meta: this.meta(),
        data: { measureId: childIdFor('measure', this.householdId, org, commandId), kind, claimIds, monthlyAmount, startsOn, endsOn: null },
      }));
    }
  }

  /**
   * Arrears signals from the fixed-cost partners among the creditors (rent, energy, health
   * insurance, CAK, DUO, benefits), then the counsellor's follow-up: a contact attempt, and for
   * some a closing outcome; the rest stay on the worklist.
   */
  private async sendSignals(claims: RegisteredClaim[]): Promise<void> {
    const partners = [...new Map(claims.filter((c) => c.profile.partnerType).map((c) => [c.org, c] as const)).values()];
    for (const claim of partners) {
      const facts = this.state!.claims.get(claim.claimId)!;
      const amount = Math.max(1, outstanding(facts));
      let signalId = '';
      await this.send(this.creditor(claim.org), (commandId) => {
        signalId = childIdFor('signal', this.householdId, claim.org, commandId);
        return {
          type: 'SendSignal',
          meta: this.meta(),
          data: { signalId, partnerType: claim.profile.partnerType!, amount, arrearsSince: facts.incurredOn, threatening: this.random.chance(0.25) },
        };
      });
      // The follow-up happens on the day the signal arrives: the ledger dates the signal by today.
      const today = businessDateAt(this.recordedAt());
      if (this.random.chance(0.6)) {
        await this.send(this.counsellor, () => ({
          type: 'RecordContactAttempt',
          meta: this.meta(),
          data: { signalId, method: this.random.pick(contactMethods.filter((m) => m !== 'ADMINISTRATIVE')), reached: this.random.chance(0.6), attemptedOn: today },
        }));
        if (this.random.chance(0.5)) {
          await this.send(this.counsellor, () => ({
            type: 'CloseSignal',
            meta: this.meta(),
            data: { signalId, outcome: this.random.pick(['REFERRED_TO_FOLLOW_UP_HELP', 'ALREADY_KNOWN_TO_DEBT_HELP', 'ALREADY_PAID_OR_PLAN_AGREED', 'NO_REACTION_AFTER_CONTACT'] as const), closedOn: today },
          }));
        }
      }
    }
  }

  /** Breathing space (at most 6 months), starting after every measure so far started. */
  private async startMoratorium(): Promise<void> {
    const startsOn = this.random.dateBetween('2025-05-15', '2025-06-15');
    const endsOn = addDays(addMonths(startsOn, this.random.int(3, 6)), -1);
    await this.send(this.counsellor, (commandId) => ({
      type: 'StartMoratorium',
      meta: this.meta(),
      data: {
        moratoriumId: childIdFor('moratorium', this.householdId, this.counsellor.org, commandId),
        startsOn,
        endsOn,
        reason: 'Schuldhulpverlening gestart: adempauze om een schuldregeling voor te bereiden',
      },
    }));
  }

  /** A debt arrangement offering the attachable room for 18 months; the creditors answer. */
  private async arrange(): Promise<void> {
    const startsOn = '2025-06-01';
    const state = this.state!;
    const capacity = capacityOn(collectionFacts(state), outstandingOfClaims(state), this.parameters, startsOn);
    const monthlyCapacity = capacity.attachable;
    const open = [...state.claims.values()].some((c) => outstanding(c) > 0);
    if (monthlyCapacity <= 0 || !open) return;
    let arrangementId = '';
    const proposed = await this.send(this.counsellor, (commandId) => {
      arrangementId = childIdFor('arrangement', this.householdId, this.counsellor.org, commandId);
      return {
        type: 'ProposeArrangement',
        meta: this.meta(),
        data: { arrangementId, monthlyCapacity, termMonths: null, termReason: null, key: null, startsOn },
      };
    });
    const creditors = [...new Set(proposed.arrangements.get(arrangementId)!.offers.map((o) => o.creditorId))];
    const refuser = this.random.chance(0.2) ? this.random.pick(creditors) : null;
    for (const org of creditors) {
      const answer = org === refuser ? 'REJECT' : 'ACCEPT';
      await this.send(this.creditor(org), () => ({ type: 'AnswerArrangement', meta: this.meta(), data: { arrangementId, answer } }));
      if (answer === 'REJECT') return;
    }
    // The first monthly instalment, spread over the offers.
    const arrangement = this.state!.arrangements.get(arrangementId)!;
    for (const offer of arrangement.offers) {
      const claim = this.state!.claims.get(offer.claimId)!;
      const amount = Math.min(Math.floor(offer.amount / arrangement.termMonths), outstanding(claim));
      if (amount <= 0) continue;
      await this.send(this.counsellor, () => ({
        type: 'RecordArrangementPayment',
        meta: this.meta(),
        data: { arrangementId, claimId: offer.claimId, amount, paidOn: DEMO_TODAY },
      }));
    }
  }
}

export interface DemoOptions {
  seed: number;
  parameters: ParameterTable;
  /** The instant each command is recorded at (default: now). */
  recordedAt?: () => string;
}

/** Loads household number `index` of the demo set for `seed` through `sink`. */
export function loadDemoHousehold(index: number, sink: CommandSink, options: DemoOptions): Promise<DemoHousehold> {
  const recordedAt = options.recordedAt ?? (() => new Date().toISOString());
  return new HouseholdScript(options.seed, index, sink, options.parameters, recordedAt).run();
}
