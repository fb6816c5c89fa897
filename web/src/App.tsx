import { useEffect, useState, useSyncExternalStore } from 'react';
import { useI18n } from './i18n';
import { roleWords, word } from './labels';
import { CounsellorApp } from './pages/counsellor/CounsellorApp';
import { CreditorPage } from './pages/CreditorPage';
import { HouseholdSelfPage } from './pages/HouseholdSelfPage';
import { OmbudsmanPage } from './pages/OmbudsmanPage';
import { SignInPage } from './pages/SignInPage';
import { Link, navigate, usePath } from './router';
import { currentSession, OIDC_CALLBACK_PATH, oidcCallback, onSessionChange, signOut } from './session';
import { ErrorMessage } from './ui';

function useSession() {
  return useSyncExternalStore(onSessionChange, currentSession);
}

export function App() {
  const session = useSession();
  const path = usePath();
  const { t, lang, setLang } = useI18n();
  const [callbackError, setCallbackError] = useState<Error | null>(null);

  useEffect(() => {
    if (path !== OIDC_CALLBACK_PATH) return;
    oidcCallback().then(
      () => navigate('/'),
      (error: unknown) => setCallbackError(error instanceof Error ? error : new Error(String(error))),
    );
  }, [path]);

  return (
    <>
      <a className="skip" href="#main">
        {t('Naar de inhoud', 'Skip to content')}
      </a>
      <header className="top no-print">
        <Link to="/" className="brand">
          Totaalbeeld
        </Link>
        <nav aria-label={t('Taal en account', 'Language and account')}>
          <button type="button" className="link" onClick={() => setLang(lang === 'nl' ? 'en' : 'nl')} lang={lang === 'nl' ? 'en' : 'nl'}>
            {lang === 'nl' ? 'English' : 'Nederlands'}
          </button>
          {session && (
            <>
              <span className="who">
                {word(roleWords, session.role, lang)} · {session.org}
              </span>
              <button
                type="button"
                className="link"
                onClick={() => {
                  signOut();
                  navigate('/');
                }}
              >
                {t('Afmelden', 'Sign out')}
              </button>
            </>
          )}
        </nav>
      </header>
      <main id="main">
        {callbackError ? (
          <ErrorMessage error={callbackError} />
        ) : !session ? (
          <SignInPage />
        ) : session.role === 'COUNSELLOR' ? (
          <CounsellorApp path={path} />
        ) : session.role === 'HOUSEHOLD' ? (
          <HouseholdSelfPage householdId={session.org} />
        ) : session.role === 'OMBUDSMAN' ? (
          <OmbudsmanPage />
        ) : (
          <CreditorPage org={session.org} />
        )}
      </main>
    </>
  );
}
