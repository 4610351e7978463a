import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export function CustomerSearchBar({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  // Back/forward changes the URL under us: show what is actually being searched.
  useEffect(() => setText(value), [value]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(text.trim());
  }

  return (
    <form className="search-bar" role="search" onSubmit={onSubmit}>
      <label className="search-bar__field">
        <span className="visually-hidden">{t('customers.searchLabel')}</span>
        <svg className="search-bar__icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
          <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M20 20l-4-4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <input
          className="input search-bar__input"
          type="search"
          name="q"
          value={text}
          placeholder={t('customers.searchPlaceholder')}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <button type="submit" className="button button--primary">
        {t('common.search')}
      </button>
      <button
        type="button"
        className="button button--ghost"
        disabled={text === '' && value === ''}
        onClick={() => {
          setText('');
          onSearch('');
        }}
      >
        {t('common.reset')}
      </button>
    </form>
  );
}
