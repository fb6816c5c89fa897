import { execute } from '../../api';
import { CapacityBar } from '../../CapacityBar';
import { formatDate, formatDateTime, today, useI18n } from '../../i18n';
import { compositionWords, word } from '../../labels';
import { CounsellorHousehold } from '../../operations';
import { Link } from '../../router';
import { currentSession } from '../../session';
import { DateText, ErrorMessage, Euros, Loading, useQuery } from '../../ui';
import { CreditorTotalsTable } from './HouseholdPage';

/** The printable schuldenoverzicht (A4): household, creditors, amounts, capacity, date and revision. */
export function SchuldenoverzichtPage({ householdId }: { householdId: string }) {
  const { t, lang } = useI18n();
  const query = useQuery(async () => ({ result: await execute(CounsellorHousehold, { id: householdId, on: today() }), at: new Date().toISOString() }), [householdId]);
  if (query.loading && !query.data) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  const h = query.data?.result.household;
  if (!h) return <p role="alert">{t('Dit huishouden bestaat niet, of uw organisatie heeft er vandaag geen toestemming (mandaat) voor. Het huishouden of een schuldhulpverlener met toestemming kan die geven.', 'This household does not exist, or your organisation holds no mandate for it today. The household or a counsellor with a mandate can grant one.')}</p>;
  return (
    <article className="print-page" data-ready="overview">
      <p className="no-print">
        <Link to={`/huishoudens/${encodeURIComponent(h.id)}`}>{t('← Terug naar het huishouden', '← Back to the household')}</Link>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('Afdrukken', 'Print')}
        </button>
      </p>
      <h1>{t('Schuldenoverzicht', 'Debt overview')}</h1>
      <dl className="facts">
        <dt>{t('Huishouden', 'Household')}</dt>
        <dd>
          {h.members.map((m) => m.name).join(' en ')} ({word(compositionWords, h.composition, lang)}, {h.municipality})
        </dd>
        <dt>{t('Leden', 'Members')}</dt>
        <dd>
          {h.members.map((m) => (
            <span key={m.bsn} className="block">
              {m.name}, BSN {m.bsn}, <DateText date={m.birthDate} />
            </span>
          ))}
        </dd>
        <dt>{t('Opgemaakt door', 'Made by')}</dt>
        <dd>{currentSession()?.org ?? '—'}</dd>
        <dt>{t('Opgemaakt op', 'Made on')}</dt>
        <dd>{formatDateTime(query.data!.at)}</dd>
        <dt>{t('Versie van het grootboek', 'Ledger revision')}</dt>
        <dd>{h.revision}</dd>
        <dt>{t('Totaal openstaand', 'Total outstanding')}</dt>
        <dd>
          <Euros cents={h.totals.outstanding} /> ({h.totals.claimCount} {t('vorderingen', 'claims')}, {h.totals.creditorCount} {t('schuldeisers', 'creditors')})
        </dd>
      </dl>
      <CreditorTotalsTable claims={h.claims} caption={t('Schulden per schuldeiser', 'Debts per creditor')} />
      <h2>{t('Afloscapaciteit', 'Repayment capacity')}</h2>
      <CapacityBar capacity={h.capacity} caption={t('Per maand, op ', 'Per month, on ') + formatDate(h.capacity.on, lang)} />
    </article>
  );
}
