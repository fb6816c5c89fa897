import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { roleWords, word } from '../labels';
import { devSignIn, oidcSignIn, roles, sessionEnd, webConfig, type Role, type WebConfig } from '../session';
import { ErrorMessage, Field, useQuery } from '../ui';

/** Sign in: with the identity provider (OpenID Connect) or, in development, as any role. */
export function SignInPage() {
  const { t, lang } = useI18n();
  const config = useQuery<WebConfig>(webConfig, []);
  const [role, setRole] = useState<Role>('COUNSELLOR');
  const [org, setOrg] = useState('GEM-UTRECHT');
  const [error, setError] = useState<Error | null>(null);
  // Read once: the notice stays while this page is shown, and is gone after the next sign-in.
  const [ended] = useState(sessionEnd);

  const orgHint: Record<Role, [string, string]> = {
    COUNSELLOR: ['Bijvoorbeeld GEM-UTRECHT; npm run demo noemt er meer.', 'For example GEM-UTRECHT; npm run demo names more.'],
    HOUSEHOLD: ['Het nummer van uw huishouden.', 'Your household\u2019s id.'],
    OMBUDSMAN: ['Bijvoorbeeld NATIONALE-OMBUDSMAN.', 'For example NATIONALE-OMBUDSMAN.'],
    CREDITOR: ['Bijvoorbeeld CJIB of BELASTINGDIENST.', 'For example CJIB or BELASTINGDIENST.'],
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await devSignIn(role, org);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };

  return (
    <section className="narrow">
      <h1>{t('Aanmelden', 'Sign in')}</h1>
      {ended && (
        <p role="status" className="notice">
          {ended === 'EXPIRED'
            ? t('Uw aanmelding is verlopen. Meld u opnieuw aan om verder te gaan.', 'Your sign-in has expired. Sign in again to continue.')
            : t(
                'De server accepteert uw aanmelding niet meer (verlopen of ingetrokken). Meld u opnieuw aan om verder te gaan.',
                'The server no longer accepts your sign-in (expired or withdrawn). Sign in again to continue.',
              )}
        </p>
      )}
      <p>
        {t(
          'Totaalbeeld toont alle schulden van een huishouden op één plek, met wat het huishouden elke maand moet overhouden.',
          'Totaalbeeld shows all debts of a household in one place, with what the household must keep every month.',
        )}
      </p>
      {config.data?.oidc && (
        <p>
          <button type="button" onClick={() => void oidcSignIn().catch((e: unknown) => setError(e as Error))}>
            {t('Aanmelden bij uw organisatie', 'Sign in with your organisation')}
          </button>
        </p>
      )}
      {config.data?.devSignIn && (
        <form onSubmit={(e) => void submit(e)} aria-labelledby="dev-title">
          <h2 id="dev-title">{t('Ontwikkelomgeving', 'Development')}</h2>
          <p className="hint">
            {t(
              'Alleen buiten productie: kies een rol en organisatie en krijg een token van deze server.',
              'Outside production only: pick a role and organisation and get a token from this server.',
            )}
          </p>
          <Field label={t('Rol', 'Role')}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {word(roleWords, r, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('Organisatie', 'Organisation')} hint={t(...orgHint[role])}>
            {(p) => <input {...p} value={org} onChange={(e) => setOrg(e.target.value)} required autoComplete="organization" />}
          </Field>
          <button type="submit">{t('Aanmelden', 'Sign in')}</button>
        </form>
      )}
      {config.data && !config.data.devSignIn && !config.data.oidc && (
        <p role="alert">
          {t(
            'Er is geen aanmeldmethode ingesteld. Stel TOTAALBEELD_OIDC_AUTHORITY en TOTAALBEELD_OIDC_CLIENT_ID in.',
            'No sign-in method is configured. Set TOTAALBEELD_OIDC_AUTHORITY and TOTAALBEELD_OIDC_CLIENT_ID.',
          )}
        </p>
      )}
      <ErrorMessage error={error ?? config.error} />
    </section>
  );
}
