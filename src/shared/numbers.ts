/**
 * Reads a number as people in Ecuador and elsewhere type it: "1500", "1.500", "1,500",
 * "12,5", "12.5", "1.500,75", "1,500.75". Returns null for blank text and the text itself when
 * it is not a number, so the schema can say so.
 */
export function parseLocaleNumber(text: string): number | string | null {
  const compact = text.replace(/[\s\u00a0$]/g, '');
  if (compact === '') return null;
  let normalized = compact;
  if (/^-?[1-9]\d{0,2}([.,]\d{3})+$/.test(compact) && !/^-?[1-9]\d{0,2}[.,]\d{3}$/.test(compact)) {
    // Two or more groups of three: the separators are thousands ("1.500.000").
    normalized = compact.replace(/[.,]/g, '');
  } else if (/^-?[1-9]\d{0,2}(\.\d{3})+,\d+$/.test(compact)) {
    normalized = compact.replace(/\./g, '').replace(',', '.');
  } else if (/^-?[1-9]\d{0,2}(,\d{3})+\.\d+$/.test(compact)) {
    normalized = compact.replace(/,/g, '');
  } else if (/^-?[1-9]\d{0,2}\.\d{3}$/.test(compact)) {
    // "1.500": a Spanish thousands separator, never a decimal point with three places.
    normalized = compact.replace('.', '');
  } else if (/^-?[1-9]\d{0,2},\d{3}$/.test(compact)) {
    normalized = compact.replace(',', '');
  } else if (/^-?\d+,\d+$/.test(compact)) {
    normalized = compact.replace(',', '.');
  }
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : text;
}
