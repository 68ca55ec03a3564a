// The pure readers behind imports: cells as Ecuador types them, encodings, delimiters, headers, names.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellDateTime, cellNumber, cellTime } from '../../src/imports/cells.js';
import { detectDelimiter, utf8Checker } from '../../src/imports/detect.js';
import { FIELDS, headerSignature, missingFields, normalizeHeader } from '../../src/imports/fields.js';
import { matchHeaders } from '../../src/imports/headers.js';
import { matchNames } from '../../src/imports/names.js';
import { recordList } from '../../src/imports/values/value-list.js';
import { normalizeRuc } from '../../src/imports/row-reader.js';
import { UnreadableFileError, openSource, readToEnd } from '../../src/imports/source.js';
import { fieldLabels } from '../../src/imports/service.js';

describe('numbers', () => {
  it.each([
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['12,5', 12.5],
    ['1.500', 1500],
    ['85.400,50', 85400.5],
    ['250000,75', 250000.75],
    ['$ 1.000.000', 1000000],
    [42, 42],
    ['', null],
    ['abc', 'abc'],
  ])('%j → %j', (cell, expected) => {
    expect(cellNumber(cell)).toEqual(expected);
  });
});

describe('dates', () => {
  it.each([
    ['24/11/2026', { date: '2026-11-24', minutes: null }],
    ['1/7/2026', { date: '2026-07-01', minutes: null }],
    ['24-11-2026', { date: '2026-11-24', minutes: null }],
    ['24.11.26', { date: '2026-11-24', minutes: null }],
    ['2026-11-24', { date: '2026-11-24', minutes: null }],
    ['2026-11-24 14:30', { date: '2026-11-24', minutes: 870 }],
    ['24/11/2026 08:05', { date: '2026-11-24', minutes: 485 }],
    ['2026-03-01T10:30:00.000-05:00', { date: '2026-03-01', minutes: 630 }],
    ['2026-11-24T14:30-05:00', { date: '2026-11-24', minutes: 870 }],
    ['2026-11-24T14:30:00.000', { date: '2026-11-24', minutes: 870 }],
    [46350, { date: '2026-11-24', minutes: 0 }],
    [46350.75, { date: '2026-11-24', minutes: 1080 }],
    ['46350', { date: '2026-11-24', minutes: 0 }],
    [new Date(Date.UTC(2026, 10, 24, 9, 15)), { date: '2026-11-24', minutes: 555 }],
    ['31/02/2026', 'date'],
    ['11/24/2026', 'monthFirst'],
    ['mañana', 'date'],
    ['', null],
  ])('%j → %j', (cell, expected) => {
    expect(cellDateTime(cell)).toEqual(expected);
  });
});

describe('times', () => {
  it.each([
    ['14:30', 870],
    ['9:05', 545],
    ['08:30:59', 510],
    ['2:30 pm', 870],
    ['12:10 a. m.', 10],
    ['14.30', 870],
    // KoboToolbox / ODK: the wall-clock time as written, the offset dropped.
    ['10:30:00.000-05:00', 630],
    ['10:30:00Z', 630],
    ['10:30:00.250', 630],
    [0.5, 720],
    ['25:00', 'time'],
    ['tarde', 'time'],
    [null, null],
  ])('%j → %j', (cell, expected) => {
    expect(cellTime(cell)).toEqual(expected);
  });
});

describe('encoding', () => {
  it('takes valid UTF-8 as UTF-8, even split across chunks', () => {
    const bytes = new TextEncoder().encode('Tulcán; Protección de la niñez');
    const checker = utf8Checker();
    checker.push(bytes.subarray(0, 5));
    checker.push(bytes.subarray(5));
    expect(checker.result()).toBe('utf-8');
  });

  it('takes anything else as Windows-1252, what Excel saves as "CSV" on a Spanish Windows', () => {
    const checker = utf8Checker();
    checker.push(Uint8Array.from([0x54, 0x75, 0x6c, 0x63, 0xe1, 0x6e])); // "Tulcán" in Windows-1252
    expect(checker.result()).toBe('windows-1252');
  });
});

describe('delimiter', () => {
  it.each([
    ['Nombre;Personal;Presupuesto\nFundación;12;1.234,56\n', ';'],
    ['Name,Staff,Budget\nFoundation,12,"1,234.56"\n', ','],
    ['Nombre\tPersonal\nA\t1\n', '\t'],
    ['Nombre;Notas\n"Uno";"línea, con coma\ny salto"\nDos;x\n', ';'],
    ['Nombre\nUno\n', ','],
  ])('%j → %j', (sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});

describe('headers', () => {
  it.each([
    ['Nombre', 'name'],
    ['nombre de la organización', 'name'],
    ['NOMBRE DE LA ORGANIZACION', 'name'],
    ['Name', 'name'],
    ['Personal', 'staffCount'],
    ['N° de colaboradores', 'staffCount'],
    ['Nº colaboradores', 'staffCount'],
    ['Staff', 'staffCount'],
    ['Paid staff', 'staffCount'],
    ['Año de fundación', 'yearFounded'],
    ['Presupuesto anual (USD)', 'annualBudgetUsd'],
    ['Sectores', 'assistanceTypes'],
    ['Correo electrónico', 'contactEmail'],
    ['Zona', null],
  ])('partners: %j → %j', (header, field) => {
    expect(matchHeaders('partners', [header], fieldLabels).mapping).toEqual([field]);
  });

  it('gives each field to the first column naming it and reports the columns it does not know', () => {
    const { mapping, unrecognized } = matchHeaders('partners', ['Nombre', 'Name', 'Zona', ''], fieldLabels);
    expect(mapping).toEqual(['name', null, null, null]);
    expect(unrecognized).toEqual([1, 2]);
  });

  it('recognizes every field by its label in both languages, as the templates write them', () => {
    for (const [type, fields] of Object.entries(FIELDS)) {
      for (const lang of [0, 1]) {
        const headers = fields.map((f) => fieldLabels(f.name)[lang]!);
        expect(matchHeaders(type as 'partners', headers, fieldLabels).mapping, `${type} ${lang}`).toEqual(
          fields.map((f) => f.name),
        );
      }
    }
  });

  it('names what a mapping still lacks; an event file names its partner by RUC or by name', () => {
    expect(missingFields('events', ['territory', 'assistanceType', 'requestedDate'])).toEqual(['partner']);
    expect(missingFields('events', ['partnerRuc', 'territory', 'assistanceType', 'requestedDate'])).toEqual([]);
    expect(missingFields('partners', ['name'])).toEqual([
      'organizationType',
      'staffCount',
      'territories',
      'assistanceTypes',
    ]);
  });

  it('folds accents, case, punctuation and the degree sign', () => {
    expect(normalizeHeader('  N°. de Colaboradores ')).toBe('n de colaboradores');
    expect(headerSignature(['Nombre', 'Año'])).toBe(headerSignature(['NOMBRE', 'ano']));
  });
});

describe('names of territories and assistance types', () => {
  const territories = recordList('territory', [
    { id: 1, code: 'quito', nameEs: 'Quito', nameEn: 'Quito' },
    { id: 4, code: 'lago_agrio', nameEs: 'Lago Agrio (Nueva Loja)', nameEn: 'Lago Agrio (Nueva Loja)' },
    { id: 2, code: 'tulcan', nameEs: 'Tulcán', nameEn: 'Tulcán' },
  ]);
  const types = recordList('assistanceType', [
    { id: 12, code: 'wash', nameEs: 'Agua, saneamiento e higiene', nameEn: 'WASH' },
    { id: 3, code: 'health', nameEs: 'Salud', nameEn: 'Health' },
  ]);

  it.each([
    ['Lago Agrio', [4]],
    ['Nueva Loja', [4]],
    ['lago agrio', [4]],
    ['LAGO AGRIO (NUEVA LOJA)', [4]],
    ['tulcan; Quito', [2, 1]],
    ['Quito, Tulcán', [1, 2]],
    ['Quito\nTulcán', [1, 2]],
    ['Carchi / Tulcán', [2]],
    ['Pichincha - Quito; Sucumbíos/Lago Agrio', [1, 4]],
    ['UIO', [1]],
  ])('territories %j → %j', (text, ids) => {
    expect(matchNames(text, territories)).toEqual({ values: ids, unknown: [] });
  });

  it('joins back a name that holds a comma, in either language', () => {
    expect(matchNames('Agua, saneamiento e higiene, Salud', types)).toEqual({ values: [12, 3], unknown: [] });
    expect(matchNames('wash; health', types)).toEqual({ values: [12, 3], unknown: [] });
  });

  it('names what it does not know', () => {
    expect(matchNames('Quito, Marte', territories)).toEqual({ values: [1], unknown: ['Marte'] });
  });
});

describe('RUC as Excel leaves it', () => {
  it.each([
    ['0993381661001', '0993381661001'],
    [993381661001, '0993381661001'],
    ['099-338166-1001', '0993381661001'],
    [' 1790085783001 ', '1790085783001'],
  ])('%j → %j', (cell, ruc) => {
    expect(normalizeRuc(cell)).toBe(ruc);
  });
});

describe('a quote never closed', () => {
  it('is placed on the line it opens, however far the parser ran ahead of the reader', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'quote-')), 'socios.csv');
    await writeFile(path, 'Nombre;Personal\nUno;5\n"Dos;4\nTres;3\n');
    const source = await openSource(path, 'csv', null);
    // The reader is slow (a database round trip between chunks): the parser has reached the
    // broken quote long before the first row is asked for.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const failure = await readToEnd(source.rows).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnreadableFileError);
    expect((failure as InstanceType<typeof UnreadableFileError>).params).toEqual({ line: '3' });
  });
});
