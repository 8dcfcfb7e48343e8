/**
 * Text helpers for the report charts. SVG has no text layout, so widths are estimated from
 * per-character advances of DejaVu Sans (the font the charts ask for first, and a wide one): an
 * overestimate keeps labels apart in narrower fonts too. The browser test measures the real boxes.
 */
export const FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif';

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Advance of one character in em (DejaVu Sans, rounded up). */
function advance(ch: string): number {
  if (/[ijlI.,:;|!'’]/.test(ch)) return 0.34;
  if (/[mwMW@%—]/.test(ch)) return 1.0;
  if (/[A-Z]/.test(ch)) return 0.76;
  if (/[0-9]/.test(ch)) return 0.66;
  if (ch === ' ') return 0.34;
  if (/[\u3000-\u9fff]/.test(ch)) return 1.05;
  return 0.64;
}

export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += advance(ch);
  return Math.ceil(em * fontSize);
}

/** Greedy word wrap to `maxWidth`; a word longer than the line stays whole (callers size for it). */
export function wrapText(text: string, fontSize: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

export function longestWord(text: string, fontSize: number): number {
  return Math.max(0, ...text.split(/\s+/).map((w) => textWidth(w, fontSize)));
}

/** A `<text>` element, one `<tspan>` per line, `lineHeight` apart. */
export function textLines(
  lines: string[],
  x: number,
  y: number,
  opts: { size: number; anchor?: 'start' | 'middle' | 'end'; weight?: string; cls?: string; fill?: string },
): string {
  const attrs = [`x="${x}"`, `y="${y}"`, `font-size="${opts.size}"`];
  if (opts.anchor && opts.anchor !== 'start') attrs.push(`text-anchor="${opts.anchor}"`);
  if (opts.weight) attrs.push(`font-weight="${opts.weight}"`);
  if (opts.cls) attrs.push(`class="${opts.cls}"`);
  if (opts.fill) attrs.push(`fill="${opts.fill}"`);
  const lh = Math.round(opts.size * 1.25);
  const spans = lines.map((l, i) => (i === 0 ? escapeXml(l) : `<tspan x="${x}" dy="${lh}">${escapeXml(l)}</tspan>`));
  return `<text ${attrs.join(' ')}>${spans.join('')}</text>`;
}

export function lineHeight(size: number): number {
  return Math.round(size * 1.25);
}
