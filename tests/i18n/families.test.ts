// The message families that code and views complete at run time (`t('role.' + user.role)`,
// `labelKey('flagLevel', flag.level)`): every code of the domain has a message in both languages.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../../src/audit/audit-event.js';
import { ROLES } from '../../src/auth/access.js';
import type { RestoreBlock as EvidenceRestoreBlock } from '../../src/evidence/removal.js';
import { FLAG_CATEGORIES, FLAG_LEVELS, FLAG_STATUSES } from '../../src/evidence/schemas.js';
import type { WorkKind } from '../../src/http/work-queue.js';
import { LANGUAGES, type MessageFamily, type MessageKey, dictionaries } from '../../src/i18n/index.js';
import { IMPORT_TYPES } from '../../src/imports/fields.js';
import type { ImportStatus } from '../../src/imports/import-record.js';
import { LOCALIZATION_CATEGORIES, ORGANIZATION_TYPES, PARTNER_STATUSES } from '../../src/partners/partner.js';
import { PARTNER_SORTS } from '../../src/partners/schemas.js';
import { SIZE_CLASSES } from '../../src/partners/size-class.js';
import { AGREEMENT_STATUSES, DECISION_KINDS } from '../../src/portfolio/rules.js';
import type { RestoreBlock as TargetRestoreBlock } from '../../src/portfolio/service.js';
import { EVIDENCE_LEVELS } from '../../src/scoring/evidence-level.js';
import { COMPONENTS } from '../../src/scoring/methodology.js';
import type { MethodologyStatus } from '../../src/scoring/methodology.js';
import { RECOMMENDATIONS } from '../../src/scoring/score.js';

const FAMILIES: [MessageFamily, readonly string[]][] = [
  ['sizeClass', SIZE_CLASSES],
  ['reason.sizeAdjective', SIZE_CLASSES],
  ['role', ROLES],
  ['role.description', ROLES],
  ['recommendation', RECOMMENDATIONS],
  ['evidenceLevel', EVIDENCE_LEVELS],
  ['component', COMPONENTS],
  ['flagLevel', FLAG_LEVELS],
  ['flagCategory', FLAG_CATEGORIES],
  ['flagStatus', FLAG_STATUSES],
  ['agreementStatus', AGREEMENT_STATUSES],
  ['decisionKind', DECISION_KINDS],
  ['organizationType', ORGANIZATION_TYPES],
  ['localization', LOCALIZATION_CATEGORIES],
  ['status', PARTNER_STATUSES],
  ['sort', PARTNER_SORTS],
  ['audit.entity', AUDIT_ENTITIES],
  ['audit.action', AUDIT_ACTIONS],
  ['imports.type', IMPORT_TYPES],
  ['language', LANGUAGES],
];

describe('message families', () => {
  it.each(FAMILIES)('%s has a message for every code in both languages', (family, codes) => {
    const missing = LANGUAGES.flatMap((language) =>
      codes
        .filter((code) => !Object.hasOwn(dictionaries[language], `${family}.${code}`))
        .map((code) => `${language}: ${family}.${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('code unions without a list have a message for every code (checked when the tests compile)', () => {
    expectTypeOf<`undo.blocked.${EvidenceRestoreBlock}`>().toExtend<MessageKey>();
    expectTypeOf<`undo.blocked.${TargetRestoreBlock}`>().toExtend<MessageKey>();
    expectTypeOf<`methodologyStatus.${MethodologyStatus}`>().toExtend<MessageKey>();
    expectTypeOf<`imports.status.${ImportStatus}`>().toExtend<MessageKey>();
    expectTypeOf<`work.busy.${WorkKind}`>().toExtend<MessageKey>();
  });
});
