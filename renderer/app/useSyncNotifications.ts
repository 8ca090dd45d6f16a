import { useEffect, useRef } from 'react';
import { call, onEvent } from '../api/client';

const KEY = 'ml-connector.notifications';

/** Whether the user wants desktop notifications (on unless turned off; the browser's permission still applies). */
export function notificationsWanted(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}
export function setNotificationsWanted(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // storage unavailable: the choice lasts this session only
  }
}

/**
 * Desktop notifications through the Web Notification API (Electron and Chromium alike): when a sync run fails,
 * and when more settlements wait for review than before. Reads jobs.attention when the jobs change; what was
 * already so when the app opened is not announced.
 */
export function useSyncNotifications(): void {
  const seen = useRef<{ failed: Set<number>; waiting: number } | null>(null);
  useEffect(() => {
    let busy = false;
    const look = async () => {
      if (busy) return;
      busy = true;
      try {
        const a = await call('jobs.attention', {});
        const before = seen.current;
        seen.current = { failed: new Set(a.failedRuns.map((r) => r.id)), waiting: a.waitingForReview };
        if (!before || !notificationsWanted() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
        for (const r of a.failedRuns) {
          if (before.failed.has(r.id)) continue;
          new Notification(`Sync failed: ${r.jobName}`, { body: r.error ?? 'The run stopped; see Jobs.', tag: `run-${r.id}` });
        }
        if (a.waitingForReview > before.waiting) {
          const n = a.waitingForReview;
          new Notification(`${n} settlement${n === 1 ? '' : 's'} waiting for review`, { body: 'Open Review to check and approve them.', tag: 'waiting-for-review' });
        }
      } catch {
        // the next change looks again
      } finally {
        busy = false;
      }
    };
    void look();
    return onEvent((e) => {
      if (e.type === 'changed' && e.topic === 'jobs') void look();
    });
  }, []);
}
