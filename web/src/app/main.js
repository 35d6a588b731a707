// The app shell: sign-in, the header, and hash routes (#/, #/d/<id>, #/d/<id>/history, #/d/<id>/published/<n>,
// #/audit). Hash routes need no server-side fallback: the service serves only index.html and its assets.
import { Api } from './lib/api.js';
import { completeOidcRedirect, configureOidc, currentSession, onSessionChange, signOut, token } from './lib/auth.js';
import { h, replaceChildren, announce } from './lib/dom.js';
import { loginView } from './views/login.js';
import { documentsView } from './views/documents.js';
import { documentView } from './views/document.js';
import { historyView } from './views/history.js';
import { publishedView } from './views/published.js';
import { auditView } from './views/audit.js';

const main = document.getElementById('main');
const top = document.getElementById('top');
let uiConfig = { auth: 'local' };
let cleanup = () => {};

export const api = new Api({
  token,
  onUnauthorized: () => {
    if (currentSession()) {
      announce('Your session has ended: please sign in again.', 'warning');
      signOut();
    }
  },
});

function renderHeader() {
  const session = currentSession();
  const auditor = session && (session.roles.includes('auditor') || session.roles.includes('admin'));
  replaceChildren(top,
    h('a', { href: '#/', class: 'brand' }, 'Sandstone'),
    session ? h('nav', { 'aria-label': 'Main' },
      h('a', { href: '#/' }, 'Documents'),
      auditor ? h('a', { href: '#/audit' }, 'Audit') : null) : null,
    session ? h('div', { class: 'who' },
      h('span', { 'data-testid': 'signed-in-user' }, session.name),
      h('button', { type: 'button', class: 'secondary', onclick: () => signOut() }, 'Sign out')) : null);
}

async function route() {
  cleanup();
  cleanup = () => {};
  renderHeader();
  const session = currentSession();
  if (!session) {
    replaceChildren(main, loginView(uiConfig));
    return;
  }
  const path = (location.hash || '#/').slice(1);
  const context = { api, session, main, navigate: (to) => { location.hash = to; }, setCleanup: (fn) => { cleanup = fn; } };
  let m;
  try {
    if ((m = path.match(/^\/d\/([^/]+)\/history$/))) await historyView(context, decodeURIComponent(m[1]));
    else if ((m = path.match(/^\/d\/([^/]+)\/published\/(\d+)$/))) await publishedView(context, decodeURIComponent(m[1]), Number(m[2]));
    else if ((m = path.match(/^\/d\/([^/]+)$/))) await documentView(context, decodeURIComponent(m[1]));
    else if (path === '/audit') await auditView(context);
    else await documentsView(context);
  } catch (error) {
    replaceChildren(main, h('div', { class: 'error-page', role: 'alert' },
      h('h1', {}, error.status === 404 ? 'Not found' : error.status === 403 ? 'Not allowed' : 'Something went wrong'),
      h('p', {}, error.friendly || error.message),
      h('p', {}, h('a', { href: '#/' }, 'Back to the documents'))));
  }
}

async function start() {
  try {
    const response = await fetch('/api/ui-config');
    if (response.ok) uiConfig = await response.json();
  } catch { /* keep the local default */ }
  if (uiConfig.auth === 'oidc') {
    configureOidc(uiConfig);
    try {
      await completeOidcRedirect();
    } catch (error) {
      announce(`Sign-in failed: ${error.message}`, 'error');
    }
  }
  onSessionChange(() => route());
  window.addEventListener('hashchange', () => route());
  route();
}

start();
