// Search highlights arrive as HTML: matched words in <em>...</em>, everything else HTML-escaped. They are never
// given to innerHTML: this parser keeps the <em> marks and turns everything else back into plain text, which the
// page then renders with text nodes only.

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", nbsp: '\u00a0' };

function unescapeEntities(text) {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : whole;
  });
}

/** [{text, match}] pieces of a highlight snippet; any other tag is shown as the text it is. */
export function parseHighlight(snippet) {
  const pieces = [];
  const parts = String(snippet).split(/(<em>|<\/em>)/);
  let match = false;
  for (const part of parts) {
    if (part === '<em>') match = true;
    else if (part === '</em>') match = false;
    else if (part) pieces.push({ text: unescapeEntities(part), match });
  }
  return pieces;
}

/** Appends a snippet to an element as text nodes and <mark> elements. */
export function renderHighlight(element, snippet, doc = globalThis.document) {
  for (const piece of parseHighlight(snippet)) {
    if (piece.match) {
      const mark = doc.createElement('mark');
      mark.textContent = piece.text;
      element.appendChild(mark);
    } else {
      element.appendChild(doc.createTextNode(piece.text));
    }
  }
  return element;
}
