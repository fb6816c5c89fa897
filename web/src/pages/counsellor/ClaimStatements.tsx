import { useState, type FormEvent } from 'react';
import { commandId, execute } from '../../api';
import { today, useI18n } from '../../i18n';
import { RequestClaimStatement } from '../../operations';
import { addDays, inReadingOrder, organisationsIn, statementState } from '../../statements';
import { DateText, ErrorMessage, Field, InputError, useCommand } from '../../ui';

/**
 * "Vorderingen opvragen": the counsellor asks creditor organisations for their claims (the way
 * Dutch debt counselling gathers the overview); a creditor may register claims only once asked.
 */

/** Today plus `days` in Amsterdam, as yyyy-mm-dd: the usual answer term is two weeks. */
export function inDays(days: number): string {
  return addDays(today(), days);
}

export { organisationsIn };

/** Asks each organisation for its statement on the household, one command each. */
export async function requestStatements(householdId: string, orgs: readonly string[], dueOn: string): Promise<void> {
  for (const creditorOrg of orgs) {
    await execute(RequestClaimStatement, { input: { commandId: commandId(), householdId, creditorOrg, dueOn } });
  }
}

export interface StatementRequestRow {
  id: string;
  creditorOrg: string;
  counsellorOrg: string;
  requestedOn: string;
  dueOn: string;
  answered: boolean;
  answeredOn?: string | null;
}

/** The requests and their state: outstanding first (overdue marked in words, not only colour), then answered ones. */
export function ClaimStatementRequests({ householdId, requests, onDone }: { householdId: string; requests: readonly StatementRequestRow[]; onDone: () => void }) {
  const { t } = useI18n();
  const now = today();
  const states = requests.map((r) => statementState(r, now));
  const outstanding = states.filter((s) => s !== 'ANSWERED');
  const answered = states.filter((s) => s === 'ANSWERED');
  const overdue = states.filter((s) => s === 'OVERDUE').length;
  return (
    <section aria-labelledby="statements-title">
      <h2 id="statements-title">{t('Vorderingen opvragen', 'Request claim statements')}</h2>
      <p>
        {requests.length === 0
          ? t('Nog bij geen enkele schuldeiser opgevraagd. Een schuldeiser kan zijn vorderingen pas opgeven als u ze opvraagt.', 'Not requested from any creditor yet. A creditor can register its claims only once you request them.')
          : t(
              `${outstanding.length} openstaand (${overdue} te laat), ${answered.length} beantwoord.`,
              `${outstanding.length} outstanding (${overdue} overdue), ${answered.length} answered.`,
            )}
      </p>
      {requests.length > 0 && (
        <table className="list statements">
          <caption>{t('Opgevraagde vorderingen', 'Requested claim statements')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Schuldeiser', 'Creditor')}</th>
              <th scope="col">{t('Gevraagd op', 'Requested on')}</th>
              <th scope="col">{t('Uiterlijk', 'Due by')}</th>
              <th scope="col">{t('Stand', 'State')}</th>
            </tr>
          </thead>
          <tbody>
            {inReadingOrder(requests).map((r) => {
              const late = statementState(r, now) === 'OVERDUE';
              return (
                <tr key={r.id} className={late ? 'overdue' : undefined}>
                  <th scope="row">{r.creditorOrg}</th>
                  <td><DateText date={r.requestedOn} /></td>
                  <td><DateText date={r.dueOn} /></td>
                  <td>
                    {r.answered ? (
                      <>{t('Beantwoord op ', 'Answered on ')}<DateText date={r.answeredOn} /></>
                    ) : late ? (
                      <strong>{t('Te laat: nog geen antwoord', 'Overdue: no answer yet')}</strong>
                    ) : (
                      t('Openstaand', 'Outstanding')
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <RequestStatementForm householdId={householdId} onDone={onDone} />
    </section>
  );
}

function RequestStatementForm({ householdId, onDone }: { householdId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [orgs, setOrgs] = useState('');
  const [dueOn, setDueOn] = useState(() => inDays(14));
  const command = useCommand(async () => {
    const list = organisationsIn(orgs);
    if (list.length === 0) throw new InputError(t('Vul minstens één organisatie in.', 'Enter at least one organisation.'));
    await requestStatements(householdId, list, dueOn);
    setOrgs('');
  }, onDone);
  return (
    <form className="no-print" onSubmit={(e: FormEvent) => { e.preventDefault(); void command.submit(); }} aria-labelledby="request-statement-title">
      <h3 id="request-statement-title">{t('Nieuwe opvraging', 'New request')}</h3>
      <Field label={t('Schuldeiser (organisatie)', 'Creditor (organisation)')} hint={t('Eén of meer, gescheiden door komma’s, bijvoorbeeld CJIB, VATTENFALL.', 'One or more, separated by commas, e.g. CJIB, VATTENFALL.')}>
        {(p) => <input {...p} value={orgs} onChange={(e) => setOrgs(e.target.value)} required autoComplete="off" />}
      </Field>
      <Field label={t('Antwoord uiterlijk op', 'Answer due by')}>{(p) => <input {...p} type="date" min={today()} value={dueOn} onChange={(e) => setDueOn(e.target.value)} required />}</Field>
      <ErrorMessage error={command.error} />
      <button type="submit" disabled={command.busy}>{t('Vorderingen opvragen', 'Request claim statements')}</button>
    </form>
  );
}
