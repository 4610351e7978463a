import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format.ts';

type PagerProps = {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
};

export function Pager({ page, pageSize, total, onPage }: PagerProps) {
  const { t, i18n } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label="pagination">
      <span className="pager__total" data-testid="total">
        {t('common.total', { total: formatNumber(total, i18n.language) })}
      </span>
      <span className="pager__spacer" />
      <button
        type="button"
        className="button button--ghost"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        {t('common.prev')}
      </button>
      <span className="pager__page">
        {t('common.pageOf', {
          page: formatNumber(page, i18n.language),
          pages: formatNumber(pages, i18n.language),
        })}
      </span>
      <button
        type="button"
        className="button button--ghost"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t('common.next')}
      </button>
    </nav>
  );
}
