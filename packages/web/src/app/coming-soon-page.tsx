import { useTranslation } from 'react-i18next';
import { LineIcon } from '../components/line-icon.tsx';
import { MessagePage } from '../components/message-page.tsx';
import type { NavKey } from './navigation.ts';

export function ComingSoonPage({ page }: { page: NavKey }) {
  const { t } = useTranslation();
  return (
    <MessagePage
      icon={<LineIcon name="tools" />}
      title={t('comingSoon.title')}
      body={t('comingSoon.body', { page: t(`nav.${page}`) })}
      hint={t('comingSoon.hint')}
    />
  );
}
