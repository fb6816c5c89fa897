import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { useI18n } from './i18n';
import { roleWords, word } from './labels';
import { SignInPage } from './pages/SignInPage';
import { Link, navigate, usePath } from './router';
import { currentSession, OIDC_CALLBACK_PATH, oidcCallback, onSessionChange, signOutEverywhere } from './session';
import { ErrorMessage, Loading } from './ui';

// Each role loads only its own pages.
const CounsellorApp = lazy(() => import('./pages/counsellor/CounsellorApp').then((m) => ({ default: m.CounsellorApp })));
const CreditorPage = lazy(() => import('./pages/CreditorPage').then((m) => ({ default: m.CreditorPage })));
const HouseholdSelfPage = lazy(() => import('./pages/HouseholdSelfPage').then((m) => ({ default: m.HouseholdSelfPage })));
const OmbudsmanPage = lazy(() => import('./pages/OmbudsmanPage').then((m) => ({ default: m.OmbudsmanPage })));

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
    // The code and state leave the address bar (and the history) either way.
    oidcCallback().then(
      () => navigate('/', { replace: true }),
      (error: unknown) => {
        setCallbackError(error instanceof Error ? error : new Error(String(error)));
        navigate('/', { replace: true });
      },
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
                  navigate('/');
                  // Signed out here already; when the provider cannot be reached, the sign-in page says so.
                  signOutEverywhere().catch((error: unknown) => setCallbackError(error instanceof Error ? error : new Error(String(error))));
                }}
              >
                {t('Afmelden', 'Sign out')}
              </button>
            </>
          )}
        </nav>
      </header>
      <main id="main">
        <Suspense fallback={<Loading />}>
        {path === OIDC_CALLBACK_PATH && !callbackError ? (
          <Loading />
        ) : !session ? (
          <>
            <ErrorMessage error={callbackError} />
            <SignInPage />
          </>
        ) : session.role === 'COUNSELLOR' ? (
          <CounsellorApp path={path} />
        ) : session.role === 'HOUSEHOLD' ? (
          <HouseholdSelfPage householdId={session.org} />
        ) : session.role === 'OMBUDSMAN' ? (
          <OmbudsmanPage />
        ) : (
          <CreditorPage org={session.org} />
        )}
        </Suspense>
      </main>
    </>
  );
}
