// The only way this app makes elements: every string becomes a text node or an attribute value, never markup.

/**
 * h('button', {class: 'x', onclick: fn, 'data-testid': 'y'}, 'text', child, ...). Attribute values are set with
 * setAttribute (so no markup is parsed); on* keys attach listeners; null/false children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'value') {
      element.value = value;
    } else if (key === 'checked' || key === 'disabled' || key === 'selected' || key === 'readOnly') {
      element[key] = Boolean(value);
    } else if (key === 'style') {
      throw new Error('Inline styles are blocked by the Content-Security-Policy: use a class');
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A date-time as people read it, in their locale; the ISO value goes in the title for exactness. */
export function time(iso) {
  if (!iso) return h('span', {}, '');
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, Number.isNaN(date.getTime()) ? iso : date.toLocaleString());
}

/** A short status message for screen readers and eyes (role=status, polite). */
export function announce(message, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const toast = h('div', { class: `toast toast-${kind}` }, message);
  region.appendChild(toast);
  setTimeout(() => toast.remove(), kind === 'error' ? 8000 : 4000);
}

/** Eight colours that stay distinguishable; a user always gets the same one. */
export function colourIndex(userId) {
  let hash = 0;
  for (const ch of String(userId)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 8;
}
