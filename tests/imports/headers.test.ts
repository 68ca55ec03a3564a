// Header matching as offices and field tools write headers: each quirk by its own case, the aliases
// that must keep working, and the suggestion offered for a header that still matches nothing.
import { describe, expect, it } from 'vitest';
import { FIELDS, type ImportType } from '../../src/imports/fields.js';
import { MIN_SUGGESTION_CONFIDENCE, matchHeaders, suggestFields } from '../../src/imports/headers.js';
import { fieldLabels } from '../../src/imports/service.js';

const fieldOf = (type: ImportType, header: string) => matchHeaders(type, [header], fieldLabels).mapping[0];

describe('headers an office writes', () => {
  it.each([
    ['brackets kept', 'partners', 'Presupuesto anual (USD)', 'annualBudgetUsd'],
    ['brackets holding a unit the aliases do not name', 'partners', 'Presupuesto (en dólares)', 'annualBudgetUsd'],
    ['brackets holding a format', 'events', 'Fecha de solicitud (dd/mm/aaaa)', 'requestedDate'],
    ['plural marker in brackets', 'partners', 'Territorio(s) de trabajo', 'territories'],
    ['plural marker "(es)"', 'partners', 'Sector(es)', 'assistanceTypes'],
    ['plural marker in capitals', 'events', 'TIPO(S) DE ASISTENCIA', 'assistanceType'],
    ['gender marker after a slash', 'events', 'Socio/a', 'partner'],
    ['numero sign "N°"', 'partners', 'N° de voluntarios', 'volunteerCount'],
    ['numero sign "Nº" without "de"', 'partners', 'Nº RUC', 'ruc'],
    ['numero sign "No."', 'partners', 'No. de colaboradores', 'staffCount'],
    ['numero sign "Nro."', 'partners', 'Nro. de personal', 'staffCount'],
    ['numero sign "Núm."', 'partners', 'Núm. empleados', 'staffCount'],
    ['numero sign "#"', 'partners', '# de voluntarios', 'volunteerCount'],
    ['numero sign after the word', 'agreements', 'Convenio N°', 'code'],
    ['numero word in English', 'partners', 'Number of volunteers', 'volunteerCount'],
    ['abbreviation with a dot', 'partners', 'Tipo org.', 'organizationType'],
    ['abbreviation and stop words', 'partners', 'Nombre de la org.', 'name'],
    ['abbreviation "Tel."', 'partners', 'Tel.', 'contactPhone'],
    ['abbreviation "Obs."', 'events', 'Obs.', 'notes'],
    ['abbreviation "Pers." and a plural', 'events', 'Pers. asistidas', 'peopleAssisted'],
    ['abbreviation before a slash', 'partners', 'Prov./Cantón', 'territories'],
    ['stop words dropped', 'events', 'Fecha de la solicitud', 'requestedDate'],
    ['stop words in English', 'events', 'Number of the people assisted', 'peopleAssisted'],
    ['two names for one thing', 'partners', 'RUC/Cédula', 'ruc'],
    ['a label followed by its format', 'events', 'Fecha de solicitud: dd/mm/aaaa', 'requestedDate'],
  ] as const)('%s — %s: %j', (_quirk, type, header, field) => {
    expect(fieldOf(type, header)).toBe(field);
  });

  it('ignores a column headed only by a numero sign, the sheet’s own row numbers', () => {
    expect(matchHeaders('partners', ['N°', 'Nombre', 'No.', '#'], fieldLabels)).toEqual({
      mapping: [null, 'name', null, null],
      unrecognized: [],
    });
  });

  it('keeps a bare "no" a word: only "No." or "No de…" is a numero sign', () => {
    expect(fieldOf('partners', 'No de voluntarios')).toBe('volunteerCount');
    expect(fieldOf('partners', 'No voluntarios')).toBeNull();
  });

  it('recognizes every label and alias of every field, in any case and with any accents, as that field', () => {
    for (const [type, fields] of Object.entries(FIELDS) as [ImportType, (typeof FIELDS)[ImportType]][])
      for (const field of fields)
        for (const name of [...fieldLabels(field.name), ...field.aliases]) {
          expect(fieldOf(type, name), `${type}: ${name}`).toBe(field.name);
          expect(fieldOf(type, ` ${name.toUpperCase()} `), `${type}: ${name}`).toBe(field.name);
        }
  });

  it('still gives each field to the first column naming it, however differently the two write it', () => {
    const { mapping, unrecognized } = matchHeaders('partners', ['N° de personal', 'Personal (total)'], fieldLabels);
    expect(mapping).toEqual(['staffCount', null]);
    expect(unrecognized).toEqual([1]);
  });
});

describe('KoboToolbox and ODK exports', () => {
  const KOBO_EVENTS = [
    'start',
    'end',
    'today',
    'deviceid',
    'datos_socio/socio',
    'datos_socio/ruc',
    'lugar:canton',
    'asistencia/tipo_asistencia',
    'asistencia/fecha_solicitud',
    'asistencia/hora_solicitud',
    'asistencia/fecha_entrega',
    'asistencia/hora_entrega',
    'asistencia/beneficiarios',
    'observaciones',
    'formhub/uuid',
    'meta/instanceID',
    '_id',
    '_uuid',
    '_submission_time',
    '_validation_status',
    '_notes',
    '_status',
    '_submitted_by',
    '__version__',
    '_tags',
    '_index',
    '_gps_latitude',
  ];

  const mapped = (type: ImportType, headers: string[]) => {
    const { mapping } = matchHeaders(type, headers, fieldLabels);
    return Object.fromEntries(headers.flatMap((header, i) => (mapping[i] ? [[header, mapping[i]]] : [])));
  };

  it('matches fields inside their groups, keys rows by _uuid and ignores the system columns', () => {
    expect(matchHeaders('events', KOBO_EVENTS, fieldLabels).unrecognized).toEqual([]);
    expect(mapped('events', KOBO_EVENTS)).toEqual({
      'datos_socio/socio': 'partner',
      'datos_socio/ruc': 'partnerRuc',
      'lugar:canton': 'territory',
      'asistencia/tipo_asistencia': 'assistanceType',
      'asistencia/fecha_solicitud': 'requestedDate',
      'asistencia/hora_solicitud': 'requestedTime',
      'asistencia/fecha_entrega': 'deliveredDate',
      'asistencia/hora_entrega': 'deliveredTime',
      'asistencia/beneficiarios': 'peopleAssisted',
      observaciones: 'notes',
      _uuid: 'importKey',
    });
  });

  it('keys rows by ODK’s instanceID when there is no _uuid, and by the form’s own key column before either', () => {
    expect(mapped('events', ['meta/instanceID', 'socio'])).toEqual({
      'meta/instanceID': 'importKey',
      socio: 'partner',
    });
    expect(mapped('events', ['_uuid', 'codigo'])).toEqual({ codigo: 'importKey' });
    expect(mapped('partners', ['_uuid', '_id', 'nombre'])).toEqual({ nombre: 'name' });
  });

  it('reads start and end as a review’s period only when the reviews file has no period columns of its own', () => {
    expect(mapped('reviews', ['start', 'end', 'ruc', 'calificacion'])).toMatchObject({
      start: 'periodStart',
      end: 'periodEnd',
    });
    expect(mapped('reviews', ['start', 'end', 'inicio_periodo', 'fin_periodo'])).toEqual({
      inicio_periodo: 'periodStart',
      fin_periodo: 'periodEnd',
    });
    expect(matchHeaders('events', ['start', 'end'], fieldLabels)).toEqual({ mapping: [null, null], unrecognized: [] });
  });

  it('ignores the 0/1 columns Kobo adds for each option of a select-multiple question', () => {
    const headers = ['socio', 'sector', 'sector/salud', 'sector/proteccion'];
    expect(matchHeaders('events', headers, fieldLabels)).toEqual({
      mapping: ['partner', 'assistanceType', null, null],
      unrecognized: [],
    });
  });
});

describe('suggestions for a header that matches nothing', () => {
  it.each([
    ['partners', 'Ciudad base', 'territories', 0.67],
    ['partners', 'Teritorios', 'territories', 0.91],
    ['partners', 'Presupueto', 'annualBudgetUsd', 0.91],
    ['events', 'Beneficiaros', 'peopleAssisted', 0.92],
    ['events', 'Organizaciones', 'partner', 0.86],
  ] as const)('%s: %j → %s', (type, header, field, confidence) => {
    const { mapping } = matchHeaders(type, [header], fieldLabels);
    expect(mapping).toEqual([null]);
    expect(suggestFields(type, [header], mapping, fieldLabels)).toEqual([{ field, confidence }]);
  });

  it.each([
    ['partners', 'Zona'],
    ['partners', 'Coordinador'],
    ['partners', 'Monto total aprobado'],
    ['events', 'Zona'],
  ] as const)('%s: %j is too far from every field for a suggestion', (type, header) => {
    expect(suggestFields(type, [header], [null], fieldLabels)).toEqual([null]);
  });

  it('never suggests a field a column already holds, nor one field for two columns, nor anything for metadata', () => {
    const headers = ['Territorios', 'Teritorio', 'Ciudad base', 'Zona', '_submission_time', 'Presupueto'];
    const { mapping } = matchHeaders('partners', headers, fieldLabels);
    expect(mapping).toEqual(['territories', null, null, null, null, null]);
    expect(suggestFields('partners', headers, mapping, fieldLabels)).toEqual([
      null,
      null,
      null,
      null,
      null,
      { field: 'annualBudgetUsd', confidence: 0.91 },
    ]);
    const twoNear = ['Ciudad principal', 'Teritorios'];
    expect(suggestFields('partners', twoNear, [null, null], fieldLabels)).toEqual([
      null,
      { field: 'territories', confidence: 0.91 },
    ]);
  });

  it('keeps every suggestion at or above the minimum confidence', () => {
    const headers = ['Año', 'Zona', 'Web', 'Email del director', 'Coordinador'];
    const suggestions = suggestFields('partners', headers, [null, null, null, null, null], fieldLabels);
    for (const suggestion of suggestions)
      if (suggestion) expect(suggestion.confidence).toBeGreaterThanOrEqual(MIN_SUGGESTION_CONFIDENCE);
    expect(suggestions.map((s) => s?.field ?? null)).toEqual(['yearFounded', null, null, 'contactEmail', null]);
  });
});
