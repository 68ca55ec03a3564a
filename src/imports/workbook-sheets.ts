// Which record type a workbook's sheet holds, by its name in Spanish or English: accents, case,
// punctuation and plurals ignored ("Socios", "PARTNERS", "Organización", "Respuestas"). Pure.
import { searchableText } from '../shared/text.js';
import type { ImportType } from './fields.js';

/** The order a workbook's sheets import in: what a row refers to is imported before the row. */
export const SHEET_ORDER: readonly ImportType[] = ['partners', 'agreements', 'events', 'reviews'];

// Singular forms; a sheet name's words are compared with their plural endings dropped.
const WORDS: Record<ImportType, string[]> = {
  partners: ['socio', 'partner', 'organizacion', 'organization', 'organisation', 'contraparte'],
  events: ['evento', 'event', 'respuesta', 'response'],
  reviews: ['evaluacion', 'review', 'evaluation', 'calificacion', 'rating', 'desempeno', 'performance'],
  agreements: ['convenio', 'acuerdo', 'agreement', 'contrato', 'contract'],
};

// Names whose words point two ways, settled by how offices use them.
const PHRASES: Record<string, ImportType> = {
  'partner review': 'reviews',
  'evaluacion de socio': 'reviews',
  'partner agreement': 'agreements',
  'convenio con socio': 'agreements',
  'partner event': 'events',
  'evento de socio': 'events',
};

/** A word as compared: "Organizaciones" → "organizacion", "responses" → "response". */
function singular(word: string): string[] {
  return [word, word.replace(/s$/, ''), word.replace(/es$/, '')];
}

const typeOfWord = new Map<string, ImportType>(
  Object.entries(WORDS).flatMap(([type, words]) => words.map((word) => [word, type as ImportType])),
);

/** The record type a sheet's name reveals, or null when it reveals none or several. */
export function sheetType(name: string): ImportType | null {
  const words = searchableText(name).split(' ').filter(Boolean);
  const phrase = words.map((word) => singular(word).find((form) => typeOfWord.has(form)) ?? word).join(' ');
  const byPhrase = PHRASES[phrase];
  if (byPhrase) return byPhrase;
  const types = new Set(
    words.flatMap((word) => {
      const type = singular(word)
        .map((form) => typeOfWord.get(form))
        .find((t) => t !== undefined);
      return type ? [type] : [];
    }),
  );
  const [only, ...others] = types;
  return only !== undefined && others.length === 0 ? only : null;
}

/** Sheets in the order they import: by record type (see SHEET_ORDER), then as they were added. */
export function inImportOrder<Sheet extends { id: number; type: ImportType }>(sheets: Sheet[]): Sheet[] {
  return [...sheets].sort((a, b) => SHEET_ORDER.indexOf(a.type) - SHEET_ORDER.indexOf(b.type) || a.id - b.id);
}
