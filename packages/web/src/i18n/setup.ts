// i18next with zh-CN first. The choice is remembered per browser; <html lang> and the tab title
// follow it so the CJK font stack and screen readers pick the right language.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

// A feature may keep its own strings beside it (features/<f>/i18n/zh-CN.json and en.json, each with
// one top-level key named after the feature), so features grow without editing one shared file.
const featureFiles = import.meta.glob<Record<string, unknown>>('../features/*/i18n/*.json', {
  eager: true,
  import: 'default',
});

function withFeatures(base: Record<string, unknown>, language: Language): Record<string, unknown> {
  const merged = { ...base };
  for (const [path, strings] of Object.entries(featureFiles)) {
    if (!path.endsWith(`/${language}.json`)) continue;
    for (const [key, value] of Object.entries(strings)) {
      if (key in merged) throw new Error(`i18n key ${key} of ${path} is defined twice`);
      merged[key] = value;
    }
  }
  return merged;
}

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'qingyuan.language';

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyToDocument(language: string): void {
  document.documentElement.lang = language;
  document.title = i18n.t('app.documentTitle');
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: withFeatures(zhCN, 'zh-CN') },
    en: { translation: withFeatures(en, 'en') },
  },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
  returnNull: false,
});

applyToDocument(i18n.language);
i18n.on('languageChanged', (language) => {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  applyToDocument(language);
});

export default i18n;
