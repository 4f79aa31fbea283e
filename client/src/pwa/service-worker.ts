import { useSyncExternalStore } from 'react';

let updated = false;
const listeners = new Set<() => void>();

/**
 * Registers the service worker (production builds only: the dev server has no dist/sw.js). When a
 * new version takes over a page that was already controlled, the page learns it and offers a
 * reload: it never reloads by itself, so no one loses a vote or a question being typed.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController) return;
    updated = true;
    for (const l of listeners) l();
  });
  void navigator.serviceWorker.register('/sw.js').then((registration) => {
    // A day at the event is long: look for a new version every 30 minutes as well as at each load.
    setInterval(() => void registration.update().catch(() => undefined), 30 * 60 * 1000);
  });
}

/** True once a new version of the app is installed and this page still runs the old one. */
export function useUpdateAvailable(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => updated,
  );
}
