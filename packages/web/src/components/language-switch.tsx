import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../i18n/setup.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const labels: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };
  return (
    <div className="lang-switch" role="group" aria-label={t('topbar.language')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className={`lang-switch__option${i18n.language === language ? ' is-active' : ''}`}
          aria-pressed={i18n.language === language}
          onClick={() => void i18n.changeLanguage(language)}
        >
          {labels[language]}
        </button>
      ))}
    </div>
  );
}
