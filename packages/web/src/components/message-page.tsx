// Full-panel messages: "coming soon", "no access", "not found".
import type { ReactNode } from 'react';

export function MessagePage({
  icon,
  title,
  body,
  hint,
  tone = 'info',
}: {
  icon: ReactNode;
  title: string;
  body: string;
  hint?: ReactNode;
  tone?: 'info' | 'warning';
}) {
  return (
    <section className={`message-page message-page--${tone}`} data-testid="message-page">
      <div className="message-page__icon" aria-hidden="true">
        {icon}
      </div>
      <h1 className="message-page__title">{title}</h1>
      <p className="message-page__body">{body}</p>
      {hint ? <div className="message-page__hint">{hint}</div> : null}
    </section>
  );
}
