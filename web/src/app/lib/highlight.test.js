import { describe, expect, it } from 'vitest';
import { parseHighlight } from './highlight.js';

describe('search highlights', () => {
  it('keeps the marks and unescapes the rest as text', () => {
    expect(parseHighlight('the <em>plan</em> for &lt;Friday&gt; &amp; more')).toEqual([
      { text: 'the ', match: false },
      { text: 'plan', match: true },
      { text: ' for <Friday> & more', match: false },
    ]);
  });

  it('never turns markup into elements: a script tag stays text', () => {
    const pieces = parseHighlight('&lt;script&gt;alert(1)&lt;/script&gt; <em>x</em><img src=x onerror=alert(1)>');
    expect(pieces.map((p) => p.text).join('')).toBe('<script>alert(1)</script> x<img src=x onerror=alert(1)>');
    expect(pieces.filter((p) => p.match).map((p) => p.text)).toEqual(['x']);
  });
});
