import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from './format';

/**
 * Dutch by default, English on request. Each text is written in both languages where it is
 * used (`t('Mijn huishoudens', 'My households')`), so no key can go missing.
 */
export type { Lang } from './format';

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(nl: string, en: string): string;
}

const LANG_KEY = 'totaalbeeld.lang';
const I18nContext = createContext<I18n>({ lang: 'nl', setLang: () => undefined, t: (nl) => nl });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'nl'));
  useEffect(() => {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (nl, en) => (lang === 'nl' ? nl : en) }), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export { dayBefore, formatDate, formatDateTime, formatEuros, parseEuros, today } from './format';
