// Organization size by paid staff headcount. The legal bands are the Reglamento al COPCI's (art. 106);
// a scoring methodology may use others (the bands are its parameters), and its default bands are these.
// `sizeClassOf` is the one TypeScript rule and `sizeClassSql` (size-class-sql.ts) the one SQL rule:
// every page, export and API classifies through them with the bands it names.

export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** Lowest headcount of each class above micro (micro is every headcount below `smallMin`). */
export interface SizeBands {
  smallMin: number;
  mediumMin: number;
  largeMin: number;
}

/** Reglamento al COPCI, art. 106, by workers: micro 1–9, small 10–49, medium 50–199, large 200 or more. */
export const COPCI_SIZE_BANDS: SizeBands = { smallMin: 10, mediumMin: 50, largeMin: 200 };

/** BPI_GN's small partner: a micro or small organization. */
export const DEFAULT_SMALL_CLASSES: readonly SizeClass[] = ['micro', 'small'];

/** How a page sorts partners by size: the bands, and the classes that make a small partner. */
export interface SizeClassification {
  sizeBands: SizeBands;
  smallClasses: readonly SizeClass[];
}

/** The legal bands with BPI_GN's small partner (the partner register's classification). */
export const COPCI_CLASSIFICATION: SizeClassification = {
  sizeBands: COPCI_SIZE_BANDS,
  smallClasses: DEFAULT_SMALL_CLASSES,
};

export function sizeClassOf(staffCount: number, bands: SizeBands = COPCI_SIZE_BANDS): SizeClass {
  if (staffCount >= bands.largeMin) return 'large';
  if (staffCount >= bands.mediumMin) return 'medium';
  if (staffCount >= bands.smallMin) return 'small';
  return 'micro';
}

export function isSmallClass(
  sizeClass: SizeClass,
  smallClasses: readonly SizeClass[] = DEFAULT_SMALL_CLASSES,
): boolean {
  return smallClasses.includes(sizeClass);
}

/** Whether a headcount makes a small partner under a classification. */
export function isSmallStaff(staffCount: number, classification: SizeClassification): boolean {
  return isSmallClass(sizeClassOf(staffCount, classification.sizeBands), classification.smallClasses);
}

/** The headcount range of a class, so lists can filter by class with an indexed range query. */
export function staffRangeOf(
  sizeClass: SizeClass,
  bands: SizeBands = COPCI_SIZE_BANDS,
): { min: number; max: number | null } {
  switch (sizeClass) {
    case 'micro':
      return { min: 0, max: bands.smallMin - 1 };
    case 'small':
      return { min: bands.smallMin, max: bands.mediumMin - 1 };
    case 'medium':
      return { min: bands.mediumMin, max: bands.largeMin - 1 };
    case 'large':
      return { min: bands.largeMin, max: null };
  }
}

/** A headcount range; null is open (micro has no lower bound, large no upper one). */
export interface StaffRange {
  min: number | null;
  max: number | null;
}

/**
 * The headcount ranges that make a small partner, adjacent classes joined, lowest first: micro and
 * small give one range, "up to mediumMin − 1", which an index on the headcount answers directly.
 */
export function smallStaffRanges(classification: SizeClassification): StaffRange[] {
  const ranges: StaffRange[] = [];
  for (const sizeClass of SIZE_CLASSES) {
    if (!classification.smallClasses.includes(sizeClass)) continue;
    const { min, max } = staffRangeOf(sizeClass, classification.sizeBands);
    const range = { min: sizeClass === 'micro' ? null : min, max };
    const last = ranges.at(-1);
    if (last && last.max !== null && range.min === last.max + 1) last.max = range.max;
    else ranges.push(range);
  }
  return ranges;
}
