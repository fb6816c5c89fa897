import { useState, type FormEvent } from 'react';
import { commandId, execute } from '../../api';
import { parseEuros, today, useI18n } from '../../i18n';
import { compositionWords, word } from '../../labels';
import { DeclareIncome, RegisterHousehold } from '../../operations';
import type { Composition, IncomeKind } from '../../gql/graphql';
import { navigate } from '../../router';
import { ErrorMessage, Field, InputError } from '../../ui';
import { inDays, organisationsIn, requestStatements } from './ClaimStatements';

const compositions: Composition[] = ['SINGLE', 'SINGLE_PARENT', 'COUPLE', 'COUPLE_WITH_CHILDREN'];
const incomeKinds: Array<[IncomeKind, string, string]> = [
  ['WAGES', 'Loon', 'Wages'],
  ['BENEFIT_PARTICIPATIEWET', 'Bijstand (Participatiewet)', 'Social assistance'],
  ['BENEFIT_OTHER', 'Andere uitkering', 'Other benefit'],
  ['PENSION', 'Pensioen', 'Pension'],
  ['ALIMONY', 'Alimentatie', 'Alimony'],
  ['OTHER', 'Anders', 'Other'],
];

interface MemberRow {
  name: string;
  bsn: string;
  birthDate: string;
}

/** Intake: the household, its members and its income, in one form (two commands). */
export function IntakePage() {
  const { t, lang } = useI18n();
  const [composition, setComposition] = useState<Composition>('SINGLE');
  const [municipality, setMunicipality] = useState('');
  const [members, setMembers] = useState<MemberRow[]>([{ name: '', bsn: '', birthDate: '' }]);
  const [incomeKind, setIncomeKind] = useState<IncomeKind>('WAGES');
  const [payer, setPayer] = useState('');
  const [income, setIncome] = useState('');
  const [creditors, setCreditors] = useState('');
  const [dueOn, setDueOn] = useState(() => inDays(14));
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const setMember = (i: number, patch: Partial<MemberRow>) => setMembers((ms) => ms.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const netMonthly = income.trim() === '' ? null : parseEuros(income);
    if (income.trim() !== '' && netMonthly === null) {
      setError(new InputError(t('Het inkomen is geen bedrag in euro’s (bijvoorbeeld 1.450,00).', 'The income is no amount in euros (e.g. 1,450.00 as 1.450,00).')));
      return;
    }
    setBusy(true);
    try {
      const effectiveOn = today();
      const receipt = await execute(RegisterHousehold, {
        input: { commandId: commandId(), composition, municipality, members: members.map((m) => ({ ...m, bsn: m.bsn.trim() })), effectiveOn },
      });
      const householdId = receipt.registerHousehold.householdId;
      if (netMonthly !== null) {
        await execute(DeclareIncome, {
          input: { commandId: commandId(), householdId, memberBsn: members[0]!.bsn.trim(), kind: incomeKind, payer, netMonthly, effectiveOn },
        });
      }
      await requestStatements(householdId, organisationsIn(creditors), dueOn);
      navigate(`/huishoudens/${encodeURIComponent(householdId)}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('Intake: nieuw huishouden', 'Intake: new household')}</h1>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>{t('Huishouden', 'Household')}</legend>
          <Field label={t('Samenstelling', 'Composition')}>
            {(p) => (
              <select {...p} value={composition} onChange={(e) => setComposition(e.target.value as Composition)}>
                {compositions.map((c) => (
                  <option key={c} value={c}>
                    {word(compositionWords, c, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('Gemeente', 'Municipality')}>
            {(p) => <input {...p} value={municipality} onChange={(e) => setMunicipality(e.target.value)} required />}
          </Field>
        </fieldset>
        {members.map((m, i) => (
          <fieldset key={i}>
            <legend>{t(`Lid ${i + 1}`, `Member ${i + 1}`)}</legend>
            <Field label={t('Naam', 'Name')}>{(p) => <input {...p} value={m.name} onChange={(e) => setMember(i, { name: e.target.value })} required autoComplete="off" />}</Field>
            <Field label="BSN" hint={t('9 cijfers', '9 digits')}>
              {(p) => <input {...p} inputMode="numeric" value={m.bsn} onChange={(e) => setMember(i, { bsn: e.target.value })} required autoComplete="off" />}
            </Field>
            <Field label={t('Geboortedatum', 'Date of birth')}>
              {(p) => <input {...p} type="date" value={m.birthDate} onChange={(e) => setMember(i, { birthDate: e.target.value })} required />}
            </Field>
          </fieldset>
        ))}
        <p>
          <button type="button" className="secondary" onClick={() => setMembers((ms) => [...ms, { name: '', bsn: '', birthDate: '' }])}>
            {t('Lid toevoegen', 'Add member')}
          </button>
        </p>
        <fieldset>
          <legend>{t('Inkomen van lid 1', 'Income of member 1')}</legend>
          <Field label={t('Soort inkomen', 'Kind of income')}>
            {(p) => (
              <select {...p} value={incomeKind} onChange={(e) => setIncomeKind(e.target.value as IncomeKind)}>
                {incomeKinds.map(([k, nl, en]) => (
                  <option key={k} value={k}>
                    {t(nl, en)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('Betaald door', 'Paid by')}>{(p) => <input {...p} value={payer} onChange={(e) => setPayer(e.target.value)} />}</Field>
          <Field label={t('Netto per maand (€)', 'Net per month (€)')} hint={t('Bijvoorbeeld 1.450,00; leeg laten als het nog niet bekend is.', 'For example 1.450,00; leave empty when not known yet.')}>
            {(p) => <input {...p} inputMode="decimal" value={income} onChange={(e) => setIncome(e.target.value)} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('Vorderingen opvragen', 'Request claim statements')}</legend>
          <Field
            label={t('Bij schuldeisers (organisaties)', 'From creditors (organisations)')}
            hint={t('Gescheiden door komma’s, bijvoorbeeld CJIB, VATTENFALL. Een schuldeiser kan pas vorderingen opgeven als u ze opvraagt; dit kan later ook op de pagina van het huishouden.', 'Separated by commas, e.g. CJIB, VATTENFALL. A creditor can register claims only once you request them; you can also do this later on the household page.')}
          >
            {(p) => <input {...p} value={creditors} onChange={(e) => setCreditors(e.target.value)} autoComplete="off" />}
          </Field>
          <Field label={t('Antwoord uiterlijk op', 'Answer due by')}>{(p) => <input {...p} type="date" min={today()} value={dueOn} onChange={(e) => setDueOn(e.target.value)} required />}</Field>
        </fieldset>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {t('Huishouden registreren', 'Register household')}
        </button>
      </form>
    </section>
  );
}
