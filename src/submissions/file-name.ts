/** Longest stored file name, in characters (code points), as the `varchar(255)` columns count them. */
export const FILE_NAME_MAX_LENGTH = 255;

/**
 * Characters a stored file name must not contain: C0/C1 controls and DEL (`\p{Cc}`); the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), marks
 * (U+200E, U+200F, U+061C), which make "hoa-don\u202Efdp.exe" display as "hoa-donexe.pdf"; line and
 * paragraph separators; the byte-order mark and interlinear annotation controls; and lone
 * surrogates (`\p{Cs}`, not a character at all, and unencodable in a header).
 * Zero-width joiners stay: emoji sequences and some scripts need them.
 */
const FORBIDDEN = /[\p{Cc}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029\uFEFF\uFFF9-\uFFFB]/gu;

/** The longest extension kept when a long name is cut (".docx", ".xlsx", ".pdf", …). */
const MAX_EXTENSION = 16;

/** User-perceived characters (grapheme clusters) of `s`: a cut never splits an emoji or a base letter from its mark. */
function graphemes(s: string): string[] {
  return Array.from(new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(s), (g) => g.segment);
}

const codePoints = (s: string): number => Array.from(s).length;

/** The longest run of whole graphemes from the start of `s` within `max` code points. */
function cut(s: string, max: number): string {
  let out = '';
  let length = 0;
  for (const g of graphemes(s)) {
    const n = codePoints(g);
    if (length + n > max) break;
    out += g;
    length += n;
  }
  return out;
}

/**
 * The name to store for an uploaded file: the last path segment of what the client sent (either
 * slash), NFC, without control, bidirectional or other invisible formatting characters, trimmed,
 * and at most `max` code points, cut at a grapheme boundary (never inside a surrogate pair) and
 * keeping a short extension; `fallback` when nothing is left.
 */
export function storedFileName(raw: string, fallback: string, max = FILE_NAME_MAX_LENGTH): string {
  const segment = raw.replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = segment.normalize('NFC').replace(FORBIDDEN, '').trim();
  if (clean === '' || clean === '.' || clean === '..') return fallback;
  if (codePoints(clean) <= max) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 ? clean.slice(dot) : '';
  if (extension && codePoints(extension) <= MAX_EXTENSION && codePoints(extension) < max) {
    return cut(clean.slice(0, dot), max - codePoints(extension)).trimEnd() + extension;
  }
  return cut(clean, max).trimEnd();
}
