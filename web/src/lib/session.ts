// The signed-in token: in sessionStorage only (gone with the tab; never in a URL, never logged), and why a
// session ended, for the sign-in page to say.
import { useSyncExternalStore } from 'react';

const TOKEN_KEY = 'user-csv-sync.token';

export interface Session {
  token: string | null;
  /** Shown on the sign-in page: why the user is there again (e.g. the token was revoked). */
  notice: string | null;
  /** The user signed out themselves: the next sign-in starts on its own home page, not on the last page. */
  signedOut: boolean;
}

let session: Session = { token: readToken(), notice: null, signedOut: false };
const listeners = new Set<() => void>();

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function set(next: Session): void {
  session = next;
  try {
    if (next.token) sessionStorage.setItem(TOKEN_KEY, next.token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (privacy mode): the token lives in memory for this page.
  }
  listeners.forEach((listener) => listener());
}

export function currentToken(): string | null {
  return session.token;
}

export function signIn(token: string): void {
  set({ token, notice: null, signedOut: false });
}

/** Ends the session; with a notice when it was not the user's choice (e.g. the token was revoked). */
export function signOut(notice: string | null = null): void {
  set({ token: null, notice, signedOut: notice === null });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session {
  return useSyncExternalStore(subscribe, () => session);
}
