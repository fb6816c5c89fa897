import { formatEuros, useI18n } from './i18n';
import { flagWords, kindWords, word } from './labels';
import { Euros } from './ui';

export interface CapacityFigures {
  netIncome: number;
  protectedIncome: number;
  attachable: number;
  committed: number;
  remaining: number;
  withheldAtSource: number;
  flags: readonly string[];
  allocations: ReadonlyArray<{ measureId: string; kind: string; creditorId?: string | null; monthly: number; coordinator: boolean }>;
}

interface Segment {
  key: string;
  label: string;
  cents: number;
  className: string;
}

/**
 * The month's net income as one bar: what the household keeps (the protected income), each
 * creditor's allocation, and the room left. The same figures are in the table beneath it, so the
 * bar is never the only way to read them.
 */
export function CapacityBar({ capacity, caption }: { capacity: CapacityFigures; caption: string }) {
  const { t, lang } = useI18n();
  const segments: Segment[] = [
    { key: 'protected', label: t('Beslagvrije voet (blijft voor het huishouden)', 'Protected income (the household keeps it)'), cents: capacity.protectedIncome, className: 'seg-protected' },
    ...(capacity.withheldAtSource > 0
      ? [{ key: 'withheld', label: t('Ingehouden aan de bron', 'Withheld at source'), cents: capacity.withheldAtSource, className: 'seg-withheld' }]
      : []),
    ...capacity.allocations
      .filter((a) => a.kind !== 'WITHHOLDING_AT_SOURCE')
      .map((a) => ({
        key: a.measureId,
        label: `${word(kindWords, a.kind, lang)} ${a.creditorId ?? t('(andere schuldeiser)', '(another creditor)')}${a.coordinator ? t(' — coördinator', ' — coordinator') : ''}`,
        cents: a.monthly,
        className: `seg-${a.kind.toLowerCase().replace(/_/g, '-')}`,
      })),
    { key: 'remaining', label: t('Ruimte over', 'Room left'), cents: Math.max(0, capacity.remaining), className: 'seg-remaining' },
  ];
  const whole = Math.max(capacity.netIncome, segments.reduce((s, x) => s + x.cents, 0), 1);
  return (
    <figure className="capacity">
      <figcaption>{caption}</figcaption>
      <div className="bar" aria-hidden="true">
        {segments
          .filter((s) => s.cents > 0)
          .map((s) => (
            <div key={s.key} className={`seg ${s.className}`} style={{ width: `${(s.cents / whole) * 100}%` }} title={`${s.label}: ${formatEuros(s.cents)}`} />
          ))}
      </div>
      <table className="figures">
        <caption className="sr-only">{caption}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('Netto inkomen per maand', 'Net income per month')}</th>
            <td>
              <Euros cents={capacity.netIncome} />
            </td>
          </tr>
          {segments.map((s) => (
            <tr key={s.key}>
              <th scope="row">
                <span className={`swatch ${s.className}`} aria-hidden="true" /> {s.label}
              </th>
              <td>
                <Euros cents={s.cents} />
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('Afloscapaciteit (beslagruimte)', 'Attachable room')}</th>
            <td>
              <Euros cents={capacity.attachable} />
            </td>
          </tr>
        </tbody>
      </table>
      <Flags flags={capacity.flags} />
    </figure>
  );
}

export function Flags({ flags }: { flags: readonly string[] }) {
  const { t, lang } = useI18n();
  if (flags.length === 0) return <p className="ok">{t('Geen signalen: de berekening is volledig.', 'No flags: the calculation is complete.')}</p>;
  return (
    <ul className="flags" aria-label={t('Let op', 'Attention')}>
      {flags.map((f) => (
        <li key={f}>
          <strong>{t('Let op', 'Note')}:</strong> {word(flagWords, f, lang)}
        </li>
      ))}
    </ul>
  );
}
