import { h, replaceChildren, announce } from '../lib/dom.js';

const ROLES = ['viewer', 'editor', 'publisher'];

/** The share dialog: members with their roles; add, change, revoke. A native <dialog>: Escape closes it. */
export function openShareDialog({ api, documentId, onChanged = () => {} }) {
  const list = h('ul', { class: 'members' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const userInput = h('input', { id: 'share-user', required: true, autocomplete: 'off' });
  const roleSelect = h('select', { id: 'share-role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'editor' }, r)));

  async function refresh() {
    const members = await api.members(documentId);
    replaceChildren(list, members.items.map((member) => {
      if (member.role === 'owner') return h('li', {}, h('span', { class: 'member' }, member.userId), ' owner');
      const select = h('select', {
        'aria-label': `Role of ${member.userId}`,
        onchange: () => act(() => api.grant(documentId, member.userId, select.value), `${member.userId} is now ${select.value}.`),
      }, ROLES.map((r) => h('option', { value: r, selected: r === member.role }, r)));
      return h('li', {}, h('span', { class: 'member' }, member.userId), ' ', select, ' ',
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Revoke ${member.userId}`,
          onclick: () => act(() => api.revoke(documentId, member.userId), `${member.userId} no longer has access.`) }, 'Revoke'));
    }));
  }

  async function act(action, message) {
    error.textContent = '';
    try {
      await action();
      announce(message);
      await refresh();
      onChanged();
    } catch (failure) {
      error.textContent = failure.friendly || failure.message;
    }
  }

  const dialog = h('dialog', { 'data-testid': 'share-dialog', 'aria-labelledby': 'share-heading' },
    h('h2', { id: 'share-heading' }, 'Share'),
    list,
    h('form', {
      class: 'share-add',
      onsubmit: (event) => {
        event.preventDefault();
        const userId = userInput.value.trim();
        act(() => api.grant(documentId, userId, roleSelect.value), `${userId} is now ${roleSelect.value}.`)
          .then(() => { userInput.value = ''; });
      },
    }, h('label', { for: 'share-user' }, 'User'), userInput,
    h('label', { for: 'share-role' }, 'Role'), roleSelect,
    h('button', { type: 'submit', 'data-testid': 'share-add' }, 'Add')),
    error,
    h('form', { method: 'dialog' }, h('button', { type: 'submit', class: 'secondary' }, 'Close')));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  refresh().catch((failure) => { error.textContent = failure.friendly || failure.message; });
  return dialog;
}
