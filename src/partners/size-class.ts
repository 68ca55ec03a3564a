// Organization size by paid staff headcount (Reglamento al COPCI, art. 106). The bands are
// methodology parameters, not constants: the defaults below are PRODUCT.md's "BPI_GN default".

export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** Lowest headcount of each class above micro (micro starts at 0). */
export interface SizeBands {
  smallMin: number;
  mediumMin: number;
  largeMin: number;
}

export const DEFAULT_SIZE_BANDS: SizeBands = { smallMin: 10, mediumMin: 50, largeMin: 200 };
export const DEFAULT_SMALL_CLASSES: readonly SizeClass[] = ['micro', 'small'];

export function sizeClassOf(staffCount: number, bands: SizeBands = DEFAULT_SIZE_BANDS): SizeClass {
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

/** The headcount range of a class, so lists can filter by class with an indexed range query. */
export function staffRangeOf(
  sizeClass: SizeClass,
  bands: SizeBands = DEFAULT_SIZE_BANDS,
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
