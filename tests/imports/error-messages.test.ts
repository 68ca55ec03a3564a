// The ten most common faults of a spreadsheet row, word for word in both languages: each says the
// row as the sheet numbers it, the column as headed in the file, the value found and what would be
// accepted.
import type { Express } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addPartner, apiClient, bearerFor, testApp } from '../helpers/app.js';

let app: Express;
let db: Db;
let officer: ReturnType<typeof apiClient>;

beforeAll(async () => {
  ({ app, db } = await testApp());
  officer = apiClient(app, await bearerFor(db, 'officer'));
  await addPartner(db, { name: 'Fundación Niñez del Carchi', ruc: '1790085783001' });
});

const PARTNERS = [
  'Nombre;Tipo de organización;Personal remunerado;Territorios;Tipos de asistencia;Correo de contacto',
  'Red Uno;ONG nacional;;Quito;Salud;',
  'Red Dos;ONG nacional;doce;Quito;Salud;',
  'Red Tres;ONG nacional;-3;Quito;Salud;',
  'Red Cuatro;ONG nacional;4;Quito;Salud;juan@',
  'Red Cinco;ONG nacional;5;Quito;Salud;',
  'Red Cinco;ONG nacional;5;Quito;Salud;',
].join('\r\n');

const EVENTS = [
  'RUC del socio;Socio;Territorio;Tipo de asistencia;Fecha de solicitud;Hora de solicitud',
  '1790085783001;;Tulcán;Salud;31/02/2026;08:00',
  '1790085783001;;Tulcán;Salud;03/25/2026;08:00',
  '1790085783001;;Tulcán;Salud;25/03/2026;25:00',
  '0999999999001;;Tulcán;Salud;25/03/2026;08:00',
  ';Fundación Fantasma;Tulcán;Salud;25/03/2026;08:00',
].join('\r\n');

async function sentences(type: string, text: string, lang: 'es' | 'en'): Promise<string[]> {
  const res = await officer
    .post(`/api/v1/imports?type=${type}`)
    .set('Accept-Language', lang)
    .attach('file', Buffer.from(text, 'utf8'), `${type}.csv`)
    .expect(200);
  return (res.body as { rejections: { text: string }[] }).rejections.map((issue) => issue.text);
}

describe('the ten most common faults', () => {
  it('reads each partner-row fault as a sentence in Spanish', async () => {
    expect(await sentences('partners', PARTNERS, 'es')).toEqual([
      'Fila 2, columna «Personal remunerado»: la celda está vacía; escriba un número (por ejemplo 12)',
      'Fila 3, columna «Personal remunerado»: «doce» no es un número; escriba solo cifras (por ejemplo 12 o 1.234,50)',
      'Fila 4, columna «Personal remunerado»: «-3» es menor que el mínimo; escriba un número de 0 o más',
      'Fila 5, columna «Correo de contacto»: «juan@» no es un correo válido; escriba uno como nombre@organizacion.org',
      'Fila 7, columna «Nombre»: repite el registro de la fila 6; deje una sola fila por registro',
    ]);
  });

  it('reads each partner-row fault as a sentence in English', async () => {
    expect(await sentences('partners', PARTNERS, 'en')).toEqual([
      'Row 2, column “Personal remunerado”: the cell is empty; write a number (for example 12)',
      'Row 3, column “Personal remunerado”: “doce” is not a number; write digits only (for example 12 or 1,234.50)',
      'Row 4, column “Personal remunerado”: “-3” is below the minimum; write a number of 0 or more',
      'Row 5, column “Correo de contacto”: “juan@” is not a valid email; write one like name@organization.org',
      'Row 7, column “Nombre”: repeats the record of row 6; keep one row per record',
    ]);
  });

  it('reads each event-row fault as a sentence in Spanish', async () => {
    expect(await sentences('events', EVENTS, 'es')).toEqual([
      'Fila 2, columna «Fecha de solicitud»: «31/02/2026» no es una fecha; use dd/mm/aaaa (por ejemplo 25/03/2026)',
      'Fila 3, columna «Fecha de solicitud»: «03/25/2026» tiene el mes primero; escriba el día primero, dd/mm/aaaa (por ejemplo 25/03/2026)',
      'Fila 4, columna «Hora de solicitud»: «25:00» no es una hora; use HH:MM, de 00:00 a 23:59 (por ejemplo 14:30)',
      'Fila 5, columna «RUC del socio»: ningún socio registrado tiene el RUC «0999999999001»; escriba el RUC de 13 dígitos de un socio registrado, o registre primero al socio',
      'Fila 6, columna «Socio»: ningún socio registrado se llama «Fundación Fantasma»; escriba el nombre tal como está registrado, o el RUC del socio',
    ]);
  });

  it('reads each event-row fault as a sentence in English', async () => {
    expect(await sentences('events', EVENTS, 'en')).toEqual([
      'Row 2, column “Fecha de solicitud”: “31/02/2026” is not a date; use dd/mm/yyyy (for example 25/03/2026)',
      'Row 3, column “Fecha de solicitud”: “03/25/2026” puts the month first; write the day first, dd/mm/yyyy (for example 25/03/2026)',
      'Row 4, column “Hora de solicitud”: “25:00” is not a time; use HH:MM, from 00:00 to 23:59 (for example 14:30)',
      'Row 5, column “RUC del socio”: no registered partner has the RUC “0999999999001”; give the 13-digit RUC of a registered partner, or register the partner first',
      'Row 6, column “Socio”: no registered partner is named “Fundación Fantasma”; write the name as it is registered, or the partner’s RUC',
    ]);
  });
});
