// Accent-, case- and punctuation-insensitive forms of text, computed when a row is written so
// that searching stays a plain, portable LIKE over an indexed column.

// Plain ASCII has no accents to fold: most cells of a large file skip the Unicode decomposition.
const ASCII = /^[\x20-\x7e]*$/;

function foldAccentsAndCase(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words separated by single spaces: "Asociación S.O.S-Norte" → "asociacion s o s norte". */
export function searchableText(text: string): string {
  return foldAccentsAndCase(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Identity of a name for duplicate detection: "Fundación Manos-Unidas" → "fundacionmanosunidas". */
export function nameKey(name: string): string {
  return foldAccentsAndCase(name).replace(/[^\p{L}\p{N}]+/gu, '');
}
