// Frozen in time: this migration never imports app code.
import type { Kysely } from 'kysely';
import { identity, money, double } from './engine.js';

const TERRITORIES = [
  { code: 'quito', name: 'Quito', province: 'Pichincha', provinceCode: '17', border: 0 },
  { code: 'tulcan', name: 'Tulcán', province: 'Carchi', provinceCode: '04', border: 1 },
  { code: 'huaquillas', name: 'Huaquillas', province: 'El Oro', provinceCode: '07', border: 1 },
  { code: 'lago_agrio', name: 'Lago Agrio (Nueva Loja)', province: 'Sucumbíos', provinceCode: '21', border: 1 },
  { code: 'ibarra', name: 'Ibarra', province: 'Imbabura', provinceCode: '10', border: 0 },
  { code: 'guayaquil', name: 'Guayaquil', province: 'Guayas', provinceCode: '09', border: 0 },
  { code: 'manta', name: 'Manta', province: 'Manabí', provinceCode: '13', border: 0 },
  { code: 'machala', name: 'Machala', province: 'El Oro', provinceCode: '07', border: 0 },
  { code: 'cuenca', name: 'Cuenca', province: 'Azuay', provinceCode: '01', border: 0 },
  { code: 'quevedo', name: 'Quevedo', province: 'Los Ríos', provinceCode: '12', border: 0 },
];

// R4V regional response plan sectors; protection sub-sectors name their parent.
const ASSISTANCE_TYPES: { code: string; es: string; en: string; parent?: string }[] = [
  { code: 'education', es: 'Educación', en: 'Education' },
  { code: 'food_security', es: 'Seguridad alimentaria', en: 'Food Security' },
  { code: 'health', es: 'Salud', en: 'Health' },
  { code: 'humanitarian_transportation', es: 'Transporte humanitario', en: 'Humanitarian Transportation' },
  { code: 'integration', es: 'Integración', en: 'Integration' },
  { code: 'nutrition', es: 'Nutrición', en: 'Nutrition' },
  { code: 'protection', es: 'Protección', en: 'Protection' },
  { code: 'child_protection', es: 'Protección de la niñez', en: 'Child Protection', parent: 'protection' },
  { code: 'gbv', es: 'Violencia basada en género', en: 'Gender-Based Violence', parent: 'protection' },
  { code: 'trafficking_smuggling', es: 'Trata y tráfico', en: 'Human Trafficking & Smuggling', parent: 'protection' },
  { code: 'shelter', es: 'Alojamiento temporal', en: 'Shelter' },
  { code: 'wash', es: 'Agua, saneamiento e higiene', en: 'WASH' },
  { code: 'multipurpose_cash', es: 'Transferencias monetarias multipropósito', en: 'Multipurpose Cash Transfers' },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('territories')
    .addColumn('id', 'integer', identity(db))
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('name_es', 'varchar(120)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(120)', (c) => c.notNull())
    .addColumn('province', 'varchar(80)', (c) => c.notNull())
    .addColumn('province_code', 'varchar(2)', (c) => c.notNull())
    .addColumn('is_border_crossing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('assistance_types')
    .addColumn('id', 'integer', identity(db))
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('name_es', 'varchar(120)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(120)', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('assistance_types.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('partners')
    .addColumn('id', 'integer', identity(db))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('search_text', 'varchar(500)', (c) => c.notNull())
    .addColumn('acronym', 'varchar(30)')
    .addColumn('ruc', 'varchar(13)', (c) => c.unique())
    .addColumn('organization_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('localization_category', 'varchar(40)', (c) => c.notNull())
    .addColumn('staff_count', 'integer', (c) => c.notNull())
    .addColumn('volunteer_count', 'integer')
    .addColumn('annual_budget_usd', money(db))
    .addColumn('year_founded', 'integer')
    .addColumn('admin_steps', 'integer')
    .addColumn('declared_response_hours', double(db))
    .addColumn('contact_name', 'varchar(200)')
    .addColumn('contact_email', 'varchar(254)')
    .addColumn('contact_phone', 'varchar(40)')
    .addColumn('notes', 'text')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partners_name_key_idx').on('partners').columns(['name_key', 'id']).execute();
  await db.schema.createIndex('partners_status_name_idx').on('partners').columns(['status', 'name_key']).execute();
  await db.schema.createIndex('partners_staff_idx').on('partners').columns(['staff_count', 'id']).execute();
  await db.schema.createIndex('partners_updated_idx').on('partners').columns(['updated_at', 'id']).execute();

  for (const [table, column, target] of [
    ['partner_territories', 'territory_id', 'territories'],
    ['partner_assistance_types', 'assistance_type_id', 'assistance_types'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
      .addColumn(column, 'integer', (c) => c.notNull().references(`${target}.id`))
      .addPrimaryKeyConstraint(`${table}_pk`, ['partner_id', column])
      .execute();
    await db.schema.createIndex(`${table}_reverse_idx`).on(table).columns([column, 'partner_id']).execute();
  }

  // Each saved version of a profile, so a stale edit can be merged against what its author saw.
  await db.schema
    .createTable('partner_revisions')
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_revisions_pk', ['partner_id', 'version'])
    .execute();

  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db
    .insertInto('territories')
    .values(
      TERRITORIES.map((t, i) => ({
        code: t.code,
        name_es: t.name,
        name_en: t.name,
        province: t.province,
        province_code: t.provinceCode,
        is_border_crossing: t.border,
        sort_order: i + 1,
      })),
    )
    .execute();

  for (const [i, type] of ASSISTANCE_TYPES.entries()) {
    const parent = type.parent
      ? await db.selectFrom('assistance_types').select('id').where('code', '=', type.parent).executeTakeFirstOrThrow()
      : null;
    await db
      .insertInto('assistance_types')
      .values({ code: type.code, name_es: type.es, name_en: type.en, parent_id: parent?.id ?? null, sort_order: i + 1 })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'app_settings',
    'partner_revisions',
    'partner_assistance_types',
    'partner_territories',
    'partners',
    'assistance_types',
    'territories',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
