import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { commandId, execute } from '../api';
import type { ComplaintConclusion, ComplaintNoteKind, HouseholdAtQuery, TimelineQuery } from '../gql/graphql';
import { formatDateTime, formatEuros, useI18n } from '../i18n';
import { conclusionWords, flagWords, noteKindWords, statusWords, word } from '../labels';
import { AllViolations, CloseComplaint, HouseholdAt, OmbudsmanCases, RecordComplaintNote, Timeline } from '../operations';
import { DateText, ErrorMessage, Field, Loading, useCommand, useQuery } from '../ui';

type Snapshot = NonNullable<HouseholdAtQuery['household']>;

/** A `datetime-local` value (the browser's own time) as an instant with offset, or null for "now". */
function instant(local: string): string | null {
  if (local === '') return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The figures compared side by side: [label, value as text]. */
function figures(h: Snapshot | null | undefined, t: (nl: string, en: string) => string, lang: 'nl' | 'en'): Array<[string, string]> {
  if (!h) return [];
  const rows: Array<[string, string]> = [
    [t('Versie', 'Revision'), String(h.revision)],
    [t('Totaal openstaand', 'Total outstanding'), formatEuros(h.totals.outstanding)],
    [t('Vorderingen', 'Claims'), String(h.totals.claimCount)],
    [t('Netto inkomen', 'Net income'), formatEuros(h.capacity.netIncome)],
    [t('Beslagvrije voet', 'Protected income'), `${formatEuros(h.capacity.protectedIncome)} (${h.capacity.protectedIncomeBasis})`],
    [t('Beslagruimte', 'Attachable room'), formatEuros(h.capacity.attachable)],
    [t('Toegewezen', 'Committed'), formatEuros(h.capacity.committed)],
    [t('Ruimte over', 'Room left'), formatEuros(h.capacity.remaining)],
    [t('Signalen', 'Flags'), h.capacity.flags.map((f) => f).join(', ') || '—'],
    [t('Maatregelen', 'Measures'), String(h.measures.length)],
    [t('Adempauzes', 'Moratoria'), String(h.moratoria.length)],
  ];
  for (const c of h.claims) rows.push([`${c.creditorId} ${c.reference}`, `${formatEuros(c.outstanding)} · ${word(statusWords, c.status, lang)}`]);
  return rows;
}

export function OmbudsmanPage() {
  const { t } = useI18n();
  const [householdId, setHouseholdId] = useState('');
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <>
      <h1>{t('Ombudsman', 'Ombudsman')}</h1>
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setOpened(householdId.trim());
        }}
      >
        <Field label={t('Huishouden (nummer)', 'Household (id)')}>{(p) => <input {...p} value={householdId} onChange={(e) => setHouseholdId(e.target.value)} required />}</Field>
        <button type="submit">{t('Openen', 'Open')}</button>
      </form>
      {opened ? <Investigation key={opened} householdId={opened} /> : <ViolationsList onOpen={(id) => { setHouseholdId(id); setOpened(id); }} />}
    </>
  );
}

function ViolationsList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, lang } = useI18n();
  const query = useQuery(() => execute(AllViolations), []);
  return (
    <section aria-labelledby="violations-title">
      <h2 id="violations-title">{t('Huishoudens met regelschendingen', 'Households with rule breaches')}</h2>
      {query.loading && <Loading />}
      <ErrorMessage error={query.error} />
      {query.data && query.data.violations.edges.length === 0 && <p>{t('Geen schendingen gevonden.', 'No breaches found.')}</p>}
      <ul>
        {query.data?.violations.edges.map(({ node }) => (
          <li key={node.householdId}>
            <button type="button" className="link" onClick={() => onOpen(node.householdId)}>
              {node.householdId}
            </button>
            : {node.violations.map((v) => `${v.rule} (${v.organisations.join(', ')})`).join('; ')}
            {lang === 'nl' ? '' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Investigation({ householdId }: { householdId: string }) {
  const { t, lang } = useI18n();
  const [left, setLeft] = useState('');
  const [right, setRight] = useState('');
  const a = useQuery(() => execute(HouseholdAt, { id: householdId, asOf: instant(left) }), [householdId, left]);
  const b = useQuery(() => execute(HouseholdAt, { id: householdId, asOf: instant(right) }), [householdId, right]);
  const fa = figures(a.data?.household, t, lang);
  const fb = figures(b.data?.household, t, lang);
  const labels = [...new Set([...fa.map(([l]) => l), ...fb.map(([l]) => l)])];
  const valueOf = (rows: Array<[string, string]>, label: string) => rows.find(([l]) => l === label)?.[1] ?? '—';
  const changed = labels.filter((l) => valueOf(fa, l) !== valueOf(fb, l)).length;

  return (
    <article data-ready="ombudsman">
      <section aria-labelledby="compare-title">
        <h2 id="compare-title">{t('Het huishouden op twee momenten', 'The household at two instants')}</h2>
        <p className="hint">{t('Leeg betekent: nu. Tijden in uw eigen tijdzone.', 'Empty means: now. Times in your own time zone.')}</p>
        <div className="two">
          <Field label={t('Moment A', 'Instant A')}>{(p) => <input {...p} type="datetime-local" step={1} value={left} onChange={(e) => setLeft(e.target.value)} />}</Field>
          <Field label={t('Moment B', 'Instant B')}>{(p) => <input {...p} type="datetime-local" step={1} value={right} onChange={(e) => setRight(e.target.value)} />}</Field>
        </div>
        <ErrorMessage error={a.error ?? b.error} />
        {(a.data || b.data) && (
          <table className="list compare">
            <caption>{t(`${changed} verschillen`, `${changed} differences`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Gegeven', 'Figure')}</th>
                <th scope="col">A</th>
                <th scope="col">B</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((l) => {
                const differs = valueOf(fa, l) !== valueOf(fb, l);
                return (
                  <tr key={l} className={differs ? 'diff' : undefined}>
                    <th scope="row">
                      {l}
                      {differs && <span className="badge">{t('verschilt', 'differs')}</span>}
                    </th>
                    <td>{valueOf(fa, l)}</td>
                    <td>{valueOf(fb, l)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {a.data?.household && a.data.household.capacity.flags.length > 0 && (
          <ul className="flags">
            {a.data.household.capacity.flags.map((f) => <li key={f}>{f}: {word(flagWords, f, lang)}</li>)}
          </ul>
        )}
      </section>
      <TimelineSection householdId={householdId} />
      <CasesSection householdId={householdId} />
    </article>
  );
}

type TimelineEdge = NonNullable<TimelineQuery['household']>['timeline']['edges'][number];

function TimelineSection({ householdId }: { householdId: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState('');
  const [creditor, setCreditor] = useState('');
  const [seenKinds, setSeenKinds] = useState<ReadonlySet<string>>(new Set());
  // The kinds to filter on: every kind met on the pages read so far (a household's history can be long).
  const noteKinds = useCallback((edges: readonly TimelineEdge[]) => {
    setSeenKinds((known) => {
      const fresh = edges.map((e) => e.node.type).filter((k) => !known.has(k));
      return fresh.length === 0 ? known : new Set([...known, ...fresh]);
    });
  }, []);
  const kinds = [...seenKinds].sort();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('Tijdlijn', 'Timeline')}</h2>
      <div className="two">
        <Field label={t('Soort gebeurtenis', 'Kind of event')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">{t('Alle', 'All')}</option>
              {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('Schuldeiser', 'Creditor')}>{(p) => <input {...p} value={creditor} onChange={(e) => setCreditor(e.target.value)} />}</Field>
      </div>
      {/* A new filter starts again at the first page. */}
      <TimelinePages key={`${kind}\n${creditor.trim()}`} householdId={householdId} kind={kind} creditor={creditor.trim()} onEdges={noteKinds} />
    </section>
  );
}

/** The timeline a page of 100 events at a time, oldest first: "more" reads the next page after the last cursor. */
function TimelinePages({ householdId, kind, creditor, onEdges }: { householdId: string; kind: string; creditor: string; onEdges: (edges: readonly TimelineEdge[]) => void }) {
  const { t } = useI18n();
  const variables = { id: householdId, kinds: kind ? [kind] : null, creditorId: creditor || null };
  const first = useQuery(() => execute(Timeline, { ...variables, after: null }), [householdId, kind, creditor]);
  const [later, setLater] = useState<{ edges: TimelineEdge[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  const firstPage = first.data?.household?.timeline;
  useEffect(() => {
    if (firstPage) onEdges(firstPage.edges);
  }, [firstPage, onEdges]);
  const edges = [...(firstPage?.edges ?? []), ...(later?.edges ?? [])];
  const pageInfo = later ?? (firstPage ? { endCursor: firstPage.pageInfo.endCursor ?? null, hasNextPage: firstPage.pageInfo.hasNextPage } : null);
  const more = useCommand(async () => {
    if (!pageInfo?.endCursor) return;
    const next = (await execute(Timeline, { ...variables, after: pageInfo.endCursor })).household?.timeline;
    if (!next) throw new Error(t('Dit huishouden is niet meer te zien.', 'This household can no longer be seen.'));
    onEdges(next.edges);
    setLater((l) => ({ edges: [...(l?.edges ?? []), ...next.edges], endCursor: next.pageInfo.endCursor ?? null, hasNextPage: next.pageInfo.hasNextPage }));
  });
  return (
    <>
      <ErrorMessage error={first.error} />
      {first.loading && !first.data && <Loading />}
      <table className="list">
        <caption className="sr-only">{t('Tijdlijn', 'Timeline')}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('Vastgelegd', 'Recorded')}</th>
            <th scope="col">{t('Geldt vanaf', 'Effective')}</th>
            <th scope="col">{t('Door', 'By')}</th>
            <th scope="col">{t('Wat', 'What')}</th>
          </tr>
        </thead>
        <tbody>
          {edges.map(({ node }) => (
            <tr key={node.revision}>
              <td>{node.revision}</td>
              <td>{formatDateTime(node.recordedAt)}</td>
              <td><DateText date={node.effectiveOn} /></td>
              <td>{node.organisation}</td>
              <td>
                <code>{node.type}</code> {node.summary}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {firstPage && (
        <p role="status" className="meta">
          {pageInfo?.hasNextPage
            ? t(`${edges.length} gebeurtenissen getoond; er zijn er meer.`, `${edges.length} events shown; there are more.`)
            : t(`Alle ${edges.length} gebeurtenissen getoond.`, `All ${edges.length} events shown.`)}
        </p>
      )}
      <ErrorMessage error={more.error} />
      {pageInfo?.hasNextPage && (
        <button type="button" className="secondary" disabled={more.busy} onClick={() => void more.submit()}>
          {more.busy ? t('Laden…', 'Loading…') : t('Meer gebeurtenissen laden', 'Load more events')}
        </button>
      )}
    </>
  );
}

function CasesSection({ householdId }: { householdId: string }) {
  const { t } = useI18n();
  const query = useQuery(() => execute(OmbudsmanCases, { id: householdId }), [householdId]);
  const h = query.data?.household;
  return (
    <>
      <section aria-labelledby="breaches-title">
        <h2 id="breaches-title">{t('Regelschendingen', 'Rule breaches')}</h2>
        <ErrorMessage error={query.error} />
        {h && h.violations.length === 0 && <p>{t('Geen.', 'None.')}</p>}
        {h?.violations.map((v, i) => (
          <div key={i} className="card">
            <p>
              <strong>{v.rule}</strong> {t('vanaf', 'from')} <DateText date={v.on} />: {v.description} ({v.organisations.join(', ')})
            </p>
            <p>{t('Bewijs:', 'Proof:')}</p>
            <ul>
              {v.events.map((e) => <li key={e.revision}>#{e.revision} {e.type} ({e.organisation}): {e.summary}</li>)}
            </ul>
          </div>
        ))}
      </section>
      <section aria-labelledby="complaints-title">
        <h2 id="complaints-title">{t('Klachten', 'Complaints')}</h2>
        {h && h.complaints.length === 0 && <p>{t('Geen klachten.', 'No complaints.')}</p>}
        {h?.complaints.map((c) => <ComplaintCard key={c.id} complaint={c} onDone={query.reload} />)}
      </section>
    </>
  );
}

interface ComplaintData {
  id: string;
  againstOrg: string;
  subject: string;
  text: string;
  lodgedOn: string;
  lodgedByOrg: string;
  conclusion?: ComplaintConclusion | null;
  closingText?: string | null;
  closedOn?: string | null;
  notes: Array<{ kind: ComplaintNoteKind; text: string; on: string; by: string }>;
}

function ComplaintCard({ complaint: c, onDone }: { complaint: ComplaintData; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [noteKind, setNoteKind] = useState<ComplaintNoteKind>('FINDING');
  const [note, setNote] = useState('');
  const [conclusion, setConclusion] = useState<ComplaintConclusion>('FOUNDED');
  const [closing, setClosing] = useState('');
  const addNote = useCommand(() => execute(RecordComplaintNote, { input: { commandId: commandId(), complaintId: c.id, kind: noteKind, text: note } }), () => { setNote(''); onDone(); });
  const close = useCommand(() => execute(CloseComplaint, { input: { commandId: commandId(), complaintId: c.id, conclusion, text: closing } }), onDone);
  return (
    <div className="card">
      <h3>{c.subject}</h3>
      <p>
        {t('Over', 'About')} {c.againstOrg}, {t('ingediend door', 'lodged by')} {c.lodgedByOrg} {t('op', 'on')} <DateText date={c.lodgedOn} />
      </p>
      <blockquote>{c.text}</blockquote>
      <ul>
        {c.notes.map((n, i) => <li key={i}><DateText date={n.on} /> {word(noteKindWords, n.kind, lang)}: {n.text}</li>)}
      </ul>
      {c.closedOn ? (
        <p>
          <strong>{word(conclusionWords, c.conclusion, lang)}</strong> (<DateText date={c.closedOn} />): {c.closingText}
        </p>
      ) : (
        <>
          <form onSubmit={(e: FormEvent) => { e.preventDefault(); void addNote.submit(); }}>
            <Field label={t('Soort notitie', 'Kind of note')}>
              {(p) => (
                <select {...p} value={noteKind} onChange={(e) => setNoteKind(e.target.value as ComplaintNoteKind)}>
                  <option value="FINDING">{t('Bevinding', 'Finding')}</option>
                  <option value="RECOMMENDATION">{t('Aanbeveling', 'Recommendation')}</option>
                </select>
              )}
            </Field>
            <Field label={t('Notitie', 'Note')}>{(p) => <textarea {...p} value={note} onChange={(e) => setNote(e.target.value)} required rows={2} />}</Field>
            <ErrorMessage error={addNote.error} />
            <button type="submit" disabled={addNote.busy}>{t('Notitie vastleggen', 'Record note')}</button>
          </form>
          <form onSubmit={(e: FormEvent) => { e.preventDefault(); void close.submit(); }}>
            <Field label={t('Conclusie', 'Conclusion')}>
              {(p) => (
                <select {...p} value={conclusion} onChange={(e) => setConclusion(e.target.value as ComplaintConclusion)}>
                  <option value="FOUNDED">{t('Gegrond', 'Founded')}</option>
                  <option value="PARTLY_FOUNDED">{t('Deels gegrond', 'Partly founded')}</option>
                  <option value="UNFOUNDED">{t('Ongegrond', 'Unfounded')}</option>
                  <option value="WITHDRAWN">{t('Ingetrokken', 'Withdrawn')}</option>
                  <option value="SETTLED_BY_MEDIATION">{t('Opgelost door bemiddeling', 'Settled by mediation')}</option>
                </select>
              )}
            </Field>
            <Field label={t('Toelichting', 'Explanation')}>{(p) => <textarea {...p} value={closing} onChange={(e) => setClosing(e.target.value)} required rows={2} />}</Field>
            <ErrorMessage error={close.error} />
            <button type="submit" disabled={close.busy}>{t('Klacht sluiten', 'Close complaint')}</button>
          </form>
        </>
      )}
    </div>
  );
}
