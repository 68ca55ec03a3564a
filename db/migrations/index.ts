// Static migration provider: plain imports, so tsx and vitest load migrations alike.
import type { Migration } from 'kysely';
import * as partnerRegistry from './2026-11-24T0900_partner_registry.js';
import * as accountsAndAudit from './2026-11-24T1000_accounts_and_audit.js';
import * as scoring from './2026-11-24T1100_scoring.js';
import * as portfolio from './2026-11-24T1200_portfolio.js';
import * as imports from './2026-11-24T1300_imports.js';
import * as dashboard from './2026-11-24T1400_dashboard.js';
import * as evidenceFirst from './2026-12-03T0900_evidence_first.js';
import * as importValues from './2026-12-03T1000_import_values.js';
import * as importWorkbooks from './2026-12-03T1020_import_workbooks.js';
import * as instances from './2026-12-08T0900_instances.js';

export const migrations: Record<string, Migration> = {
  '2026-11-24T0900_partner_registry': partnerRegistry,
  '2026-11-24T1000_accounts_and_audit': accountsAndAudit,
  '2026-11-24T1100_scoring': scoring,
  '2026-11-24T1200_portfolio': portfolio,
  '2026-11-24T1300_imports': imports,
  '2026-11-24T1400_dashboard': dashboard,
  '2026-12-03T0900_evidence_first': evidenceFirst,
  '2026-12-03T1000_import_values': importValues,
  '2026-12-03T1020_import_workbooks': importWorkbooks,
  '2026-12-08T0900_instances': instances,
};
