// The words offices use for the app's list values, per list and language, kept in one place.
// Matching ignores accents, case, spacing and punctuation, so each form is written once, as people
// write it. A value's own labels (in both languages) and its code are recognized without being
// listed here; these are the other names it goes by. Reference data (territories, assistance types)
// is keyed by code: a territory an admin adds later is matched by its names, and by the value
// mappings officers confirm.

/** Every list an import column can take its values from. */
export const VALUE_LISTS = [
  'organizationType',
  'localizationCategory',
  'partnerStatus',
  'agreementStatus',
  'territory',
  'assistanceType',
  'rating',
  'flagLevel',
  'flagCategory',
  'decisionKind',
] as const;
export type ValueListName = (typeof VALUE_LISTS)[number];

export function isValueListName(value: unknown): value is ValueListName {
  return typeof value === 'string' && (VALUE_LISTS as readonly string[]).includes(value);
}

interface Forms {
  es: string[];
  en: string[];
}

export const SYNONYMS: Record<ValueListName, Record<string, Forms>> = {
  organizationType: {
    national_ngo: {
      es: [
        'ONG',
        'ONG local',
        'ONG nacional',
        'organización no gubernamental',
        'organización de la sociedad civil',
        'OSC',
        'fundación',
        'asociación civil',
      ],
      en: ['NGO', 'local NGO', 'national NGO', 'NNGO', 'LNGO', 'civil society organization', 'CSO'],
    },
    cbo: {
      es: [
        'organización de base',
        'organización comunitaria',
        'org. comunitaria',
        'OBC',
        'comité barrial',
        'comuna',
        'colectivo',
        'organización social',
      ],
      en: ['CBO', 'community-based organization', 'community organization', 'grassroots organization'],
    },
    faith_based: {
      es: ['OBF', 'organización religiosa', 'iglesia', 'parroquia', 'pastoral', 'confesional'],
      en: ['FBO', 'faith-based organization', 'church', 'religious organization'],
    },
    academic: {
      es: ['universidad', 'academia', 'instituto', 'escuela politécnica'],
      en: ['university', 'academia', 'academic institution'],
    },
    red_cross_red_crescent: {
      es: ['Cruz Roja', 'Cruz Roja Ecuatoriana', 'Media Luna Roja', 'sociedad nacional'],
      en: ['Red Cross', 'Red Crescent', 'national society'],
    },
    government: {
      es: ['gobierno', 'GAD', 'gobierno local', 'municipio', 'alcaldía', 'prefectura', 'ministerio', 'entidad pública'],
      en: ['government', 'local government', 'municipality', 'ministry', 'public entity'],
    },
    private_sector: {
      es: ['empresa', 'empresa privada', 'privado', 'compañía'],
      en: ['private', 'company', 'business'],
    },
    international_ngo: { es: ['ONGI', 'ONG extranjera'], en: ['INGO', 'international NGO'] },
    un_agency: {
      es: ['ONU', 'agencia ONU', 'Naciones Unidas', 'agencia de Naciones Unidas', 'sistema ONU'],
      en: ['UN', 'UN agency', 'United Nations'],
    },
  },
  localizationCategory: {
    local_national_non_state: {
      es: ['local', 'nacional', 'actor local', 'actor nacional', 'no estatal', 'local no estatal'],
      en: ['local', 'national', 'local actor', 'national actor', 'non-state'],
    },
    national_subnational_state: {
      es: ['estatal', 'estado', 'actor estatal', 'subnacional'],
      en: ['state', 'state actor', 'subnational'],
    },
    international: { es: ['internacional', 'actor internacional'], en: ['international actor'] },
  },
  partnerStatus: {
    active: { es: ['activa', 'vigente', 'sí'], en: ['yes', 'current'] },
    inactive: { es: ['inactiva', 'no activo', 'suspendido', 'suspendida'], en: ['dormant', 'suspended'] },
    archived: { es: ['archivada', 'dado de baja', 'baja', 'cerrado'], en: ['closed', 'removed'] },
  },
  agreementStatus: {
    draft: { es: ['en preparación', 'en elaboración', 'por firmar'], en: ['in preparation', 'unsigned'] },
    active: { es: ['activo', 'vigente', 'en ejecución', 'en curso'], en: ['ongoing', 'in progress', 'current'] },
    closed: { es: ['finalizado', 'terminado', 'concluido', 'liquidado'], en: ['completed', 'finished', 'ended'] },
    cancelled: { es: ['anulado', 'rescindido', 'cancelada'], en: ['canceled', 'terminated'] },
  },
  territory: {
    quito: { es: ['UIO', 'DMQ', 'Distrito Metropolitano de Quito', 'San Francisco de Quito'], en: [] },
    guayaquil: { es: ['GYE', 'Santiago de Guayaquil'], en: [] },
    lago_agrio: { es: ['Lago', 'Nueva Loja (Lago Agrio)'], en: [] },
    cuenca: { es: ['Santa Ana de los Cuatro Ríos de Cuenca'], en: [] },
    tulcan: { es: ['San Miguel de Tulcán'], en: [] },
    ibarra: { es: ['San Miguel de Ibarra'], en: [] },
    manta: { es: ['San Pablo de Manta'], en: [] },
    quevedo: { es: ['San José de Quevedo'], en: [] },
  },
  assistanceType: {
    wash: { es: ['ASH', 'agua y saneamiento', 'agua', 'saneamiento', 'higiene'], en: ['water and sanitation'] },
    food_security: { es: ['SAN', 'alimentos', 'alimentación', 'kits de alimentos'], en: ['food'] },
    health: { es: ['atención médica', 'atención en salud'], en: ['medical care'] },
    shelter: { es: ['alojamiento', 'albergue', 'refugio', 'vivienda'], en: ['housing'] },
    multipurpose_cash: {
      es: ['efectivo', 'transferencias monetarias', 'transferencias en efectivo', 'TM', 'dinero en efectivo'],
      en: ['cash', 'MPC', 'CBI', 'CVA', 'cash transfers'],
    },
    child_protection: { es: ['protección infantil', 'niñez', 'PI'], en: ['CP'] },
    gbv: { es: ['VBG', 'violencia de género'], en: ['GBV'] },
    trafficking_smuggling: { es: ['trata', 'tráfico de migrantes'], en: ['trafficking', 'smuggling'] },
    integration: { es: ['integración socioeconómica', 'medios de vida'], en: ['livelihoods'] },
    humanitarian_transportation: { es: ['transporte'], en: ['transport'] },
  },
  rating: {
    '5': { es: ['excelente', 'sobresaliente'], en: ['excellent', 'outstanding'] },
    '4': { es: ['muy bueno', 'muy buena'], en: ['very good'] },
    '3': { es: ['bueno', 'buena', 'satisfactorio'], en: ['good', 'satisfactory'] },
    '2': { es: ['regular', 'mejorable', 'aceptable'], en: ['fair', 'needs improvement'] },
    '1': { es: ['malo', 'mala', 'deficiente', 'insuficiente'], en: ['poor', 'bad', 'unsatisfactory'] },
  },
  flagLevel: {
    observation: { es: ['observación', 'leve', 'baja'], en: ['low', 'minor'] },
    risk: { es: ['riesgo', 'media', 'moderada', 'amarilla'], en: ['medium', 'amber', 'yellow'] },
    red: { es: ['roja', 'alta', 'grave', 'crítica'], en: ['high', 'critical'] },
  },
  flagCategory: {
    financial: { es: ['finanzas', 'contable'], en: ['finance'] },
    operational: { es: ['operacional', 'operaciones'], en: ['operations'] },
    compliance: { es: ['normativa', 'legal'], en: ['legal'] },
    reputational: { es: ['reputación'], en: ['reputation'] },
    sea: { es: ['EAS', 'PEAS', 'abuso sexual', 'explotación sexual'], en: ['SEA', 'PSEA', 'sexual abuse'] },
    safeguarding: { es: ['salvaguardas', 'protección de la niñez y adultos'], en: [] },
    other: { es: ['otro', 'otros', 'varios'], en: ['misc'] },
  },
  decisionKind: {
    add: { es: ['agregar', 'añadir', 'incorporar', 'incluir'], en: ['include', 'onboard'] },
    keep: { es: ['mantener', 'conservar'], en: ['retain'] },
    renew: { es: ['renovar', 'renovación'], en: ['renewal', 'extend'] },
    watch: { es: ['observar', 'vigilar', 'seguimiento', 'monitorear'], en: ['monitor'] },
    exit: { es: ['salida', 'retirar', 'excluir', 'salir'], en: ['remove', 'phase out'] },
  },
};

/** Every other name of a value of a list, in both languages. */
export function synonymsOf(list: ValueListName, code: string): string[] {
  const forms = SYNONYMS[list][code];
  return forms ? [...forms.es, ...forms.en] : [];
}
