// Who is signed in. The access token lives in memory only (this module's variable): nothing is written to
// localStorage, sessionStorage or a cookie, so a script injected into the page later cannot read a stored token,
// and closing the tab ends the session. The cost: a reload signs in again (in the local default, the name form;
// with OIDC, a redirect that the provider's own session usually answers without asking anything).
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';

let session = null; // {token, userId, roles}
let manager = null; // oidc-client-ts UserManager in OIDC mode
const listeners = new Set();

export function currentSession() { return session; }
export function token() { return session ? session.token : null; }
export function onSessionChange(listener) { listeners.add(listener); }

function setSession(next) {
  session = next;
  for (const listener of listeners) listener(session);
}

/** The claims of a JWT, for display only (the server checks the signature; we never trust these for access). */
export function claims(jwt) {
  const part = String(jwt).split('.')[1] || '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function sessionFromToken(accessToken) {
  const c = claims(accessToken);
  const roles = Array.isArray(c.roles) ? c.roles : [];
  return { token: accessToken, userId: c.sub, name: c.preferred_username || c.sub, roles };
}

/** Local default: POST /local/token {"sub": user}. */
export async function signInLocal(userId, roles = []) {
  const response = await fetch('/local/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(roles.length ? { sub: userId, roles } : { sub: userId }),
  });
  if (!response.ok) {
    let detail = `Sign-in failed (${response.status})`;
    try { detail = (await response.json()).detail || detail; } catch { /* not JSON */ }
    throw new Error(detail);
  }
  const body = await response.json();
  setSession(sessionFromToken(body.access_token));
  return session;
}

/** OIDC: authorization code + PKCE. The user store is in memory; only the short-lived PKCE state is stored. */
export function configureOidc(config) {
  manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${location.origin}/`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: config.scope || 'openid',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true, // with a refresh token: refreshed before it expires, without a redirect
  });
  manager.events.addUserLoaded((user) => setSession(sessionFromToken(user.access_token)));
  manager.events.addAccessTokenExpired(() => setSession(null));
  manager.events.addSilentRenewError(() => setSession(null));
}

/** Finishes a redirect back from the provider, if this page load is one; returns the hash route to restore. */
export async function completeOidcRedirect() {
  const params = new URLSearchParams(location.search);
  if (!manager || !params.has('code') || !params.has('state')) return null;
  const user = await manager.signinRedirectCallback();
  history.replaceState(null, '', `${location.pathname}${typeof user.state === 'string' ? user.state : ''}`);
  setSession(sessionFromToken(user.access_token));
  return user.state;
}

export async function signInOidc() {
  await manager.signinRedirect({ state: location.hash });
}

export async function signOut() {
  const wasOidc = manager && session;
  setSession(null);
  if (wasOidc) {
    await manager.signoutRedirect();
  }
}
