import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import './i18n/setup.ts';
// Shared styles in cascade order (tokens first; the shell last, as its print rules must win); each
// feature imports its own stylesheet from its page.
import './app/global.css';
import './components/controls.css';
import './components/badge.css';
import './components/layout.css';
import './components/table.css';
import './components/status.css';
import './components/overlay.css';
import './app/shell.css';
import { App } from './app/app.tsx';
import { SessionProvider } from './lib/session.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
