// What a user leaves in this browser's localStorage: every key under `qingyuan.` belongs to the
// signed-in user (call drafts hold corrected names and numbers) and is removed at logout, so the
// next person at a shared desk finds none of it. Device preferences listed in KEEP stay.
const PREFIX = 'qingyuan.';
const KEEP: ReadonlySet<string> = new Set(['qingyuan.language']);
// Field entries typed offline and not yet sent (features/field): signing out must not lose what
// was typed in the field; they are sent when the same user signs in again (the queue is per user).
const KEEP_PREFIXES = ['qingyuan.field.queue.'];

export function clearUserData(): void {
  try {
    const doomed: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(PREFIX) && !KEEP.has(key) && !KEEP_PREFIXES.some((p) => key.startsWith(p)))
        doomed.push(key);
    }
    for (const key of doomed) localStorage.removeItem(key);
  } catch {
    // storage disabled: nothing was kept
  }
}
