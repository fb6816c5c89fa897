import { useState, type FormEvent } from 'react';
import { commandId, execute } from '../api';
import { CapacityBar } from '../CapacityBar';
import { formatDateTime, today, useI18n } from '../i18n';
import { purposeWords, roleWords, statusWords, word } from '../labels';
import { GrantMandate, HouseholdSelf, LodgeComplaint, RevokeMandate } from '../operations';
import { DateText, ErrorMessage, Euros, Field, Loading, useCommand, useQuery } from '../ui';

/** The household's own page, in plain (B1) Dutch: what I owe, what I keep, who looked, who helps me. */
export function HouseholdSelfPage({ householdId }: { householdId: string }) {
  const { t, lang } = useI18n();
  const query = useQuery(() => execute(HouseholdSelf, { id: householdId }), [householdId]);
  const [grantOrg, setGrantOrg] = useState('');
  const grant = useCommand(
    () => execute(GrantMandate, { input: { commandId: commandId(), householdId, counsellorOrg: grantOrg.trim(), startsOn: today() } }),
    () => {
      setGrantOrg('');
      query.reload();
    },
  );
  const revoke = useCommand(
    (org: string) => execute(RevokeMandate, { input: { commandId: commandId(), householdId, counsellorOrg: org } }),
    query.reload,
  );
  const [against, setAgainst] = useState('');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const complaint = useCommand(
    () => execute(LodgeComplaint, { input: { commandId: commandId(), householdId, againstOrg: against.trim(), subject, text } }),
    () => {
      setSubject('');
      setText('');
      query.reload();
    },
  );

  if (query.loading && !query.data) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const h = query.data?.household;
  if (!h) return <p role="alert">{t('Wij vinden uw gegevens niet.', 'We cannot find your data.')}</p>;
  const reads = [...h.readLog.edges].map((e) => e.node).reverse();
  const active = h.mandates.filter((m) => !m.revoked && (!m.endsOn || m.endsOn >= today()));

  return (
    <article data-ready="household-self">
      <h1>{t('Mijn schulden', 'My debts')}</h1>
      <section aria-labelledby="owe-title">
        <h2 id="owe-title">{t('Wat ik moet betalen', 'What I owe')}</h2>
        <p>
          {t('U heeft samen ', 'Together you owe ')}
          <strong>
            <Euros cents={h.totals.outstanding} />
          </strong>
          {t(` schuld bij ${h.totals.creditorCount} schuldeisers.`, ` to ${h.totals.creditorCount} creditors.`)}
        </p>
        <table className="list">
          <caption className="sr-only">{t('Mijn schulden per schuldeiser', 'My debts per creditor')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Aan wie', 'To whom')}</th>
              <th scope="col">{t('Waarvoor', 'What for')}</th>
              <th scope="col" className="num">{t('Nog te betalen', 'Still to pay')}</th>
              <th scope="col">{t('Stand', 'State')}</th>
            </tr>
          </thead>
          <tbody>
            {h.claims.map((c) => (
              <tr key={c.id}>
                <td>{c.creditorId}</td>
                <td>{c.description}</td>
                <td className="num"><Euros cents={c.outstanding} /></td>
                <td>{word(statusWords, c.status, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="keep-title">
        <h2 id="keep-title">{t('Wat ik elke maand houd', 'What I keep every month')}</h2>
        <p>
          {t('Van uw inkomen van ', 'Of your income of ')}
          <Euros cents={h.capacity.netIncome} />
          {t(' per maand houdt u minstens ', ' a month you keep at least ')}
          <strong>
            <Euros cents={h.capacity.protectedIncome} />
          </strong>
          {t(
            '. Dat heet de beslagvrije voet. Niemand mag daaraan komen: het is voor huur, eten en vaste lasten.',
            '. This is called the protected income (beslagvrije voet). Nobody may touch it: it is for rent, food and fixed costs.',
          )}{' '}
          {h.capacity.protectedIncomeBasis === 'OFFICIAL'
            ? t('Dit bedrag is officieel vastgesteld.', 'This amount was set officially.')
            : t('Dit bedrag is nog een schatting. Uw schuldhulpverlener vraagt het officiële bedrag op.', 'This amount is still an estimate. Your counsellor will ask for the official amount.')}
        </p>
        <CapacityBar capacity={h.capacity} caption={t('Zo wordt uw inkomen verdeeld', 'How your income is divided')} />
      </section>

      <section aria-labelledby="read-title">
        <h2 id="read-title">{t('Wie heeft mijn gegevens bekeken', 'Who looked at my data')}</h2>
        {reads.length === 0 ? (
          <p>{t('Nog niemand.', 'Nobody yet.')}</p>
        ) : (
          <table className="list" data-testid="read-log">
            <caption className="sr-only">{t('Wie heeft mijn gegevens bekeken', 'Who looked at my data')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Wanneer', 'When')}</th>
                <th scope="col">{t('Wie', 'Who')}</th>
                <th scope="col">{t('Waarom', 'Why')}</th>
                <th scope="col">{t('Wat', 'What')}</th>
              </tr>
            </thead>
            <tbody>
              {reads.map((r, i) => (
                <tr key={`${r.at}-${i}`}>
                  <td>{formatDateTime(r.at)}</td>
                  <td>
                    {r.organisation} ({word(roleWords, r.role, lang)})
                  </td>
                  <td>{r.purpose ? word(purposeWords, r.purpose, lang) : t('niet opgegeven', 'not given')}</td>
                  <td>{r.field}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="mandate-title">
        <h2 id="mandate-title">{t('Wie mag mij helpen', 'Who may help me')}</h2>
        <ul>
          {active.map((m) => (
            <li key={m.counsellorOrg}>
              {m.counsellorOrg} {t('sinds', 'since')} <DateText date={m.startsOn} />{' '}
              <button type="button" className="secondary" disabled={revoke.busy} onClick={() => void revoke.submit(m.counsellorOrg)}>
                {t(`Toestemming voor ${m.counsellorOrg} intrekken`, `Withdraw permission for ${m.counsellorOrg}`)}
              </button>
            </li>
          ))}
        </ul>
        {active.length === 0 && <p>{t('Niemand heeft nu toestemming.', 'Nobody has permission now.')}</p>}
        <ErrorMessage error={revoke.error} />
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); void grant.submit(); }} className="inline-form">
          <Field label={t('Toestemming geven aan (organisatie)', 'Give permission to (organisation)')}>
            {(p) => <input {...p} value={grantOrg} onChange={(e) => setGrantOrg(e.target.value)} required />}
          </Field>
          <button type="submit" disabled={grant.busy}>{t('Toestemming geven', 'Give permission')}</button>
        </form>
        <ErrorMessage error={grant.error} />
      </section>

      <section aria-labelledby="complaint-title">
        <h2 id="complaint-title">{t('Een klacht indienen', 'Make a complaint')}</h2>
        {h.complaints.length > 0 && (
          <ul>
            {h.complaints.map((c) => (
              <li key={c.id}>
                <DateText date={c.lodgedOn} />: {c.subject} ({c.againstOrg}) — {c.closedOn ? t('afgehandeld', 'closed') : t('in behandeling', 'being handled')}
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); void complaint.submit(); }}>
          <Field label={t('Over welke organisatie', 'About which organisation')}>{(p) => <input {...p} value={against} onChange={(e) => setAgainst(e.target.value)} required />}</Field>
          <Field label={t('Onderwerp', 'Subject')}>{(p) => <input {...p} value={subject} onChange={(e) => setSubject(e.target.value)} required />}</Field>
          <Field label={t('Wat is er gebeurd?', 'What happened?')}>{(p) => <textarea {...p} value={text} onChange={(e) => setText(e.target.value)} required rows={4} />}</Field>
          <ErrorMessage error={complaint.error} />
          <button type="submit" disabled={complaint.busy}>{t('Klacht indienen', 'Submit complaint')}</button>
        </form>
      </section>
    </article>
  );
}
