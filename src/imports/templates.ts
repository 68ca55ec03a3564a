// A blank template per record type and language: its headers are the fields' labels, which the
// import recognizes in either language. Spanish templates use the semicolon and a BOM, as Excel
// in Ecuador opens and saves them; English ones the comma.
import { stringify } from 'csv-stringify/sync';
import { en, es } from '../i18n/index.js';
import { FIELDS, type ImportType } from './fields.js';

export function templateCsv(type: ImportType, lang: 'es' | 'en'): string {
  const dictionary = (lang === 'es' ? es : en) as Record<string, string>;
  const headers = FIELDS[type].map((field) => dictionary[`imports.field.${field.name}`] ?? field.name);
  const delimiter = lang === 'es' ? ';' : ',';
  return `${lang === 'es' ? '\ufeff' : ''}${stringify([headers], { delimiter, record_delimiter: 'windows', escape_formulas: true })}`;
}
