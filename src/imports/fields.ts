// What each record type's columns mean and the headers that name them, in Spanish and English, and
// the field names KoboToolbox / ODK forms use. Pure. The aliases are written plainly: headers.ts
// compares them with a file's headers forgivingly (accents, case, punctuation, brackets, numero
// signs, abbreviations, stop words, form group prefixes), so "Nro. de colaboradores" needs no alias.
import { searchableText } from '../shared/text.js';

export const IMPORT_TYPES = ['partners', 'events', 'reviews', 'agreements'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

/** The type of an import that is a whole workbook: one import of the types above per sheet. */
export const WORKBOOK = 'workbook';
export type ImportKind = ImportType | typeof WORKBOOK;

export function isImportType(value: unknown): value is ImportType {
  return typeof value === 'string' && (IMPORT_TYPES as readonly string[]).includes(value);
}

export interface FieldSpec {
  /** The field's name in code; its label is the translation `imports.field.<name>`. */
  name: string;
  /** Must a new record have it? (Updates keep what is stored when a cell is blank.) */
  required: boolean;
  /** Headers recognized besides the field's label in either language. */
  aliases: string[];
}

const f = (name: string, required: boolean, aliases: string[] = []): FieldSpec => ({ name, required, aliases });

// Partners and agreements both list their assistance types under these headers.
const ASSISTANCE_TYPES_HEADERS = [
  'tipos de asistencia',
  'tipo de asistencia',
  'sectores',
  'sector',
  'assistance types',
  'assistance type',
  'sectors',
];

// The identifier KoboToolbox (`_uuid`) and ODK (`meta/instanceID`) give each submitted form.
const FORM_SUBMISSION_KEYS = ['_uuid', 'meta/instanceID', 'instanceID'];

// A partner is named in event, review and agreement files by RUC, else by name.
const partnerRef = [
  f('partnerRuc', false, ['ruc', 'ruc del socio', 'ruc socio', 'partner ruc', 'ruc de la organizacion', 'tax id']),
  f('partner', false, [
    'socio',
    'socio implementador',
    'organizacion',
    'nombre',
    'nombre del socio',
    'nombre de la organizacion',
    'partner',
    'implementing partner',
    'partner name',
    'organization',
    'name',
  ]),
];

export const FIELDS: Record<ImportType, FieldSpec[]> = {
  partners: [
    f('name', true, [
      'nombre',
      'nombre de la organizacion',
      'organizacion',
      'razon social',
      'socio',
      'name',
      'organization',
      'organization name',
      'partner',
      'partner name',
    ]),
    f('acronym', false, ['siglas', 'sigla', 'acronimo', 'acronym', 'abbreviation']),
    f('ruc', false, ['ruc', 'numero de ruc', 'n ruc', 'ruc number', 'tax id']),
    f('organizationType', true, [
      'tipo',
      'tipo de organizacion',
      'tipo organizacion',
      'type',
      'organization type',
      'org type',
    ]),
    f('localizationCategory', false, [
      'localizacion',
      'categoria de localizacion',
      'localization',
      'localization category',
    ]),
    f('staffCount', true, [
      'personal',
      'personal remunerado',
      'personal contratado',
      'personal pagado',
      'personal de planta',
      'personas remuneradas',
      'n de colaboradores',
      'n colaboradores',
      'numero de colaboradores',
      'colaboradores',
      'empleados',
      'numero de empleados',
      'empleados remunerados',
      'trabajadores',
      'staff',
      'paid staff',
      'staff count',
      'employees',
      'headcount',
    ]),
    f('volunteerCount', false, [
      'voluntarios',
      'n de voluntarios',
      'numero de voluntarios',
      'volunteers',
      'volunteer count',
    ]),
    f('annualBudgetUsd', false, [
      'presupuesto',
      'presupuesto anual',
      'presupuesto anual usd',
      'presupuesto usd',
      'budget',
      'annual budget',
      'annual budget usd',
      'budget usd',
    ]),
    f('yearFounded', false, ['ano de fundacion', 'fundacion', 'ano fundacion', 'year founded', 'founded']),
    f('territories', true, [
      'territorios',
      'territorio',
      'territorios de trabajo',
      'territorio de trabajo',
      'zonas de trabajo',
      'ciudades',
      'ciudad',
      'cantones',
      'canton',
      'provincia canton',
      'cobertura',
      'territories',
      'territory',
      'cities',
      'locations',
    ]),
    f('assistanceTypes', true, ASSISTANCE_TYPES_HEADERS),
    f('adminSteps', false, ['pasos administrativos', 'pasos', 'administrative steps', 'admin steps', 'steps']),
    f('declaredResponseHours', false, [
      'tiempo de respuesta',
      'horas de respuesta',
      'tiempo de respuesta declarado',
      'tiempo de respuesta h',
      'response hours',
      'declared response hours',
      'response time',
    ]),
    f('contactName', false, [
      'contacto',
      'nombre de contacto',
      'persona de contacto',
      'contact',
      'contact name',
      'contact person',
    ]),
    f('contactEmail', false, ['correo', 'correo electronico', 'email', 'e mail', 'contact email']),
    f('contactPhone', false, ['telefono', 'celular', 'phone', 'telephone', 'contact phone']),
    f('notes', false, ['notas', 'observaciones', 'comentarios', 'notes', 'comments', 'remarks']),
    f('status', false, ['estado', 'status']),
  ],
  events: [
    // A Kobo / ODK submission's own identifier keys its row, so a re-exported form updates, never repeats.
    f('importKey', false, [
      'id',
      'clave',
      'codigo',
      'codigo de evento',
      'id de evento',
      'key',
      'event id',
      'row key',
      'reference',
      ...FORM_SUBMISSION_KEYS,
    ]),
    ...partnerRef,
    f('territory', true, [
      'territorio',
      'ciudad',
      'canton',
      'provincia canton',
      'lugar',
      'territory',
      'city',
      'location',
    ]),
    f('assistanceType', true, ['tipo de asistencia', 'sector', 'asistencia', 'assistance type']),
    f('requestedDate', true, [
      'fecha de solicitud',
      'fecha solicitud',
      'solicitud',
      'fecha',
      'requested',
      'request date',
      'requested on',
      'date requested',
    ]),
    f('requestedTime', false, ['hora de solicitud', 'hora solicitud', 'request time', 'time requested']),
    f('deliveredDate', false, [
      'fecha de primera asistencia',
      'primera asistencia',
      'fecha de entrega',
      'fecha de respuesta',
      'first assistance',
      'first assistance date',
      'delivered',
      'delivery date',
    ]),
    f('deliveredTime', false, [
      'hora de primera asistencia',
      'hora de entrega',
      'hora de respuesta',
      'first assistance time',
      'delivery time',
    ]),
    f('peopleAssisted', false, [
      'personas asistidas',
      'poblacion asistida',
      'personas',
      'beneficiarios',
      'people assisted',
      'people reached',
      'beneficiaries',
    ]),
    f('notes', false, ['notas', 'observaciones', 'comentarios', 'notes', 'comments']),
  ],
  reviews: [
    f('importKey', false, [
      'id',
      'clave',
      'codigo',
      'id de evaluacion',
      'key',
      'review id',
      'row key',
      'reference',
      ...FORM_SUBMISSION_KEYS,
    ]),
    ...partnerRef,
    f('periodStart', true, ['inicio', 'desde', 'inicio del periodo', 'periodo desde', 'period start', 'from', 'start']),
    f('periodEnd', true, ['fin', 'hasta', 'fin del periodo', 'periodo hasta', 'period end', 'to', 'end']),
    f('rating', true, ['calificacion', 'puntuacion', 'nota', 'valoracion', 'rating', 'score']),
    f('notes', false, ['notas', 'observaciones', 'comentarios', 'notes', 'comments']),
  ],
  agreements: [
    f('code', true, [
      'codigo',
      'codigo del convenio',
      'referencia',
      'n de convenio',
      'numero de convenio',
      'code',
      'agreement code',
      'reference',
      'reference code',
    ]),
    ...partnerRef,
    f('title', true, ['titulo', 'nombre del convenio', 'objeto', 'title', 'agreement title']),
    f('startDate', true, ['fecha de inicio', 'inicio', 'desde', 'start date', 'start', 'from']),
    f('endDate', true, ['fecha de fin', 'fecha de finalizacion', 'fin', 'hasta', 'end date', 'end', 'to']),
    f('amountUsd', true, [
      'monto',
      'monto usd',
      'valor',
      'valor usd',
      'presupuesto',
      'amount',
      'amount usd',
      'value',
      'budget',
    ]),
    f('territories', true, [
      'territorios',
      'territorio',
      'ciudades',
      'cantones',
      'canton',
      'territories',
      'territory',
      'cities',
    ]),
    f('assistanceTypes', true, ASSISTANCE_TYPES_HEADERS),
    f('peopleTargeted', false, [
      'personas meta',
      'poblacion meta',
      'meta de personas',
      'people targeted',
      'target',
      'targeted',
    ]),
    f('peopleReached', false, [
      'personas alcanzadas',
      'poblacion alcanzada',
      'alcanzadas',
      'people reached',
      'reached',
    ]),
    f('status', false, ['estado', 'status']),
  ],
};

/** The record types a field list names a partner in (everything but the partner file itself). */
export const NAMES_A_PARTNER: Record<ImportType, boolean> = {
  partners: false,
  events: true,
  reviews: true,
  agreements: true,
};

/** A header as compared: "Nº de Colaboradores " → "n de colaboradores". */
export function normalizeHeader(header: string): string {
  return searchableText(header.replace(/[°º]/g, ' '));
}

/** Identifies a file's header row, so a mapping can be remembered for the next file like it. */
export function headerSignature(headers: string[]): string {
  return headers.map(normalizeHeader).join('|');
}

/** A column's assignment: a field name, or null to ignore the column. */
export type Mapping = (string | null)[];

/** Required fields no column is mapped to (a partner reference counts once, by RUC or name). */
export function missingFields(type: ImportType, mapping: Mapping): string[] {
  const mapped = new Set(mapping.filter((m): m is string => m !== null));
  const missing = FIELDS[type].filter((field) => field.required && !mapped.has(field.name)).map((field) => field.name);
  if (NAMES_A_PARTNER[type] && !mapped.has('partnerRuc') && !mapped.has('partner')) missing.unshift('partner');
  return missing;
}
