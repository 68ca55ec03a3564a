// Spreadsheet imports at scale (issue 7): a messy 50,000-row partner CSV (Windows-1252,
// semicolons, accents, decimal commas, dd/mm/yyyy) previewed and committed, then a 200,000-row
// response-event CSV committed, each into a fresh database (a temporary SQLite file, or a new
// PostgreSQL database with `--engine postgres`). Peak RSS growth is sampled while each step runs.
// Called by bench/run.ts; also runs alone (on SQLite) with `tsx bench/imports.ts`.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SYSTEM_ACTOR } from '../src/audit/actor.js';
import { migrateToLatest } from '../src/database/migrate.js';
import { applyValueMapping, commitImport, getImport, startImport } from '../src/imports/service.js';
import { type BenchEngine, sqliteEngine } from './engines.js';
import { type Figure, seconds } from './results.js';

type Row = (label: string, target: string, m: { seconds: number; peakMb: number }) => void;

const TERRITORIES = [
  'Quito',
  'Tulcán',
  'Huaquillas',
  'Lago Agrio',
  'nueva loja',
  'IBARRA',
  'Guayaquil',
  'Manta',
  'Machala',
  'Cuenca',
];
const SECTORS = [
  'Salud',
  'Protección',
  'Alojamiento temporal',
  '"Agua, saneamiento e higiene"',
  'Educación',
  'seguridad alimentaria',
  'Protección de la niñez',
];
const TYPES = ['ONG nacional', 'organización de base comunitaria', 'Organización basada en la fe', 'ONG internacional'];

/** A private-entity RUC per index: province 17, third digit 9, suffix 001 (check digits vary). */
const rucOf = (i: number) => `179${String(i).padStart(7, '0')}001`;

export async function writeFile(path: string, encoding: 'latin1' | 'utf8', lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) {
    if (!out.write(Buffer.from(`${line}\r\n`, encoding)))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

export function* partnerLines(count: number) {
  yield 'Nombre de la organización;RUC;Tipo de organización;N° de colaboradores;Presupuesto anual (USD);Año de fundación;Territorios;Sectores;Tiempo de respuesta (h);Observaciones;;';
  for (let i = 0; i < count; i++) {
    const budget = `${(Math.floor(i * 37.5) % 900) + 1}.${String(i % 1000).padStart(3, '0')},${String(i % 100).padStart(2, '0')}`;
    yield `Fundación Niñez y Esperanza ${i};${rucOf(i)};${TYPES[i % TYPES.length]};${i % 240};${budget};${1980 + (i % 45)};${TERRITORIES[i % 10]}; ${SECTORS[i % SECTORS.length]};${(i % 96) + 0.5};"Atención en tránsito, fila ${i}";;`.replace(
      '.5;',
      ',5;',
    );
  }
}

// Twenty values no list holds as written (ten places misspelt, ten organization types in an office's
// words); each is confirmed once in the value mapping step.
const OWN_PLACES = [
  'Tulcn',
  'Quitoo',
  'Guayakil',
  'Mahcala',
  'Ibarr',
  'Cuenka',
  'Manat',
  'Huakillas',
  'Quevdo',
  'Lago Agro',
];
const PLACE_CODES = [
  'tulcan',
  'quito',
  'guayaquil',
  'machala',
  'ibarra',
  'cuenca',
  'manta',
  'huaquillas',
  'quevedo',
  'lago_agrio',
];
const OWN_TYPES = [
  'Fundación barrial',
  'Asociación de vecinos',
  'Grupo juvenil',
  'Cooperativa',
  'Red comunitaria',
  'Club deportivo',
  'Colegio',
  'Sindicato',
  'Mesa cantonal',
  'Gremio',
];
const TYPE_CODES = [
  'national_ngo',
  'cbo',
  'cbo',
  'private_sector',
  'cbo',
  'cbo',
  'academic',
  'cbo',
  'government',
  'private_sector',
];

function* officeWordLines(count: number) {
  yield 'Nombre de la organización;RUC;Tipo;Nro. de personal;Territorio(s) de trabajo;Sectores';
  for (let i = 0; i < count; i++)
    yield `Organización propia ${i};${rucOf(i)};${OWN_TYPES[i % 10]};${i % 240};${OWN_PLACES[(i >> 1) % 10]};Salud`;
}

function* eventLines(count: number, partners: number) {
  yield 'RUC del socio;Territorio;Tipo de asistencia;Fecha de solicitud;Fecha de primera asistencia;Personas asistidas';
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i++) {
    const requested = new Date(start + (i % 600) * 86_400_000 + (i % 1440) * 60_000);
    const delivered = new Date(requested.getTime() + ((i % 200) + 1) * 3_600_000);
    const day = (d: Date) =>
      `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    yield `${rucOf(i % partners)};${TERRITORIES[i % 10]};${SECTORS[i % 3]};${day(requested)};${day(delivered)};${(i % 500) + 1}`;
  }
}

async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakMb: number }> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, seconds, peakMb: (peak - baseline) / 1024 / 1024 };
}

export async function runImportBenchmark(
  engine: BenchEngine,
  record: (scenario: string, figure: Figure) => void = () => undefined,
  options: { partners?: number; events?: number } = {},
): Promise<void> {
  const partners = options.partners ?? 50_000;
  const events = options.events ?? 200_000;
  const dir = mkdtempSync(join(tmpdir(), 'cartera-bench-imports-'));
  const database = await engine.create('imports');
  const { db } = database;
  try {
    await migrateToLatest(db);
    const partnerFile = join(dir, 'socios.csv');
    const eventFile = join(dir, 'eventos.csv');
    await writeFile(partnerFile, 'latin1', partnerLines(partners));
    await writeFile(eventFile, 'utf8', eventLines(events, partners));

    const row: Row = (label, target, m) => {
      console.log(
        `${label.padEnd(52)} ${m.seconds.toFixed(2).padStart(7)} s   peak RSS +${m.peakMb.toFixed(0).padStart(4)} MB   (target ${target})`,
      );
      record(label.trim(), seconds(m.seconds, `, RSS +${m.peakMb.toFixed(0)} MB`));
    };
    console.log('');
    const preview = await measured(() =>
      startImport(db, SYSTEM_ACTOR, 'admin', 'partners', { path: partnerFile, originalName: 'socios.csv' }, null),
    );
    row(`import preview: ${partners.toLocaleString('en')}-row partner CSV`, '< 10 s, < 300 MB', preview);
    const committed = await measured(() => commitImport(db, SYSTEM_ACTOR, 'admin', preview.result.id));
    if (committed.result.createdCount !== partners)
      throw new Error(
        `expected ${partners} partners created, got ${committed.result.createdCount} (${committed.result.rejectedCount} rejected)`,
      );
    row(`import commit: ${partners.toLocaleString('en')} partners (scored)`, '< 15 s, < 300 MB', committed);
    const eventPreview = await measured(() =>
      startImport(db, SYSTEM_ACTOR, 'admin', 'events', { path: eventFile, originalName: 'eventos.csv' }, null),
    );
    row(`import preview: ${events.toLocaleString('en')}-row event CSV`, '—', eventPreview);
    const eventCommit = await measured(() => commitImport(db, SYSTEM_ACTOR, 'admin', eventPreview.result.id));
    if (eventCommit.result.createdCount !== events)
      throw new Error(
        `expected ${events} events created, got ${eventCommit.result.createdCount} (${eventCommit.result.rejectedCount} rejected)`,
      );
    row(`import commit: ${events.toLocaleString('en')} events (partners rescored)`, '< 30 s', eventCommit);
    await valueMappingBench(engine, dir, partners, row);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A partner file in an office's own words: preview, confirm its 20 unrecognized values, commit. */
async function valueMappingBench(engine: BenchEngine, dir: string, partners: number, row: Row): Promise<void> {
  const database = await engine.create('imports_values');
  const { db } = database;
  try {
    await migrateToLatest(db);
    const file = join(dir, 'propios.csv');
    await writeFile(file, 'utf8', officeWordLines(partners));
    const preview = await measured(() =>
      startImport(db, SYSTEM_ACTOR, 'admin', 'partners', { path: file, originalName: 'propios.csv' }, null),
    );
    const found = await getImport(db, 'admin', preview.result.id);
    if (found.unrecognized.length !== 20)
      throw new Error(`expected 20 unrecognized values, got ${found.unrecognized.length}`);
    row(`import preview: ${partners.toLocaleString('en')} rows, 20 unrecognized values`, '< 5 s', preview);
    const answers = [
      ...OWN_TYPES.map((value, i) => ({ field: 'organizationType', value, code: TYPE_CODES[i] ?? null })),
      ...OWN_PLACES.map((value, i) => ({ field: 'territories', value, code: PLACE_CODES[i] ?? null })),
    ];
    const mapped = await measured(() => applyValueMapping(db, SYSTEM_ACTOR, 'admin', preview.result.id, answers));
    row('  value mapping saved, file previewed again', '—', mapped);
    const committed = await measured(() => commitImport(db, SYSTEM_ACTOR, 'admin', preview.result.id));
    if (committed.result.createdCount !== partners)
      throw new Error(`expected ${partners} partners, got ${committed.result.createdCount}`);
    row(`import commit: ${partners.toLocaleString('en')} partners after value mapping`, '< 15 s', committed);
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const engine = sqliteEngine();
  try {
    await runImportBenchmark(engine);
  } finally {
    engine.dispose();
  }
}
