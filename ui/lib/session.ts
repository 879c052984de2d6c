// The signed-in user: a bearer token kept in sessionStorage (per tab, gone when the tab closes),
// verified with GET /me before it is trusted. A 401 from any call ends the session.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../api/client';
import type { User } from '../api/types';

const TOKEN_KEY = 'agent-studio.token';

export type Session =
  | { status: 'checking' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; user: User; token: string };

let token: string | null = sessionStorage.getItem(TOKEN_KEY);
let session: Session = token ? { status: 'checking' } : { status: 'signed-out' };
const listeners = new Set<(s: Session) => void>();

function set(next: Session): void {
  session = next;
  for (const listener of listeners) listener(next);
}

export function currentToken(): string | null {
  return token;
}

/** Verifies the token with GET /me; stores it only when it works. */
export async function signIn(candidate: string): Promise<User> {
  const trimmed = candidate.trim();
  const user = await request<User>('GET', 'me', { token: trimmed });
  token = trimmed;
  sessionStorage.setItem(TOKEN_KEY, trimmed);
  set({ status: 'signed-in', user, token: trimmed });
  return user;
}

export function signOut(notice?: string): void {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  set(notice ? { status: 'signed-out', notice } : { status: 'signed-out' });
}

/** Called by the API client on any 401. */
export function sessionExpired(): void {
  if (session.status === 'signed-in') signOut('Your token was refused; sign in again.');
}

/** Re-checks a token restored from sessionStorage (page reload). */
async function restore(): Promise<void> {
  if (!token) return;
  try {
    const user = await request<User>('GET', 'me', { token });
    set({ status: 'signed-in', user, token });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signOut('Your saved token was refused; sign in again.');
    else signOut(error instanceof Error ? error.message : String(error));
  }
}
void restore();

export function useSession(): Session {
  const [value, setValue] = useState(session);
  useEffect(() => {
    listeners.add(setValue);
    setValue(session);
    return () => void listeners.delete(setValue);
  }, []);
  return value;
}
