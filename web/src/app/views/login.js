import { h } from '../lib/dom.js';
import { signInLocal, signInOidc } from '../lib/auth.js';

export function loginView(config) {
  if (config.auth === 'oidc') {
    return h('section', { class: 'login', 'aria-labelledby': 'login-heading' },
      h('h1', { id: 'login-heading' }, 'Sign in to Sandstone'),
      h('p', {}, 'You sign in with your organisation\'s account.'),
      h('button', { type: 'button', 'data-testid': 'login-submit', onclick: () => signInOidc() }, 'Sign in'));
  }
  if (config.auth !== 'local') {
    return h('section', { class: 'login', role: 'alert' },
      h('h1', {}, 'Sign-in is not configured'),
      h('p', {}, 'This service has no OpenID Connect issuer configured for its web app (sandstone.web.oidc.issuer).'));
  }
  const error = h('p', { class: 'form-error', role: 'alert', id: 'login-error' });
  const user = h('input', { id: 'login-user', name: 'user', 'data-testid': 'login-user', required: true,
    autocomplete: 'username', 'aria-describedby': 'login-help login-error' });
  const auditor = h('input', { id: 'login-auditor', type: 'checkbox' });
  const form = h('form', {
    class: 'login',
    'aria-labelledby': 'login-heading',
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        await signInLocal(user.value.trim(), auditor.checked ? ['auditor'] : []);
      } catch (failure) {
        error.textContent = failure.message;
      }
    },
  },
  h('h1', { id: 'login-heading' }, 'Sign in to Sandstone'),
  h('p', { id: 'login-help' }, 'Local development sign-in: any user name, no password. Your token stays in this tab\'s memory only.'),
  h('label', { for: 'login-user' }, 'User name'),
  user,
  h('label', { class: 'inline' }, auditor, ' Sign in as an auditor'),
  error,
  h('button', { type: 'submit', 'data-testid': 'login-submit' }, 'Sign in'));
  setTimeout(() => user.focus(), 0);
  return form;
}
