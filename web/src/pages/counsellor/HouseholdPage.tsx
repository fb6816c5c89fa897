import { useState, type FormEvent } from 'react';
import { offerFor, type DistributionKey } from '../../../../domain/arrangement';
import { commandId, execute } from '../../api';
import { CapacityBar } from '../../CapacityBar';
import type { ContactMethod, CounsellorHouseholdQuery, IncomeKind, ProtectedIncomeSource, SignalOutcome } from '../../gql/graphql';
import { formatDate, parseEuros, today, useI18n } from '../../i18n';
import { basisWords, compositionWords, kindWords, roleWords, statusWords, word } from '../../labels';
import { CloseSignal, CounsellorHousehold, DisputeProtectedIncome, EndMoratorium, DeclareIncome, ProposeArrangement, RecordContactAttempt, RecordProtectedIncome, ResolveProtectedIncomeDispute, StartMoratorium } from '../../operations';
import { ClaimStatementRequests } from './ClaimStatements';
import { Link } from '../../router';
import { DateText, ErrorMessage, Euros, Field, InputError, Loading, useCommand, useQuery } from '../../ui';

type HouseholdData = NonNullable<CounsellorHouseholdQuery['household']>;
type ClaimRow = HouseholdData['claims'][number];

export interface CreditorTotal {
  creditorId: string;
  principal: number;
  costs: number;
  interest: number;
  paid: number;
  outstanding: number;
  statuses: string[];
  claims: ClaimRow[];
}

/** The total overview per creditor: one row per creditor, its claims summed. */
export function totalsPerCreditor(claims: readonly ClaimRow[]): CreditorTotal[] {
  const byCreditor = new Map<string, CreditorTotal>();
  for (const c of claims) {
    const row = byCreditor.get(c.creditorId) ?? { creditorId: c.creditorId, principal: 0, costs: 0, interest: 0, paid: 0, outstanding: 0, statuses: [], claims: [] };
    row.principal += c.principal;
    row.costs += c.costs;
    row.interest += c.interest;
    row.paid += c.paid;
    row.outstanding += c.outstanding;
    if (!row.statuses.includes(c.status)) row.statuses.push(c.status);
    row.claims.push(c);
    byCreditor.set(c.creditorId, row);
  }
  return [...byCreditor.values()].sort((a, b) => b.outstanding - a.outstanding);
}

export function CreditorTotalsTable({ claims, caption }: { claims: readonly ClaimRow[]; caption: string }) {
  const { t, lang } = useI18n();
  const rows = totalsPerCreditor(claims);
  const sum = (f: (r: CreditorTotal) => number) => rows.reduce((s, r) => s + f(r), 0);
  return (
    <table className="list totals">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('Schuldeiser', 'Creditor')}</th>
          <th scope="col" className="num">{t('Hoofdsom', 'Principal')}</th>
          <th scope="col" className="num">{t('Kosten', 'Costs')}</th>
          <th scope="col" className="num">{t('Rente', 'Interest')}</th>
          <th scope="col" className="num">{t('Betaald', 'Paid')}</th>
          <th scope="col" className="num">{t('Openstaand', 'Outstanding')}</th>
          <th scope="col">{t('Status', 'Status')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.creditorId}>
            <th scope="row">
              {r.creditorId}
              <span className="sub">
                {r.claims.length === 1 ? r.claims[0]!.description : t(`${r.claims.length} vorderingen`, `${r.claims.length} claims`)}
              </span>
            </th>
            <td className="num"><Euros cents={r.principal} /></td>
            <td className="num"><Euros cents={r.costs} /></td>
            <td className="num"><Euros cents={r.interest} /></td>
            <td className="num"><Euros cents={r.paid} /></td>
            <td className="num"><Euros cents={r.outstanding} /></td>
            <td>{r.statuses.map((s) => word(statusWords, s, lang)).join(', ')}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('Totaal', 'Total')}</th>
          <td className="num"><Euros cents={sum((r) => r.principal)} /></td>
          <td className="num"><Euros cents={sum((r) => r.costs)} /></td>
          <td className="num"><Euros cents={sum((r) => r.interest)} /></td>
          <td className="num"><Euros cents={sum((r) => r.paid)} /></td>
          <td className="num"><Euros cents={sum((r) => r.outstanding)} /></td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

/** The counsellor's household page: the total overview and what can be done about it. */
export function HouseholdPage({ householdId }: { householdId: string }) {
  const { t, lang } = useI18n();
  const query = useQuery(() => execute(CounsellorHousehold, { id: householdId, on: today() }), [householdId]);
  if (query.loading && !query.data) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const h = query.data?.household;
  if (!h) return <p role="alert">{t('Dit huishouden bestaat niet, of uw organisatie heeft er vandaag geen toestemming (mandaat) voor. Het huishouden of een schuldhulpverlener met toestemming kan die geven.', 'This household does not exist, or your organisation holds no mandate for it today. The household or a counsellor with a mandate can grant one.')}</p>;
  const names = h.members.map((m) => m.name).join(' en ');
  return (
    <article data-ready="household">
      <p className="no-print">
        <Link to="/">{t('← Mijn huishoudens', '← My households')}</Link>
      </p>
      <div className="page-head">
        <h1>{names || h.id}</h1>
        <Link to={`/huishoudens/${encodeURIComponent(h.id)}/overzicht`} className="button">
          {t('Schuldenoverzicht (afdrukken)', 'Debt overview (print)')}
        </Link>
      </div>
      <p className="meta">
        {word(compositionWords, h.composition, lang)} · {h.municipality} · {t('aangemeld', 'registered')} <DateText date={h.registeredOn} /> ·{' '}
        {t('versie', 'revision')} {h.revision}
        {h.personalDataErased && <strong> · {t('persoonsgegevens gewist', 'personal data erased')}</strong>}
      </p>
      <ul className="members">
        {h.members.map((m) => (
          <li key={m.bsn}>
            {m.name}, BSN {m.bsn}, {t('geboren', 'born')} <DateText date={m.birthDate} />
          </li>
        ))}
      </ul>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t('Totaaloverzicht per schuldeiser', 'Total overview per creditor')}</h2>
        <p>
          {t(`${h.totals.claimCount} vorderingen bij ${h.totals.creditorCount} schuldeisers, samen `, `${h.totals.claimCount} claims from ${h.totals.creditorCount} creditors, together `)}
          <strong>
            <Euros cents={h.totals.outstanding} />
          </strong>
          {t(' open.', ' outstanding.')}
        </p>
        {h.claims.length > 0 && <CreditorTotalsTable claims={h.claims} caption={t('Vorderingen per schuldeiser', 'Claims per creditor')} />}
      </section>

      <ClaimStatementRequests householdId={h.id} requests={h.claimStatementRequests} onDone={query.reload} />

      <section aria-labelledby="capacity-title">
        <h2 id="capacity-title">{t('Afloscapaciteit', 'Repayment capacity')}</h2>
        <CapacityBar capacity={h.capacity} caption={t('Het inkomen van een maand, op ', 'One month\u2019s income, on ') + formatDate(h.capacity.on, lang)} />
        <h3>{t('Beslagvrije voet', 'Protected income')}</h3>
        <p>
          <Euros cents={h.capacity.protectedIncome} />, {word(basisWords, h.capacity.protectedIncomeBasis, lang)}.{' '}
          {t('Wettelijke grenzen: minstens ', 'Legal bounds: at least ')}
          <Euros cents={h.capacity.legalFloor} />
          {t(', hoogstens ', ', at most ')}
          <Euros cents={h.capacity.legalCap} /> {t('(95% van het netto inkomen).', '(95% of net income).')}
        </p>
        <ProtectedIncomeRecords records={h.protectedIncomeRecords} onDone={query.reload} />
        <ProtectedIncomeForm householdId={h.id} onDone={query.reload} />
        <IncomeForm householdId={h.id} members={h.members} onDone={query.reload} />
      </section>

      <section aria-labelledby="measures-title">
        <h2 id="measures-title">{t('Maatregelen', 'Measures')}</h2>
        {h.measures.length === 0 ? (
          <p>{t('Er lopen geen maatregelen.', 'No measures are running.')}</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t('Soort', 'Kind')}</th>
                <th scope="col">{t('Schuldeiser', 'Creditor')}</th>
                <th scope="col" className="num">{t('Per maand', 'Monthly')}</th>
                <th scope="col">{t('Van', 'From')}</th>
                <th scope="col">{t('Tot en met', 'Until')}</th>
              </tr>
            </thead>
            <tbody>
              {h.measures.map((m) => (
                <tr key={m.id} className={h.capacity.overcommittedMeasureIds.includes(m.id) ? 'overdue' : undefined}>
                  <td>{word(kindWords, m.kind, lang)}</td>
                  <td>{m.creditorId ?? '—'}</td>
                  <td className="num">{m.kind === 'GARNISHMENT' ? t('verdeeld', 'allocated') : <Euros cents={m.monthlyAmount} />}</td>
                  <td><DateText date={m.startsOn} /></td>
                  <td><DateText date={m.endsOn} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>{t('Adempauze (moratorium)', 'Breathing space (moratorium)')}</h3>
        {h.moratoria.length === 0 ? (
          <p>{t('Geen adempauze.', 'No breathing space.')}</p>
        ) : (
          <ul>
            {h.moratoria.map((m) => (
              <li key={m.id}>
                <DateText date={m.startsOn} /> – <DateText date={m.endsOn} />: {m.reason}
                {m.endsOn > today() && <EndMoratoriumForm moratoriumId={m.id} onDone={query.reload} />}
              </li>
            ))}
          </ul>
        )}
        <MoratoriumForm householdId={h.id} onDone={query.reload} />
      </section>

      <section aria-labelledby="arrangements-title">
        <h2 id="arrangements-title">{t('Schuldregeling', 'Debt arrangement')}</h2>
        {h.arrangements.map((a) => (
          <div key={a.id} className="card">
            <p>
              <strong>{word(statusWords, a.status, lang)}</strong>: <Euros cents={a.monthlyCapacity} /> {t('per maand', 'per month')}, {a.termMonths}{' '}
              {t('maanden, totaal', 'months, total')} <Euros cents={a.total} />, {t('vanaf', 'from')} <DateText date={a.startsOn} />
            </p>
            <ul>
              {a.offers.map((o) => (
                <li key={o.claimId}>
                  {o.creditorId}: <Euros cents={o.amount} /> ({o.percentage.toLocaleString('nl-NL')}%) — {o.answer ? word({ ACCEPT: ['akkoord', 'accepted'], REJECT: ['afgewezen', 'rejected'] }, o.answer, lang) : t('nog geen antwoord', 'no answer yet')}
                </li>
              ))}
            </ul>
          </div>
        ))}
        <ArrangementForm household={h} onDone={query.reload} />
      </section>

      <section aria-labelledby="signals-title">
        <h2 id="signals-title">{t('Vroegsignalen', 'Early signals')}</h2>
        {h.signals.length === 0 ? (
          <p>{t('Geen signalen.', 'No signals.')}</p>
        ) : (
          h.signals.map((s) => <SignalCard key={s.id} signal={s} onDone={query.reload} />)
        )}
      </section>
    </article>
  );
}

const sources: Array<[ProtectedIncomeSource, string, string]> = [
  ['INLICHTINGENBUREAU', 'Inlichtingenbureau', 'Inlichtingenbureau'],
  ['BAILIFF', 'Deurwaarder', 'Bailiff'],
  ['COURT', 'Rechter', 'Court'],
  ['OTHER_OFFICIAL', 'Andere officiële bron', 'Other official source'],
];

type RecordRow = HouseholdData['protectedIncomeRecords'][number];

/** Each official protected income as recorded: its source, who recorded it, and a dispute of it. */
function ProtectedIncomeRecords({ records, onDone }: { records: readonly RecordRow[]; onDone: () => void }) {
  const { t, lang } = useI18n();
  if (records.length === 0) return <p>{t('Er is nog geen officiële beslagvrije voet vastgelegd.', 'No official protected income has been recorded yet.')}</p>;
  return (
    <ul className="records" aria-label={t('Officiële beslagvrije voeten', 'Official protected incomes')}>
      {records.map((r) => {
        const source = sources.find(([s]) => s === r.source);
        return (
          <li key={r.id} className={r.disputed ? 'card overdue' : 'card'} data-record={r.id}>
            <p>
              <strong><Euros cents={r.amount} /></strong> {t('per maand, geldig vanaf', 'a month, valid from')} <DateText date={r.validFrom} />.{' '}
              {t('Bron', 'Source')}: {source ? t(source[1], source[2]) : r.source}
              {r.reference ? ` (${t('kenmerk', 'reference')} ${r.reference})` : ''}.{' '}
              {t('Vastgelegd door', 'Recorded by')}: {r.recordedBy ? `${r.recordedBy}${r.recordedByRole ? ` (${word(roleWords, r.recordedByRole, lang)})` : ''}` : t('onbekend (van vóór 4 december 2026)', 'unknown (from before 4 December 2026)')}.
            </p>
            {r.dispute && (
              <p>
                {r.disputed ? <strong>{t('Betwist', 'Disputed')}</strong> : t('Was betwist', 'Was disputed')} {t('door', 'by')} {r.dispute.disputedBy} {t('op', 'on')} <DateText date={r.dispute.disputedOn} />
                {r.dispute.reason ? `: ${r.dispute.reason}` : ''}
                {r.dispute.resolvedOn && (
                  <>
                    . {t('Opgelost op', 'Resolved on')} <DateText date={r.dispute.resolvedOn} />
                    {r.dispute.resolution ? `: ${r.dispute.resolution}` : ''}
                  </>
                )}
              </p>
            )}
            {r.disputed ? <ResolveDisputeForm recordId={r.id} onDone={onDone} /> : <DisputeForm recordId={r.id} onDone={onDone} />}
          </li>
        );
      })}
    </ul>
  );
}

function DisputeForm({ recordId, onDone }: { recordId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const command = useCommand(async () => {
    await execute(DisputeProtectedIncome, { input: { commandId: commandId(), recordId, reason } });
    setReason('');
  }, onDone);
  return (
    <form className="inline-form no-print" onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
      <Field label={t('Reden om deze beslagvrije voet te betwisten', 'Reason to dispute this protected income')}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} required />}
      </Field>
      <button type="submit" className="secondary" disabled={command.busy}>{t('Betwisten', 'Dispute')}</button>
      <ErrorMessage error={command.error} />
    </form>
  );
}

function ResolveDisputeForm({ recordId, onDone }: { recordId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [resolution, setResolution] = useState('');
  const command = useCommand(async () => {
    await execute(ResolveProtectedIncomeDispute, { input: { commandId: commandId(), recordId, resolution } });
    setResolution('');
  }, onDone);
  return (
    <form className="inline-form no-print" onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
      <Field label={t('Hoe is de betwisting opgelost?', 'How was the dispute resolved?')}>
        {(p) => <input {...p} value={resolution} onChange={(e) => setResolution(e.target.value)} required />}
      </Field>
      <button type="submit" className="secondary" disabled={command.busy}>{t('Betwisting oplossen', 'Resolve the dispute')}</button>
      <ErrorMessage error={command.error} />
    </form>
  );
}

function ProtectedIncomeForm({ householdId, onDone }: { householdId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [amount, setAmount] = useState('');
  const [source, setSource] = useState<ProtectedIncomeSource>('INLICHTINGENBUREAU');
  const [reference, setReference] = useState('');
  const [validFrom, setValidFrom] = useState(today());
  const command = useCommand(async () => {
    const cents = parseEuros(amount);
    if (cents === null) throw new InputError(t('Vul een bedrag in euro’s in, bijvoorbeeld 1.234,56.', 'Enter an amount in euros, e.g. 1.234,56.'));
    await execute(RecordProtectedIncome, { input: { commandId: commandId(), householdId, amount: cents, source, reference, validFrom } });
  }, onDone);
  return (
    <details>
      <summary>{t('Officiële beslagvrije voet vastleggen', 'Record the official protected income')}</summary>
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
        <Field label={t('Bedrag per maand (€)', 'Amount per month (€)')}>{(p) => <input {...p} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />}</Field>
        <Field label={t('Bron', 'Source')}>
          {(p) => (
            <select {...p} value={source} onChange={(e) => setSource(e.target.value as ProtectedIncomeSource)}>
              {sources.map(([s, nl, en]) => <option key={s} value={s}>{t(nl, en)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('Kenmerk', 'Reference')}>{(p) => <input {...p} value={reference} onChange={(e) => setReference(e.target.value)} required />}</Field>
        <Field label={t('Geldig vanaf', 'Valid from')}>{(p) => <input {...p} type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} required />}</Field>
        <ErrorMessage error={command.error} />
        <button type="submit" disabled={command.busy}>{t('Vastleggen', 'Record')}</button>
      </form>
    </details>
  );
}

function IncomeForm({ householdId, members, onDone }: { householdId: string; members: HouseholdData['members']; onDone: () => void }) {
  const { t } = useI18n();
  const [memberBsn, setMemberBsn] = useState(members[0]?.bsn ?? '');
  const [kind, setKind] = useState<IncomeKind>('WAGES');
  const [payer, setPayer] = useState('');
  const [amount, setAmount] = useState('');
  const command = useCommand(async () => {
    const cents = parseEuros(amount);
    if (cents === null) throw new InputError(t('Vul een bedrag in euro’s in, bijvoorbeeld 1.450,00.', 'Enter an amount in euros, e.g. 1.450,00.'));
    await execute(DeclareIncome, { input: { commandId: commandId(), householdId, memberBsn, kind, payer, netMonthly: cents, effectiveOn: today() } });
  }, onDone);
  return (
    <details>
      <summary>{t('Inkomen opgeven', 'Declare income')}</summary>
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
        <Field label={t('Van wie', 'Whose')}>
          {(p) => (
            <select {...p} value={memberBsn} onChange={(e) => setMemberBsn(e.target.value)}>
              {members.map((m) => <option key={m.bsn} value={m.bsn}>{m.name}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('Soort', 'Kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as IncomeKind)}>
              <option value="WAGES">{t('Loon', 'Wages')}</option>
              <option value="BENEFIT_PARTICIPATIEWET">{t('Bijstand', 'Social assistance')}</option>
              <option value="BENEFIT_OTHER">{t('Andere uitkering', 'Other benefit')}</option>
              <option value="PENSION">{t('Pensioen', 'Pension')}</option>
              <option value="ALIMONY">{t('Alimentatie', 'Alimony')}</option>
              <option value="OTHER">{t('Anders', 'Other')}</option>
            </select>
          )}
        </Field>
        <Field label={t('Betaald door', 'Paid by')}>{(p) => <input {...p} value={payer} onChange={(e) => setPayer(e.target.value)} required />}</Field>
        <Field label={t('Netto per maand (€)', 'Net per month (€)')}>{(p) => <input {...p} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />}</Field>
        <ErrorMessage error={command.error} />
        <button type="submit" disabled={command.busy}>{t('Opgeven', 'Declare')}</button>
      </form>
    </details>
  );
}

function MoratoriumForm({ householdId, onDone }: { householdId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [startsOn, setStartsOn] = useState(today());
  const [endsOn, setEndsOn] = useState('');
  const [reason, setReason] = useState('');
  const command = useCommand(() => execute(StartMoratorium, { input: { commandId: commandId(), householdId, startsOn, endsOn, reason } }), onDone);
  return (
    <details>
      <summary>{t('Adempauze starten', 'Start a breathing space')}</summary>
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
        <Field label={t('Eerste dag', 'First day')}>{(p) => <input {...p} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} required />}</Field>
        <Field label={t('Laatste dag', 'Last day')} hint={t('Hoogstens 6 maanden.', 'At most 6 months.')}>{(p) => <input {...p} type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} required />}</Field>
        <Field label={t('Reden', 'Reason')}>{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} required />}</Field>
        <ErrorMessage error={command.error} />
        <button type="submit" disabled={command.busy}>{t('Starten', 'Start')}</button>
      </form>
    </details>
  );
}

function ArrangementForm({ household, onDone }: { household: HouseholdData; onDone: () => void }) {
  const { t } = useI18n();
  const [monthly, setMonthly] = useState(() => (household.capacity.attachable / 100).toFixed(2).replace('.', ','));
  const [term, setTerm] = useState('18');
  const [termReason, setTermReason] = useState('');
  const [key, setKey] = useState<DistributionKey>('DOUBLE_FOR_PREFERENTIAL');
  const cents = parseEuros(monthly);
  const termMonths = Number.parseInt(term, 10);
  const open = household.claims.filter((c) => c.outstanding > 0);
  // The same division the ledger makes when it records the proposal (domain/arrangement.ts).
  const preview =
    cents !== null && termMonths > 0
      ? offerFor(cents * termMonths, open.map((c, order) => ({ claimId: c.id, creditorId: c.creditorId, outstanding: c.outstanding, preferential: c.preferential, order })), key)
      : [];
  const command = useCommand(async () => {
    if (cents === null) throw new InputError(t('Vul een bedrag in euro’s in.', 'Enter an amount in euros.'));
    await execute(ProposeArrangement, {
      input: { commandId: commandId(), householdId: household.id, monthlyCapacity: cents, termMonths, key, startsOn: today(), ...(termMonths !== 18 ? { termReason } : {}) },
    });
  }, onDone);
  return (
    <details>
      <summary>{t('Schuldregeling voorstellen', 'Propose a debt arrangement')}</summary>
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
        <Field label={t('Aflossing per maand (€)', 'Repayment per month (€)')}>{(p) => <input {...p} inputMode="decimal" value={monthly} onChange={(e) => setMonthly(e.target.value)} required />}</Field>
        <Field label={t('Looptijd (maanden)', 'Term (months)')}>{(p) => <input {...p} type="number" min={1} max={60} value={term} onChange={(e) => setTerm(e.target.value)} required />}</Field>
        {termMonths !== 18 && (
          <Field label={t('Reden voor een andere looptijd dan 18 maanden', 'Reason for a term other than 18 months')}>
            {(p) => <input {...p} value={termReason} onChange={(e) => setTermReason(e.target.value)} required />}
          </Field>
        )}
        <Field label={t('Verdeling', 'Distribution')}>
          {(p) => (
            <select {...p} value={key} onChange={(e) => setKey(e.target.value as DistributionKey)}>
              <option value="DOUBLE_FOR_PREFERENTIAL">{t('Preferente schulden dubbel (art. 349 Fw)', 'Preferential claims double (art. 349 Fw)')}</option>
              <option value="PRO_RATA">{t('Naar verhouding', 'Pro rata')}</option>
            </select>
          )}
        </Field>
        {preview.length > 0 && (
          <table className="list" aria-live="polite">
            <caption>{t('Voorbeeld van het aanbod', 'Preview of the offer')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Schuldeiser', 'Creditor')}</th>
                <th scope="col" className="num">{t('Openstaand', 'Outstanding')}</th>
                <th scope="col" className="num">%</th>
                <th scope="col" className="num">{t('Aanbod', 'Offer')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((line) => (
                <tr key={line.claimId}>
                  <td>{line.creditorId}</td>
                  <td className="num"><Euros cents={line.outstanding} /></td>
                  <td className="num">{line.percentage.toLocaleString('nl-NL', { maximumFractionDigits: 2 })}%</td>
                  <td className="num"><Euros cents={line.amount} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ErrorMessage error={command.error} />
        <button type="submit" disabled={command.busy}>{t('Voorstellen', 'Propose')}</button>
      </form>
    </details>
  );
}

const contactMethods: Array<[ContactMethod, string, string]> = [
  ['PHONE', 'Telefoon', 'Phone'],
  ['HOME_VISIT', 'Huisbezoek', 'Home visit'],
  ['LETTER', 'Brief', 'Letter'],
  ['MAIL', 'E-mail', 'Email'],
  ['SMS_OR_APP', 'Sms of app', 'Text or app'],
  ['CARD', 'Kaartje in de bus', 'Card through the door'],
  ['OTHER', 'Anders', 'Other'],
];

const outcomes: Array<[SignalOutcome, string, string]> = [
  ['REFERRED_TO_FOLLOW_UP_HELP', 'Doorverwezen naar vervolghulp', 'Referred to follow-up help'],
  ['RESOLVED_WITHIN_30_DAYS', 'Binnen 30 dagen opgelost', 'Resolved within 30 days'],
  ['ALREADY_PAID_OR_PLAN_AGREED', 'Al betaald of regeling getroffen', 'Already paid or plan agreed'],
  ['ALREADY_KNOWN_TO_DEBT_HELP', 'Al bekend bij schuldhulp', 'Already known to debt help'],
  ['HELP_DECLINED', 'Hulp geweigerd', 'Help declined'],
  ['NO_CONTACT', 'Geen contact gekregen', 'No contact'],
  ['NO_REACTION_AFTER_CONTACT', 'Geen reactie na contact', 'No reaction after contact'],
  ['IN_OTHER_SUPPORT_TRAJECTORY', 'In ander hulptraject', 'In another support trajectory'],
  ['REPEAT_SIGNAL', 'Herhaald signaal', 'Repeat signal'],
  ['UNJUSTIFIED_SIGNAL', 'Onterecht signaal', 'Unjustified signal'],
];

type SignalRow = HouseholdData['signals'][number];

/** An early signal: outreach attempts and closing it, before its deadline. */
function SignalCard({ signal: s, onDone }: { signal: SignalRow; onDone: () => void }) {
  const { t } = useI18n();
  const [method, setMethod] = useState<ContactMethod>('PHONE');
  const [reached, setReached] = useState(false);
  const [outcome, setOutcome] = useState<SignalOutcome>('REFERRED_TO_FOLLOW_UP_HELP');
  const attempt = useCommand(() => execute(RecordContactAttempt, { input: { commandId: commandId(), signalId: s.id, method, reached, attemptedOn: today() } }), onDone);
  const close = useCommand(() => execute(CloseSignal, { input: { commandId: commandId(), signalId: s.id, outcome, closedOn: today() } }), onDone);
  return (
    <div className={s.overdue && !s.outcome ? 'card overdue' : 'card'}>
      <p>
        <strong>{s.partnerOrg}</strong>: <Euros cents={s.amount} /> {t('achterstand sinds', 'in arrears since')} <DateText date={s.arrearsSince} />
        {s.threatening && <strong> — {t('uithuiszetting, afsluiting of opzegging dreigt', 'eviction, disconnection or cancellation threatens')}</strong>}
      </p>
      <p>
        {s.outcome
          ? t('Afgehandeld.', 'Closed.')
          : <>{t('Contact zoeken vóór', 'Reach out by')} <DateText date={s.deadline} />{s.overdue && <strong> ({t('te laat', 'overdue')})</strong>}</>}
      </p>
      {s.contactAttempts.length > 0 && (
        <ul>
          {s.contactAttempts.map((a, i) => (
            <li key={i}>
              <DateText date={a.on} />: {t(contactMethods.find(([m]) => m === a.method)?.[1] ?? a.method, contactMethods.find(([m]) => m === a.method)?.[2] ?? a.method)} —{' '}
              {a.reached ? t('bereikt', 'reached') : t('niet bereikt', 'not reached')}
            </li>
          ))}
        </ul>
      )}
      {!s.outcome && (
        <div className="two">
          <form onSubmit={(e: FormEvent) => { e.preventDefault(); void attempt.submit(); }}>
            <Field label={t('Contactpoging', 'Contact attempt')}>
              {(p) => (
                <select {...p} value={method} onChange={(e) => setMethod(e.target.value as ContactMethod)}>
                  {contactMethods.map(([m, nl, en]) => <option key={m} value={m}>{t(nl, en)}</option>)}
                </select>
              )}
            </Field>
            <div className="field check">
              <input id={`reached-${s.id}`} type="checkbox" checked={reached} onChange={(e) => setReached(e.target.checked)} />
              <label htmlFor={`reached-${s.id}`}>{t('Bereikt', 'Reached')}</label>
            </div>
            <ErrorMessage error={attempt.error} />
            <button type="submit" disabled={attempt.busy}>{t('Poging vastleggen', 'Record attempt')}</button>
          </form>
          <form onSubmit={(e: FormEvent) => { e.preventDefault(); void close.submit(); }}>
            <Field label={t('Uitkomst', 'Outcome')}>
              {(p) => (
                <select {...p} value={outcome} onChange={(e) => setOutcome(e.target.value as SignalOutcome)}>
                  {outcomes.map(([o, nl, en]) => <option key={o} value={o}>{t(nl, en)}</option>)}
                </select>
              )}
            </Field>
            <ErrorMessage error={close.error} />
            <button type="submit" disabled={close.busy}>{t('Signaal afsluiten', 'Close signal')}</button>
          </form>
        </div>
      )}
    </div>
  );
}

function EndMoratoriumForm({ moratoriumId, onDone }: { moratoriumId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const command = useCommand(() => execute(EndMoratorium, { input: { commandId: commandId(), moratoriumId, endsOn: today(), reason } }), onDone);
  return (
    <form className="inline-form" onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
      <Field label={t('Reden om de adempauze vandaag te beëindigen', 'Reason to end the breathing space today')}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} required />}
      </Field>
      <button type="submit" disabled={command.busy}>{t('Beëindigen', 'End')}</button>
      <ErrorMessage error={command.error} />
    </form>
  );
}
