import { useEffect, useState, type FormEvent } from 'react';
import { commandId, execute, subscribe } from '../api';
import { CapacityBar } from '../CapacityBar';
import type { CreditorAnswer, CreditorHouseholdQuery, MeasureKind } from '../gql/graphql';
import { dayBefore, formatDate, formatDateTime, parseEuros, today, useI18n } from '../i18n';
import { kindWords, statusWords, word } from '../labels';
import { AnswerArrangement, CapacityChanged, CreditorHousehold, EndMeasure, OpenClaimStatementRequests, RegisterClaim, RegisterMeasure } from '../operations';
import { DateText, ErrorMessage, Euros, Field, InputError, Loading, useCommand, useQuery } from '../ui';

/** A creditor: its claims on a household, the capacity check before collecting, a new measure. */
export function CreditorPage({ org }: { org: string }) {
  const { t } = useI18n();
  const [householdId, setHouseholdId] = useState('');
  const [opened, setOpened] = useState<string | null>(null);
  const [claims, setClaims] = useState(0);
  return (
    <>
      <h1>{t('Schuldeiser', 'Creditor')}: {org}</h1>
      <OpenRequests
        round={`${opened}/${claims}`}
        onOpen={(id) => {
          setHouseholdId(id);
          setOpened(id);
        }}
      />
      <form className="inline-form" onSubmit={(e: FormEvent) => { e.preventDefault(); setOpened(householdId.trim()); }}>
        <Field label={t('Huishouden (nummer)', 'Household (id)')}>{(p) => <input {...p} value={householdId} onChange={(e) => setHouseholdId(e.target.value)} required />}</Field>
        <button type="submit">{t('Openen', 'Open')}</button>
      </form>
      {opened && <CreditorHouseholdView key={opened} householdId={opened} org={org} onClaim={() => setClaims((n) => n + 1)} />}
    </>
  );
}

/** "Openstaande verzoeken": the counsellors' requests for this creditor's claims, oldest due first. */
function OpenRequests({ round, onOpen }: { round: string; onOpen: (householdId: string) => void }) {
  const { t } = useI18n();
  // Reloaded when another household is opened or a claim is registered: a claim answers the request.
  const query = useQuery(() => execute(OpenClaimStatementRequests), [round]);
  const requests = query.data?.claimStatementRequests.edges.map((e) => e.node) ?? [];
  const now = today();
  return (
    <section aria-labelledby="requests-title" data-ready={query.data ? 'requests' : undefined}>
      <h2 id="requests-title">{t('Openstaande verzoeken', 'Open requests')}</h2>
      {query.loading && !query.data && <Loading />}
      <ErrorMessage error={query.error} />
      {query.data && requests.length === 0 && <p>{t('Er staan geen verzoeken om vorderingen open.', 'No requests for claims are open.')}</p>}
      {requests.length > 0 && (
        <table className="list requests">
          <caption>{t('Schuldhulpverleners vragen uw vorderingen op', 'Debt counsellors request your claims')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Huishouden (nummer)', 'Household (id)')}</th>
              <th scope="col">{t('Schuldhulpverlener', 'Debt counsellor')}</th>
              <th scope="col">{t('Gevraagd op', 'Requested on')}</th>
              <th scope="col">{t('Uiterlijk', 'Due by')}</th>
              <th scope="col"><span className="sr-only">{t('Actie', 'Action')}</span></th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id} className={r.dueOn < now ? 'overdue' : undefined}>
                <td><code>{r.householdId}</code></td>
                <td>{r.counsellorOrg}</td>
                <td><DateText date={r.requestedOn} /></td>
                <td>
                  <DateText date={r.dueOn} />
                  {r.dueOn < now && <strong>{t(' (te laat)', ' (overdue)')}</strong>}
                </td>
                <td>
                  <button type="button" className="secondary" onClick={() => onOpen(r.householdId)} aria-label={t(`Beantwoorden: vorderingen op huishouden ${r.householdId}`, `Answer: claims on household ${r.householdId}`)}>
                    {t('Beantwoorden', 'Answer')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreditorHouseholdView({ householdId, org, onClaim }: { householdId: string; org: string; onClaim: () => void }) {
  const { t, lang } = useI18n();
  const query = useQuery(() => execute(CreditorHousehold, { id: householdId, on: today() }), [householdId]);
  const [live, setLive] = useState<string | null>(null);
  const reload = query.reload;
  const visible = !!query.data?.household;

  // Live updates once the creditor may see the household (its first claim): the capacity over SSE.
  useEffect(() => {
    if (!visible) return undefined;
    return subscribe(
      CapacityChanged,
      { householdId },
      () => {
        setLive(new Date().toISOString());
        reload();
      },
      () => undefined,
    );
  }, [householdId, reload, visible]);

  const h = query.data?.household;
  return (
    <article data-ready={h ? 'creditor' : undefined}>
      <p role="status" className="live">
        {live ? t(`Bijgewerkt om ${formatDateTime(live)}: de afloscapaciteit is veranderd.`, `Updated at ${formatDateTime(live)}: the capacity changed.`) : t('Live: wijzigingen verschijnen vanzelf.', 'Live: changes appear by themselves.')}
      </p>
      {query.loading && !query.data && <Loading />}
      {(query.error || (query.data && !h)) && (
        <section aria-labelledby="first-claim-title">
          <h2 id="first-claim-title">{t('Nog geen vordering', 'No claim yet')}</h2>
          <p>{t('U ziet dit huishouden pas als u er een vordering heeft. Een schuldhulpverlener heeft uw vorderingen opgevraagd (of u heeft er al een): geef ze hier op.', 'You see this household once you have a claim there. A debt counsellor has requested your claims (or you have one there already): register them here.')}</p>
          <ClaimForm householdId={householdId} onDone={() => { query.reload(); onClaim(); }} open />
        </section>
      )}
      {h && (
        <>
          <section aria-labelledby="claims-title">
            <h2 id="claims-title">{t('Mijn vorderingen', 'My claims')}</h2>
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">{t('Kenmerk', 'Reference')}</th>
                  <th scope="col">{t('Omschrijving', 'Description')}</th>
                  <th scope="col" className="num">{t('Hoofdsom', 'Principal')}</th>
                  <th scope="col" className="num">{t('Kosten', 'Costs')}</th>
                  <th scope="col" className="num">{t('Betaald', 'Paid')}</th>
                  <th scope="col" className="num">{t('Openstaand', 'Outstanding')}</th>
                  <th scope="col">{t('Status', 'Status')}</th>
                </tr>
              </thead>
              <tbody>
                {h.claims.map((c) => (
                  <tr key={c.id}>
                    <td>{c.reference}</td>
                    <td>{c.description}</td>
                    <td className="num"><Euros cents={c.principal} /></td>
                    <td className="num"><Euros cents={c.costs} /></td>
                    <td className="num"><Euros cents={c.paid} /></td>
                    <td className="num"><Euros cents={c.outstanding} /></td>
                    <td>{word(statusWords, c.status, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              {t('Alle schulden van dit huishouden samen: ', 'All debts of this household together: ')}
              <Euros cents={h.totals.outstanding} /> {t(`bij ${h.totals.creditorCount} schuldeisers.`, `with ${h.totals.creditorCount} creditors.`)}
            </p>
            <ClaimForm householdId={h.id} onDone={() => { query.reload(); onClaim(); }} />
          </section>
          <section aria-labelledby="check-title">
            <h2 id="check-title">{t('Capaciteitscheck vóór het innen', 'Capacity check before collecting')}</h2>
            <MayCollect capacity={h.capacity} org={org} />
            <CapacityBar capacity={h.capacity} caption={t('Verdeling van het inkomen op ', 'Division of the income on ') + formatDate(h.capacity.on, lang)} />
          </section>
          <section aria-labelledby="measure-title">
            <h2 id="measure-title">{t('Maatregelen', 'Measures')}</h2>
            <Measures measures={h.measures} allocations={h.capacity.allocations} org={org} onDone={query.reload} />
            <MeasureForm householdId={h.id} claims={h.claims} onDone={query.reload} />
          </section>
          <section aria-labelledby="arrangement-title">
            <h2 id="arrangement-title">{t('Schuldregeling', 'Debt arrangement')}</h2>
            {h.arrangements.length === 0 && <p>{t('Er is geen schuldregeling voorgesteld.', 'No debt arrangement has been proposed.')}</p>}
            {h.arrangements.map((a) => (
              <ArrangementCard key={a.id} arrangement={a} claims={h.claims} onDone={query.reload} />
            ))}
          </section>
        </>
      )}
    </article>
  );
}

function MayCollect({ capacity, org }: { capacity: { remaining: number; flags: readonly string[]; allocations: ReadonlyArray<{ creditorId?: string | null; monthly: number; coordinator: boolean; kind: string }> }; org: string }) {
  const { t } = useI18n();
  const mine = capacity.allocations.filter((a) => a.creditorId === org);
  const coordinator = capacity.allocations.find((a) => a.coordinator);
  const blocked = capacity.flags.includes('MORATORIUM_ACTIVE');
  return (
    <div className="card">
      <p>
        <strong>{t('U mag nu nog innen: ', 'You may still collect: ')}</strong>
        <Euros cents={blocked ? 0 : Math.max(0, capacity.remaining)} /> {t('per maand', 'per month')}
        {blocked && t(' (er loopt een adempauze).', ' (a breathing space is running).')}
      </p>
      <p>
        {t('Uw toewijzing nu: ', 'Your allocation now: ')}
        <Euros cents={mine.reduce((s, a) => s + a.monthly, 0)} /> {t('per maand', 'per month')}.
      </p>
      <p>
        {t('Coördinator van het beslag: ', 'Garnishment coordinator: ')}
        {coordinator ? (coordinator.creditorId ?? t('een andere schuldeiser', 'another creditor')) : t('geen', 'none')}
      </p>
    </div>
  );
}

function ClaimForm({ householdId, onDone, open = false }: { householdId: string; onDone: () => void; open?: boolean }) {
  const { t } = useI18n();
  const [reference, setReference] = useState('');
  const [description, setDescription] = useState('');
  const [principal, setPrincipal] = useState('');
  const [incurredOn, setIncurredOn] = useState(today());
  const [preferential, setPreferential] = useState(false);
  const command = useCommand(async () => {
    const cents = parseEuros(principal);
    if (cents === null) throw new InputError(t('Vul de hoofdsom in euro’s in.', 'Enter the principal in euros.'));
    await execute(RegisterClaim, { input: { commandId: commandId(), householdId, reference, description, principal: cents, preferential, consumer: true, incurredOn } });
  }, onDone);
  return (
    <details open={open}>
      <summary>{t('Vordering opgeven', 'Register a claim')}</summary>
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
        <Field label={t('Kenmerk', 'Reference')}>{(p) => <input {...p} value={reference} onChange={(e) => setReference(e.target.value)} required />}</Field>
        <Field label={t('Omschrijving', 'Description')}>{(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} required />}</Field>
        <Field label={t('Hoofdsom (€)', 'Principal (€)')}>{(p) => <input {...p} inputMode="decimal" value={principal} onChange={(e) => setPrincipal(e.target.value)} required />}</Field>
        <Field label={t('Ontstaan op', 'Incurred on')}>{(p) => <input {...p} type="date" value={incurredOn} onChange={(e) => setIncurredOn(e.target.value)} required />}</Field>
        <div className="field check">
          <input id="preferential" type="checkbox" checked={preferential} onChange={(e) => setPreferential(e.target.checked)} />
          <label htmlFor="preferential">{t('Preferente vordering', 'Preferential claim')}</label>
        </div>
        <ErrorMessage error={command.error} />
        <button type="submit" disabled={command.busy}>{t('Opgeven', 'Register')}</button>
      </form>
    </details>
  );
}

function MeasureForm({ householdId, claims, onDone }: { householdId: string; claims: ReadonlyArray<{ id: string; reference: string }>; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<MeasureKind>('GARNISHMENT');
  const [claimIds, setClaimIds] = useState<string[]>(() => claims.map((c) => c.id));
  const [monthly, setMonthly] = useState('');
  const [startsOn, setStartsOn] = useState(today());
  const [result, setResult] = useState<string | null>(null);
  const command = useCommand(async () => {
    const cents = kind === 'GARNISHMENT' ? null : parseEuros(monthly);
    if (kind !== 'GARNISHMENT' && cents === null) throw new InputError(t('Vul het maandbedrag in euro’s in.', 'Enter the monthly amount in euros.'));
    const r = await execute(RegisterMeasure, { input: { commandId: commandId(), householdId, kind, claimIds, startsOn, ...(cents !== null ? { monthlyAmount: cents } : {}) } });
    setResult(
      t(`Vastgelegd. Toewijzing op de eerste dag: `, `Recorded. Allocation on the first day: `) +
        `${(r.registerMeasure.monthly / 100).toLocaleString('nl-NL', { style: 'currency', currency: 'EUR' }).replace(/\u00a0/g, ' ')}` +
        (r.registerMeasure.coordinator ? t(' (u bent coördinator).', ' (you are the coordinator).') : '.'),
    );
  }, onDone);
  return (
    <form onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }} aria-labelledby="new-measure">
      <h3 id="new-measure">{t('Maatregel vastleggen', 'Register a measure')}</h3>
      <Field label={t('Soort', 'Kind')}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as MeasureKind)}>
            {(['GARNISHMENT', 'PAYMENT_PLAN', 'SET_OFF', 'WITHHOLDING_AT_SOURCE'] as const).map((k) => <option key={k} value={k}>{word(kindWords, k, lang)}</option>)}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>{t('Voor de vorderingen', 'For the claims')}</legend>
        {claims.map((c) => (
          <div key={c.id} className="field check">
            <input
              id={`claim-${c.id}`}
              type="checkbox"
              checked={claimIds.includes(c.id)}
              onChange={(e) => setClaimIds((ids) => (e.target.checked ? [...ids, c.id] : ids.filter((i) => i !== c.id)))}
            />
            <label htmlFor={`claim-${c.id}`}>{c.reference}</label>
          </div>
        ))}
      </fieldset>
      {kind !== 'GARNISHMENT' && (
        <Field label={t('Per maand (€)', 'Per month (€)')}>{(p) => <input {...p} inputMode="decimal" value={monthly} onChange={(e) => setMonthly(e.target.value)} required />}</Field>
      )}
      <Field label={t('Eerste dag', 'First day')}>{(p) => <input {...p} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} required />}</Field>
      <ErrorMessage error={command.error} />
      {result && <p role="status">{result}</p>}
      <button type="submit" disabled={command.busy}>{t('Vastleggen', 'Register')}</button>
    </form>
  );
}

type CreditorHouseholdData = NonNullable<CreditorHouseholdQuery['household']>;
type MeasureData = CreditorHouseholdData['measures'][number];
type AllocationData = CreditorHouseholdData['capacity']['allocations'][number];
type ArrangementData = CreditorHouseholdData['arrangements'][number];

/** The measures on the household: this creditor's running ones with what they get now and a way to end them. */
function Measures({ measures, allocations, org, onDone }: { measures: readonly MeasureData[]; allocations: readonly AllocationData[]; org: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  const now = today();
  if (measures.length === 0) return <p>{t('Er lopen geen maatregelen.', 'No measures are running.')}</p>;
  return (
    <ul className="measures">
      {measures.map((m) => {
        const mine = m.creditorId === org;
        const running = m.endsOn === null || m.endsOn === undefined || m.endsOn >= now;
        const allocation = allocations.find((a) => a.measureId === m.id);
        return (
          <li key={m.id} data-measure={m.id}>
            {word(kindWords, m.kind, lang)} {mine ? t('(van u)', '(yours)') : (m.creditorId ?? t('(andere schuldeiser)', '(another creditor)'))} {t('vanaf', 'from')} <DateText date={m.startsOn} />
            {m.endsOn && <> {t('tot en met', 'up to and including')} <DateText date={m.endsOn} /></>}
            {m.kind !== 'GARNISHMENT' && <>: <Euros cents={m.monthlyAmount} /> {t('per maand', 'a month')}</>}
            {mine && allocation && <>; {t('krijgt nu', 'gets now')} <Euros cents={allocation.monthly} /> {t('per maand', 'a month')}</>}
            {!running && <> — {t('beëindigd', 'ended')}</>}
            {mine && running && <EndMeasureForm measure={m} onDone={onDone} />}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Lifting a measure (opheffen): its last day and why. The day before its first day withdraws it
 * before it ever applied; an earlier day is refused here in words, before the ledger refuses it.
 */
function EndMeasureForm({ measure, onDone }: { measure: MeasureData; onDone: () => void }) {
  const { t, lang } = useI18n();
  const earliest = dayBefore(measure.startsOn);
  const [endsOn, setEndsOn] = useState(() => (today() < earliest ? earliest : today()));
  const [reason, setReason] = useState('');
  const what = `${word(kindWords, measure.kind, lang)} ${t('vanaf', 'from')} ${formatDate(measure.startsOn, lang)}`;
  const command = useCommand(async () => {
    if (endsOn < earliest) {
      throw new InputError(
        t(
          `De laatste dag (${formatDate(endsOn, lang)}) ligt vóór de maatregel begint (${formatDate(measure.startsOn, lang)}). Kies ${formatDate(earliest, lang)} of later; ${formatDate(earliest, lang)} trekt de maatregel in voordat hij ooit gold.`,
          `The last day (${formatDate(endsOn, lang)}) is before the measure starts (${formatDate(measure.startsOn, lang)}). Choose ${formatDate(earliest, lang)} or later; ${formatDate(earliest, lang)} withdraws the measure before it ever applied.`,
        ),
      );
    }
    await execute(EndMeasure, { input: { commandId: commandId(), measureId: measure.id, endsOn, reason: reason.trim() } });
  }, onDone);
  return (
    <form className="inline-form" aria-label={t(`${what} beëindigen`, `End ${what}`)} onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }}>
      <Field label={t('Laatste dag van de maatregel', 'Last day of the measure')}>{(p) => <input {...p} type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} required />}</Field>
      <Field label={t('Reden van beëindigen', 'Reason for ending')}>{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />}</Field>
      <button type="submit" className="secondary" disabled={command.busy}>{t('Maatregel beëindigen', 'End the measure')}</button>
      <ErrorMessage error={command.error} />
    </form>
  );
}

const answerWords = { ACCEPT: ['akkoord', 'accepted'], REJECT: ['afgewezen', 'rejected'] } as const satisfies Record<CreditorAnswer, readonly [string, string]>;

/**
 * A debt arrangement (schuldregeling) as this creditor sees it: only its own offers. It answers
 * once: accepting agrees to receive the offer and let the rest go when the household keeps to
 * the arrangement; rejecting ends the proposal for every creditor.
 */
function ArrangementCard({ arrangement: a, claims, onDone }: { arrangement: ArrangementData; claims: CreditorHouseholdData['claims']; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [answer, setAnswer] = useState<CreditorAnswer | null>(null);
  const command = useCommand(async () => {
    if (answer === null) throw new InputError(t('Kies of u akkoord gaat of afwijst.', 'Choose whether you accept or reject.'));
    await execute(AnswerArrangement, { input: { commandId: commandId(), arrangementId: a.id, answer } });
  }, onDone);
  // The ledger refuses a late answer (another creditor rejected, or the counsellor withdrew it): read it again and say so.
  const submit = async () => {
    if (!(await command.submit())) onDone();
  };
  const referenceOf = (claimId: string) => claims.find((c) => c.id === claimId)?.reference ?? claimId;
  const outstanding = a.offers.reduce((sum, o) => sum + o.outstanding, 0);
  const offered = a.offers.reduce((sum, o) => sum + o.amount, 0);
  const given = a.offers.find((o) => o.answer)?.answer ?? null;
  const status = word(statusWords, a.status, lang);
  const percentage = outstanding === 0 ? 0 : Math.round((offered / outstanding) * 1000) / 10;
  const titleId = `arrangement-${a.id}`;
  return (
    <div className="card" role="group" aria-labelledby={titleId} data-arrangement={a.status}>
      <h3 id={titleId}>{t(`Schuldregeling: ${status.toLowerCase()}`, `Debt arrangement: ${status.toLowerCase()}`)}</h3>
      <p>
        {t('Het huishouden lost ', 'The household pays ')}
        <Euros cents={a.monthlyCapacity} /> {t(`per maand af, ${a.termMonths} maanden lang vanaf`, `a month for ${a.termMonths} months from`)} <DateText date={a.startsOn} />
        {t('; voor alle schuldeisers samen ', '; for all creditors together ')}
        <Euros cents={a.total} />.
      </p>
      <table className="list offers">
        <caption>{t('Uw vorderingen in dit voorstel', 'Your claims in this proposal')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Kenmerk', 'Reference')}</th>
            <th scope="col" className="num">{t('Openstaand', 'Outstanding')}</th>
            <th scope="col" className="num">{t('Aanbod', 'Offer')}</th>
            <th scope="col" className="num">{t('U ontvangt', 'You receive')}</th>
            <th scope="col" className="num">{t('Al betaald', 'Paid so far')}</th>
          </tr>
        </thead>
        <tbody>
          {a.offers.map((o) => (
            <tr key={o.claimId}>
              <td>{referenceOf(o.claimId)}</td>
              <td className="num"><Euros cents={o.outstanding} /></td>
              <td className="num">{o.percentage.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB')}%</td>
              <td className="num"><Euros cents={o.amount} /></td>
              <td className="num"><Euros cents={o.paid} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="offer-summary">
        {t('U ontvangt ', 'You receive ')}
        <Euros cents={offered} /> {t('van', 'of')} <Euros cents={outstanding} /> ({percentage.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB')}%).{' '}
        {t('Na afloop scheldt u de rest kwijt: ', 'When it is done you let the rest go: ')}
        <Euros cents={outstanding - offered} />.
      </p>
      {given && <p><strong>{t(`Uw antwoord: ${answerWords[given][0]}.`, `Your answer: ${answerWords[given][1]}.`)}</strong></p>}
      {a.status === 'ACTIVE' && <p>{t('De regeling loopt: uw beslagen, verrekeningen en betalingsregelingen op dit huishouden zijn beëindigd; u ontvangt de betalingen uit de regeling.', 'The arrangement is running: your garnishments, set-offs and payment plans on this household have ended; you receive the payments under the arrangement.')}</p>}
      {a.status === 'PROPOSED' && !given && (
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); void submit(); }}>
          <fieldset>
            <legend>{t('Uw antwoord op dit voorstel', 'Your answer to this proposal')}</legend>
            <div className="field check">
              <input id={`${titleId}-accept`} type="radio" name={`${titleId}-answer`} checked={answer === 'ACCEPT'} onChange={() => setAnswer('ACCEPT')} />
              <label htmlFor={`${titleId}-accept`}>{t('Akkoord', 'Accept')}</label>
            </div>
            <p className="hint">{t('De regeling begint zodra alle schuldeisers akkoord zijn; uw lopende maatregelen op dit huishouden stoppen dan.', 'The arrangement starts once every creditor has accepted; your running measures on this household stop then.')}</p>
            <div className="field check">
              <input id={`${titleId}-reject`} type="radio" name={`${titleId}-answer`} checked={answer === 'REJECT'} onChange={() => setAnswer('REJECT')} />
              <label htmlFor={`${titleId}-reject`}>{t('Afwijzen', 'Reject')}</label>
            </div>
            <p className="hint">{t('Dan vervalt het voorstel voor alle schuldeisers.', 'The proposal then lapses for every creditor.')}</p>
          </fieldset>
          <p className="hint">{t('U kunt uw antwoord daarna niet meer wijzigen.', 'You cannot change your answer afterwards.')}</p>
          <button type="submit" disabled={command.busy}>{t('Antwoord versturen', 'Send answer')}</button>
        </form>
      )}
      {command.error && a.status !== 'PROPOSED' ? (
        <p role="alert" className="error">
          {t(`Uw antwoord is niet vastgelegd: dit voorstel is inmiddels ${status.toLowerCase()}.`, `Your answer was not recorded: this proposal is now ${status.toLowerCase()}.`)}
        </p>
      ) : (
        <ErrorMessage error={command.error} />
      )}
    </div>
  );
}
