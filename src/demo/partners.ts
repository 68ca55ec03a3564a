// Fictional but plausible implementing partners for the demo portfolio and the benchmarks.
import { modulo10CheckDigit, modulo11CheckDigit } from '../partners/ruc.js';
import type { OrganizationType, PartnerProfile, PartnerStatus } from '../partners/partner.js';
import { suggestedLocalization } from '../partners/partner.js';
import type { SeededRandom } from '../shared/random.js';

export interface DemoTerritory {
  id: number;
  code: string;
  nameEs: string;
  provinceCode: string;
}

export interface DemoPartner {
  profile: PartnerProfile;
  createdAt: string;
  updatedAt: string;
}

const TYPE_WEIGHTS: (readonly [OrganizationType, number])[] = [
  ['national_ngo', 30],
  ['cbo', 25],
  ['faith_based', 10],
  ['academic', 4],
  ['red_cross_red_crescent', 3],
  ['government', 8],
  ['private_sector', 6],
  ['international_ngo', 10],
  ['un_agency', 4],
];

// Headcount ranges per type, with weights: small local organizations dominate the portfolio.
const STAFF_RANGES: Record<OrganizationType, (readonly [[number, number], number])[]> = {
  national_ngo: [
    [[2, 9], 40],
    [[10, 49], 45],
    [[50, 150], 15],
  ],
  cbo: [
    [[0, 9], 75],
    [[10, 25], 25],
  ],
  faith_based: [
    [[3, 9], 25],
    [[10, 49], 55],
    [[50, 120], 20],
  ],
  academic: [
    [[20, 49], 30],
    [[50, 199], 50],
    [[200, 600], 20],
  ],
  red_cross_red_crescent: [
    [[30, 199], 60],
    [[200, 900], 40],
  ],
  government: [
    [[15, 49], 30],
    [[50, 199], 45],
    [[200, 1200], 25],
  ],
  private_sector: [
    [[3, 9], 30],
    [[10, 49], 50],
    [[50, 250], 20],
  ],
  international_ngo: [
    [[40, 199], 55],
    [[200, 900], 45],
  ],
  un_agency: [
    [[150, 199], 20],
    [[200, 1500], 80],
  ],
};

const PREFIXES: Record<OrganizationType, string[]> = {
  national_ngo: ['Fundación', 'Asociación', 'Corporación', 'Red', 'Centro'],
  cbo: ['Comité Comunitario', 'Colectivo', 'Organización de Mujeres', 'Asociación Barrial', 'Grupo Juvenil'],
  faith_based: ['Misión', 'Pastoral Social', 'Fraternidad', 'Obra Social'],
  academic: ['Instituto Superior', 'Centro de Estudios', 'Universidad Popular'],
  red_cross_red_crescent: ['Sociedad Humanitaria', 'Voluntariado de Socorro'],
  government: ['Unidad Municipal de Riesgos', 'Dirección Cantonal de Inclusión', 'Junta Cantonal de Protección'],
  private_sector: ['Cooperativa', 'Transportes', 'Distribuidora', 'Consultora'],
  international_ngo: ['Alianza Internacional', 'Ayuda Global', 'Acción Mundial', 'Socorro Internacional'],
  un_agency: ['Programa Regional', 'Oficina Interagencial', 'Fondo Regional'],
};

const CORES = [
  'Manos Solidarias',
  'Nuevo Amanecer',
  'Caminos de Esperanza',
  'Semillas de Paz',
  'Puentes de Vida',
  'Tierra Fértil',
  'Raíces Andinas',
  'Sol de la Frontera',
  'Mujeres Valientes',
  'Futuro Compartido',
  'Corazón Amazónico',
  'Brazos Abiertos',
  'Horizontes Nuevos',
  'Luz y Vida',
  'Renacer',
  'Vientos del Sur',
  'Agua Viva',
  'Casa Común',
  'Pan Compartido',
  'Sembrando Futuro',
  'Voces del Pacífico',
  'Huellas de Esperanza',
  'Camino Seguro',
  'Dignidad Humana',
  'Acogida Solidaria',
  'Niñez Feliz',
  'Integración sin Fronteras',
  'Abrazo Andino',
  'Encuentro',
  'Alas de Libertad',
];

const FIRST_NAMES = [
  'María',
  'José',
  'Ana',
  'Luis',
  'Carmen',
  'Jorge',
  'Rosa',
  'Carlos',
  'Lucía',
  'Andrés',
  'Gabriela',
  'Diego',
  'Paola',
  'Fernando',
  'Daniela',
  'Miguel',
  'Verónica',
  'Santiago',
  'Yolanda',
  'Wilson',
];
const LAST_NAMES = [
  'Guamán',
  'Andrade',
  'Cedeño',
  'Zambrano',
  'Pérez',
  'Quishpe',
  'Morales',
  'Vera',
  'Chávez',
  'Herrera',
  'Paredes',
  'Salazar',
  'Mendoza',
  'Toapanta',
  'Intriago',
  'Castillo',
  'Benítez',
  'Loor',
  'Espinoza',
  'Rivadeneira',
];

// Where partners are based: the capital and the border crossings carry the most partners.
const TERRITORY_WEIGHTS: Record<string, number> = {
  quito: 20,
  guayaquil: 14,
  tulcan: 12,
  huaquillas: 10,
  lago_agrio: 9,
  ibarra: 8,
  manta: 7,
  machala: 8,
  cuenca: 6,
  quevedo: 6,
};

const SMALL_WORDS = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'sin', 'el']);

function acronymOf(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => !SMALL_WORDS.has(word.toLowerCase()))
    .map((word) => word.charAt(0).toUpperCase())
    .join('')
    .slice(0, 8);
}

function slugOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Builds RUCs of the right shape for each entity type, never the same one twice. */
class RucFactory {
  private readonly issued = new Set<string>();

  constructor(private readonly random: SeededRandom) {}

  make(provinceCode: string, kind: 'private' | 'public' | 'natural'): string {
    for (;;) {
      const candidate = this.candidate(provinceCode, kind);
      if (candidate && !this.issued.has(candidate)) {
        this.issued.add(candidate);
        return candidate;
      }
    }
  }

  private digits(count: number): number[] {
    return Array.from({ length: count }, () => this.random.int(0, 9));
  }

  private candidate(provinceCode: string, kind: 'private' | 'public' | 'natural'): string | null {
    const province = Array.from(provinceCode, Number);
    if (kind === 'public') {
      const body = [...province, 6, ...this.digits(5)];
      const check = modulo11CheckDigit(body, [3, 2, 7, 6, 5, 4, 3, 2]);
      return check === null ? null : `${body.join('')}${check}0001`;
    }
    if (kind === 'natural') {
      const body = [...province, this.random.int(0, 5), ...this.digits(6)];
      return `${body.join('')}${modulo10CheckDigit(body)}001`;
    }
    const body = [...province, 9, ...this.digits(6)];
    // Newer private RUCs no longer follow the check digit (PRODUCT.md): a few demo ones do not either.
    const check = this.random.chance(0.05)
      ? this.random.int(0, 9)
      : modulo11CheckDigit(body, [4, 3, 2, 7, 6, 5, 4, 3, 2]);
    return check === null ? null : `${body.join('')}${check}001`;
  }
}

export function generateDemoPartners(
  count: number,
  random: SeededRandom,
  reference: { territories: DemoTerritory[]; assistanceTypeIds: number[]; now: Date },
): DemoPartner[] {
  const { territories, assistanceTypeIds, now } = reference;
  const territoryWeights = territories.map((t) => [t, TERRITORY_WEIGHTS[t.code] ?? 5] as const);
  const names = new Set<string>();
  const rucs = new RucFactory(random);
  const nowMs = now.getTime();
  const dayMs = 24 * 60 * 60 * 1000;
  const partners: DemoPartner[] = [];

  for (let i = 0; i < count; i++) {
    const type = random.weighted(TYPE_WEIGHTS);
    const [minStaff, maxStaff] = random.weighted(STAFF_RANGES[type]);
    const staffCount = random.int(minStaff, maxStaff);
    const large = staffCount >= 50;
    const home = random.weighted(territoryWeights);
    const others = random.sample(
      territories.filter((t) => t.id !== home.id),
      large ? random.int(2, 7) : random.int(0, 2),
    );
    const territoryIds = [home, ...others].map((t) => t.id).sort((a, b) => a - b);

    let name = `${random.pick(PREFIXES[type])} ${random.pick(CORES)}`;
    if (type === 'government' || random.chance(0.4)) name += ` de ${home.nameEs.replace(/ \(.*\)$/, '')}`;
    for (let n = 2; names.has(name); n++) name = `${name.replace(/ · Sede \d+$/, '')} · Sede ${n}`;
    names.add(name);

    const rucKind =
      type === 'government' ? 'public' : type === 'private_sector' && random.chance(0.3) ? 'natural' : 'private';
    const hasRuc = type !== 'cbo' || random.chance(0.5);
    const createdMs = nowMs - random.int(30, 3 * 365) * dayMs - random.int(0, dayMs);
    const updatedMs = createdMs + random.next() * (nowMs - createdMs);
    const contactFirst = random.pick(FIRST_NAMES);
    const contactLast = random.pick(LAST_NAMES);
    const status: PartnerStatus = random.weighted([
      ['active', 90],
      ['inactive', 7],
      ['archived', 3],
    ] as const);

    partners.push({
      profile: {
        name,
        acronym: random.chance(0.7) ? acronymOf(name) : null,
        ruc: hasRuc ? rucs.make(home.provinceCode, rucKind) : null,
        organizationType: type,
        localizationCategory: suggestedLocalization(type),
        staffCount,
        volunteerCount: random.chance(0.8) ? random.int(0, large ? 400 : 60) : null,
        annualBudgetUsd: random.chance(0.85)
          ? Math.round((Math.max(1, staffCount) * random.int(9_000, 32_000)) / 100) * 100
          : null,
        yearFounded: random.chance(0.9) ? random.int(1965, 2023) : null,
        territoryIds,
        assistanceTypeIds: random
          .sample(assistanceTypeIds, large ? random.int(3, 7) : random.int(1, 3))
          .sort((a, b) => a - b),
        adminSteps: random.chance(0.9) ? (large ? random.int(5, 12) : random.int(2, 6)) : null,
        declaredResponseHours: random.chance(0.85) ? (large ? random.int(48, 240) : random.int(8, 96)) : null,
        contactName: `${contactFirst} ${contactLast}`,
        contactEmail: `${slugOf(contactFirst)}.${slugOf(contactLast)}${i}@example.org`,
        contactPhone: `+593 9${random.int(6, 9)} ${random.int(100, 999)} ${random.int(1000, 9999)}`,
        notes: null,
        status,
      },
      createdAt: new Date(createdMs).toISOString(),
      updatedAt: new Date(updatedMs).toISOString(),
    });
  }
  return partners;
}
