import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { ApiError } from './api';
import { formatDate, formatEuros, useI18n } from './i18n';

export function Euros({ cents }: { cents: number }) {
  return <span className="money">{formatEuros(cents)}</span>;
}

export function DateText({ date }: { date: string | null | undefined }) {
  const { lang } = useI18n();
  return date ? <time dateTime={date}>{formatDate(date, lang)}</time> : <>—</>;
}

/** Data from the API with its loading and error states; `reload` after a change. */
export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): { data: T | null; error: Error | null; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error: error instanceof Error ? error : new Error(String(error)), loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** Input refused in the browser before it reaches the API: read as "check what you entered", like the API's VALIDATION_FAILED. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The API's refusal in plain words, with the fields it names. */
export function ErrorMessage({ error }: { error: Error | null }) {
  const { t } = useI18n();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : error instanceof InputError ? 'VALIDATION_FAILED' : null;
  const lead =
    code === 'FORBIDDEN'
      ? t('Dit mag u niet zien of doen.', 'You may not see or do this.')
      : code === 'VALIDATION_FAILED'
        ? t('Controleer de invoer.', 'Please check what you entered.')
        : code === 'NOT_FOUND'
          ? t('Niet gevonden.', 'Not found.')
          : t('Er ging iets mis.', 'Something went wrong.');
  return (
    <div role="alert" className="error">
      <strong>{lead}</strong> {error.message}
      {error instanceof ApiError && error.issues.length > 0 && (
        <ul>
          {error.issues.map((i) => (
            <li key={i.path}>
              <code>{i.path}</code>: {i.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      {t('Laden…', 'Loading…')}
    </p>
  );
}

/** A labelled form field: the label is always tied to its input. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (props: { id: string; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {children(hint ? { id, 'aria-describedby': hintId } : { id })}
    </div>
  );
}

/** Runs a command from a form: busy while it runs, its error shown, `done` after success. */
export function useCommand<A extends unknown[]>(run: (...args: A) => Promise<unknown>, done?: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (...args: A): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await run(...args);
      done?.();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
