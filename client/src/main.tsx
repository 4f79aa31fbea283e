// First: configures zod before any schema of the app is made.
import './zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import './styles.css';
import { App } from './App.tsx';
import { registerServiceWorker } from './pwa/service-worker.ts';
import { UpdateBanner } from './pwa/UpdateBanner.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
      <UpdateBanner />
    </StrictMode>,
  );
}

registerServiceWorker();
