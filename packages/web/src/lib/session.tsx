// The signed-in user, shared by the shell, the route guards and the login page. The session
// itself is an httpOnly cookie the browser never sees; this only mirrors GET /auth/me.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role, User as ApiUser } from '@qingyuan/contract/auth';
import { ApiError, apiRequest, onUnauthenticated } from './api-client.ts';
import { clearUserData } from './user-storage.ts';

export type { Role } from '@qingyuan/contract/auth';

/**
 * The signed-in person as /auth/login and /auth/me answer. Both are for people only (an
 * integration token never gets a browser session), so the role is one of theirs.
 */
export type User = ApiUser & { role: Role };

type Session =
  | { status: 'loading'; user: null }
  | { status: 'anonymous'; user: null }
  | { status: 'authenticated'; user: User };

type SessionContextValue = {
  session: Session;
  login: (username: string, password: string) => Promise<User>;
  /** First login (or after a reset): the one-time code from an admin sets the password. */
  setupPassword: (username: string, code: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
};

const SessionContext = createContext<SessionContextValue | null>(null);

// under qingyuan.: removed at logout with the rest of the user's data (user-storage.ts)
const USER_KEY = 'qingyuan.session.user';

function rememberUser(user: User): void {
  try {
    localStorage.setItem(USER_KEY, JSON.stringify(user));
  } catch {
    // storage disabled: no offline start
  }
}

function rememberedUser(): User | null {
  try {
    const raw = localStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as User) : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading', user: null });

  useEffect(() => {
    const controller = new AbortController();
    apiRequest<{ user: User }>('/api/v1/auth/me', { signal: controller.signal, isAuthAttempt: true }).then(
      ({ user }) => {
        rememberUser(user);
        setSession({ status: 'authenticated', user });
      },
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        // No signal (a phone in the field): the last user seen on this device carries on with the
        // pages that work offline; the API still asks for the session cookie on every request.
        const remembered = cause instanceof ApiError && cause.code === 'network' ? rememberedUser() : null;
        if (remembered) return setSession({ status: 'authenticated', user: remembered });
        // Any failure here (401, server down) means we cannot show data: go to the login page.
        if (!(cause instanceof ApiError) || cause.status !== 401) console.warn('auth/me failed', cause);
        setSession({ status: 'anonymous', user: null });
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => onUnauthenticated(() => setSession({ status: 'anonymous', user: null })), []);

  const login = useCallback(async (username: string, password: string) => {
    const { user } = await apiRequest<{ user: User }>('/api/v1/auth/login', {
      method: 'POST',
      body: { username, password },
      isAuthAttempt: true,
    });
    rememberUser(user);
    setSession({ status: 'authenticated', user });
    return user;
  }, []);

  const setupPassword = useCallback(async (username: string, code: string, password: string) => {
    const { user } = await apiRequest<{ user: User }>('/api/v1/auth/setup-password', {
      method: 'POST',
      body: { username, code, password },
      isAuthAttempt: true,
    });
    setSession({ status: 'authenticated', user });
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiRequest<void>('/api/v1/auth/logout', { method: 'POST', isAuthAttempt: true });
    } finally {
      // call drafts and anything else of this user's in localStorage: not for the next person
      clearUserData();
      setSession({ status: 'anonymous', user: null });
    }
  }, []);

  const value = useMemo(
    () => ({ session, login, setupPassword, logout }),
    [session, login, setupPassword, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind the auth guard. */
export function useCurrentUser(): User {
  const { session } = useSession();
  if (session.status !== 'authenticated') throw new Error('useCurrentUser used outside the auth guard');
  return session.user;
}
