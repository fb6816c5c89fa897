import { useEffect, useState, type FormEvent } from 'react';
import { commandId, execute, subscribe } from '../api';
import { CapacityBar } from '../CapacityBar';
import type { MeasureKind } from '../gql/graphql';
import { formatDate, formatDateTime, parseEuros, today, useI18n } from '../i18n';
import { kindWords, statusWords, word } from '../labels';
import { CapacityChanged, CreditorHousehold, OpenClaimStatementRequests, RegisterClaim, RegisterMeasure } from '../operations';
import { DateText, ErrorMessage, Euros, Field, Loading, useCommand, useQuery } from '../ui';

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
            <ul>
              {h.measures.map((m) => (
                <li key={m.id}>
                  {word(kindWords, m.kind, lang)} {m.creditorId ?? t('(andere schuldeiser)', '(another creditor)')} {t('vanaf', 'from')} <DateText date={m.startsOn} />
                  {m.kind !== 'GARNISHMENT' && <>: <Euros cents={m.monthlyAmount} /></>}
                </li>
              ))}
            </ul>
            <MeasureForm householdId={h.id} claims={h.claims} onDone={query.reload} />
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
    if (cents === null) throw new Error(t('Vul de hoofdsom in euro’s in.', 'Enter the principal in euros.'));
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
    if (kind !== 'GARNISHMENT' && cents === null) throw new Error(t('Vul het maandbedrag in euro’s in.', 'Enter the monthly amount in euros.'));
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
