import { useMemo, useState, type FormEvent } from 'react';
import { execute } from '../../api';
import { useI18n } from '../../i18n';
import { compositionWords, word } from '../../labels';
import { FindHouseholds, MyHouseholds, SignalWorklist } from '../../operations';
import { Link, navigate } from '../../router';
import { DateText, ErrorMessage, Euros, Field, Loading, useQuery } from '../../ui';

/** "Mijn huishoudens": the households this organisation holds a mandate for, searchable by name and BSN. */
export function HouseholdsPage() {
  const { t, lang } = useI18n();
  const households = useQuery(() => execute(MyHouseholds), []);
  const worklist = useQuery(() => execute(SignalWorklist), []);
  const [name, setName] = useState('');
  const [bsn, setBsn] = useState('');
  const [bsnResult, setBsnResult] = useState<{ bsn: string; ids: string[] } | null>(null);
  const [bsnError, setBsnError] = useState<Error | null>(null);

  const shown = useMemo(() => {
    const all = households.data?.myHouseholds ?? [];
    const needle = name.trim().toLocaleLowerCase('nl');
    // Names are personal data: searched here, in the browser, over what this counsellor may see.
    return needle === '' ? all : all.filter((h) => h.members.some((m) => m.name.toLocaleLowerCase('nl').includes(needle)));
  }, [households.data, name]);

  const searchBsn = async (event: FormEvent) => {
    event.preventDefault();
    setBsnError(null);
    try {
      const found = await execute(FindHouseholds, { bsn: bsn.trim() });
      if (found.findHouseholds.length === 1) navigate(`/huishoudens/${encodeURIComponent(found.findHouseholds[0]!)}`);
      else setBsnResult({ bsn: bsn.trim(), ids: found.findHouseholds });
    } catch (error) {
      setBsnError(error as Error);
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('Mijn huishoudens', 'My households')}</h1>
        <Link to="/intake" className="button">
          {t('Nieuwe intake', 'New intake')}
        </Link>
      </div>
      <div className="searches">
        <Field label={t('Zoek op naam', 'Search by name')}>
          {(p) => <input {...p} type="search" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <form onSubmit={(e) => void searchBsn(e)} className="inline-form">
          <Field label={t('Zoek op BSN', 'Search by BSN')}>
            {(p) => <input {...p} inputMode="numeric" pattern="[0-9]{8,9}" value={bsn} onChange={(e) => setBsn(e.target.value)} />}
          </Field>
          <button type="submit">{t('Zoeken', 'Search')}</button>
        </form>
      </div>
      <ErrorMessage error={bsnError} />
      {bsnResult && (
        <p role="status">
          {bsnResult.ids.length === 0
            ? t(`Geen huishouden met BSN ${bsnResult.bsn} waarvoor u een mandaat heeft.`, `No household with BSN ${bsnResult.bsn} that you hold a mandate for.`)
            : bsnResult.ids.map((id) => (
                <Link key={id} to={`/huishoudens/${encodeURIComponent(id)}`}>
                  {id}
                </Link>
              ))}
        </p>
      )}
      {households.loading && !households.data && <Loading />}
      <ErrorMessage error={households.error} />
      {households.data && (
        <table className="list">
          <caption>
            {t(`${shown.length} van ${households.data.myHouseholds.length} huishoudens`, `${shown.length} of ${households.data.myHouseholds.length} households`)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('Naam', 'Name')}</th>
              <th scope="col">{t('Samenstelling', 'Composition')}</th>
              <th scope="col">{t('Gemeente', 'Municipality')}</th>
              <th scope="col">{t('Aangemeld', 'Registered')}</th>
              <th scope="col" className="num">{t('Schuldeisers', 'Creditors')}</th>
              <th scope="col" className="num">{t('Openstaand', 'Outstanding')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((h) => (
              <tr key={h.id}>
                <td>
                  <Link to={`/huishoudens/${encodeURIComponent(h.id)}`}>{h.members.map((m) => m.name).join(' en ') || h.id}</Link>
                </td>
                <td>{word(compositionWords, h.composition, lang)}</td>
                <td>{h.municipality}</td>
                <td>
                  <DateText date={h.registeredOn} />
                </td>
                <td className="num">{h.totals.creditorCount}</td>
                <td className="num">
                  <Euros cents={h.totals.outstanding} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('Vroegsignalen om op te pakken', 'Early signals to pick up')}</h2>
      <ErrorMessage error={worklist.error} />
      {worklist.data && worklist.data.signalWorklist.length === 0 && <p>{t('Geen open signalen.', 'No open signals.')}</p>}
      {worklist.data && worklist.data.signalWorklist.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t('Huishouden', 'Household')}</th>
              <th scope="col">{t('Van', 'From')}</th>
              <th scope="col" className="num">{t('Achterstand', 'Arrears')}</th>
              <th scope="col">{t('Reageren vóór', 'Respond by')}</th>
            </tr>
          </thead>
          <tbody>
            {worklist.data.signalWorklist.map((s) => (
              <tr key={s.id} className={s.overdue ? 'overdue' : undefined}>
                <td>
                  <Link to={`/huishoudens/${encodeURIComponent(s.householdId)}`}>{s.householdId}</Link>
                </td>
                <td>
                  {s.partnerOrg}
                  {s.threatening && <strong> — {t('dreigende uithuiszetting of afsluiting', 'eviction or disconnection threatens')}</strong>}
                </td>
                <td className="num">
                  <Euros cents={s.amount} />
                </td>
                <td>
                  <DateText date={s.deadline} />
                  {s.overdue && <strong> ({t('te laat', 'overdue')})</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
