import i18next from 'i18next';
import { initReactI18next, Trans, useTranslation } from 'react-i18next';
import { en } from './en';

/**
 * The studio's text. Every string the user reads is in `en.ts` (English only for now); other
 * languages are another resource beside it. Counts go through i18next's plural rules
 * (`key_one` / `key_other`, chosen with Intl.PluralRules for the language), so "1 row" and
 * "2 rows" come out right in every language. Initialised synchronously on import, so a
 * component (or a test) that imports this module has its text on the first render.
 */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: en } },
  initAsync: false,
  interpolation: {
    // React escapes what it renders; escaping here would show "&amp;" in names.
    escapeValue: false,
  },
  returnNull: false,
});

/** The text direction of the interface language (source data gets `dir="auto"` on its own). */
export function interfaceDirection(language: string = i18n.language): 'ltr' | 'rtl' {
  return i18n.dir(language);
}

/** `t` outside React (stores, formatters). */
export const t = i18n.t.bind(i18n);

export { Trans, useTranslation };
