// Tables as the app sees them through Kysely's CamelCasePlugin (columns are snake_case in SQL).
// Types are what better-sqlite3 really returns: dates as ISO text, booleans as 0/1.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface TerritoriesTable {
  id: Generated<number>;
  code: string;
  nameEs: string;
  nameEn: string;
  province: string;
  provinceCode: string;
  isBorderCrossing: number;
  sortOrder: number;
}

export interface AssistanceTypesTable {
  id: Generated<number>;
  code: string;
  nameEs: string;
  nameEn: string;
  parentId: number | null;
  sortOrder: number;
}

export interface PartnersTable {
  id: Generated<number>;
  name: string;
  nameKey: string;
  searchText: string;
  acronym: string | null;
  ruc: string | null;
  organizationType: string;
  localizationCategory: string;
  staffCount: number;
  volunteerCount: number | null;
  annualBudgetUsd: number | null;
  yearFounded: number | null;
  adminSteps: number | null;
  declaredResponseHours: number | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  notes: string | null;
  status: string;
  version: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface PartnerTerritoriesTable {
  partnerId: number;
  territoryId: number;
}

export interface PartnerAssistanceTypesTable {
  partnerId: number;
  assistanceTypeId: number;
}

export interface PartnerRevisionsTable {
  partnerId: number;
  version: number;
  snapshot: string;
  recordedAt: string;
}

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: string;
  passwordHash: string;
  mustChangePassword: number;
  language: string | null;
  active: number;
  createdAt: string;
  updatedAt: string;
  lastSignInAt: string | null;
}

export interface SessionsTable {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  userId: number;
  name: string;
  tokenHash: string;
  tokenPrefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurredAt: string;
  actorUserId: number | null;
  actorTokenId: number | null;
  actorLabel: string;
  action: string;
  entity: string;
  entityId: number | null;
  changes: string | null;
  details: string | null;
}

export interface MethodologiesTable {
  id: Generated<number>;
  version: number;
  name: string;
  status: string;
  parameters: string;
  rationale: string | null;
  createdBy: string;
  createdAt: string;
  activatedBy: string | null;
  activatedAt: string | null;
}

export interface ResponseEventsTable {
  id: Generated<number>;
  partnerId: number;
  territoryId: number;
  assistanceTypeId: number;
  requestedAt: string;
  firstAssistanceAt: string | null;
  responseHours: number | null;
  peopleAssisted: number | null;
  notes: string | null;
  importKey: Generated<string | null>;
  createdAt: string;
  updatedAt: string;
}

export interface PerformanceReviewsTable {
  id: Generated<number>;
  partnerId: number;
  periodStart: string;
  periodEnd: string;
  rating: number;
  notes: string | null;
  importKey: Generated<string | null>;
  createdAt: string;
  updatedAt: string;
}

export interface FlagsTable {
  id: Generated<number>;
  partnerId: number;
  level: string;
  category: string;
  comment: string;
  status: string;
  resolution: string | null;
  raisedBy: string;
  raisedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  updatedAt: string;
}

export interface PartnerScoresTable {
  partnerId: number;
  methodologyVersion: number;
  scoredAt: string;
  sizeClass: string;
  isSmall: number;
  sizeScore: number | null;
  responseScore: number | null;
  responseRaw: number | null;
  responseSource: string | null;
  adminStepsScore: number | null;
  qualityScore: number | null;
  components: string;
  agility: number | null;
  overall: number | null;
  completeness: number;
  recommendation: string;
  isSmallAgile: number;
  openRedFlag: number;
  /** 1 when the response time is measured or a review is in the window (methodology v2). */
  verified: Generated<number>;
}

export interface AgreementsTable {
  id: Generated<number>;
  partnerId: number;
  code: string;
  title: string;
  startDate: string;
  endDate: string;
  amountUsd: number;
  peopleTargeted: number | null;
  peopleReached: number | null;
  status: string;
  version: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface AgreementTerritoriesTable {
  agreementId: number;
  territoryId: number;
}

export interface AgreementAssistanceTypesTable {
  agreementId: number;
  assistanceTypeId: number;
}

export interface PortfolioTargetsTable {
  key: string;
  value: number;
  updatedBy: string;
  updatedAt: string;
}

export interface DecisionsTable {
  id: Generated<number>;
  partnerId: number;
  kind: string;
  rationale: string;
  agreementId: number | null;
  recommendationAtDecision: string | null;
  confirmedAgainstRecommendation: number;
  decidedBy: string;
  decidedAt: string;
}

export interface ImportsTable {
  id: Generated<number>;
  type: string;
  fileName: string;
  format: string;
  sheet: string | null;
  encoding: string | null;
  delimiter: string | null;
  status: string;
  headers: string;
  mapping: string;
  totalRows: Generated<number>;
  createdCount: Generated<number>;
  updatedCount: Generated<number>;
  unchangedCount: Generated<number>;
  rejectedCount: Generated<number>;
  warningCount: Generated<number>;
  issues: string;
  storedFile: string | null;
  userId: number | null;
  actorLabel: string;
  createdAt: string;
  committedAt: string | null;
  valueMapping: Generated<string>;
  unrecognized: Generated<string>;
  cellEdits: Generated<string>;
  /** A sheet's import points at its workbook's (type 'workbook'); null for a file of one type. */
  workbookId: number | null;
}

export interface ImportRecordsTable {
  importId: number;
  entity: string;
  entityId: number;
  action: string;
}

export interface ImportMappingsTable {
  type: string;
  signature: string;
  mapping: string;
  updatedAt: string;
}

export interface ImportValueMappingsTable {
  id: Generated<number>;
  field: string;
  list: string;
  valueKey: string;
  value: string;
  code: string;
  userId: number | null;
  actorLabel: string;
  updatedAt: string;
}

/** API requests per caller (`token:<id>` or `user:<id>`) in each clock minute (ISO start). */
export interface ApiRateCountsTable {
  caller: string;
  windowStart: string;
  count: number;
}

/** An import's uploaded file, kept while its preview waits, so any instance can read it again. */
export interface ImportFilesTable {
  name: string;
  content: Buffer;
  size: number;
  createdAt: string;
}

/** The period (ISO start) a scheduled job last ran for, whichever instance ran it. */
export interface ScheduledRunsTable {
  job: string;
  periodStart: string;
  lastRunAt: string;
  runs: number;
}

export interface Database {
  apiRateCounts: ApiRateCountsTable;
  importFiles: ImportFilesTable;
  scheduledRuns: ScheduledRunsTable;
  imports: ImportsTable;
  importValueMappings: ImportValueMappingsTable;
  importRecords: ImportRecordsTable;
  importMappings: ImportMappingsTable;
  agreements: AgreementsTable;
  agreementTerritories: AgreementTerritoriesTable;
  agreementAssistanceTypes: AgreementAssistanceTypesTable;
  portfolioTargets: PortfolioTargetsTable;
  decisions: DecisionsTable;
  methodologies: MethodologiesTable;
  responseEvents: ResponseEventsTable;
  performanceReviews: PerformanceReviewsTable;
  flags: FlagsTable;
  partnerScores: PartnerScoresTable;
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  signInThrottle: SignInThrottleTable;
  auditEvents: AuditEventsTable;
  territories: TerritoriesTable;
  assistanceTypes: AssistanceTypesTable;
  partners: PartnersTable;
  partnerTerritories: PartnerTerritoriesTable;
  partnerAssistanceTypes: PartnerAssistanceTypesTable;
  partnerRevisions: PartnerRevisionsTable;
  appSettings: AppSettingsTable;
}

export type PartnerRow = Selectable<PartnersTable>;
export type NewPartnerRow = Insertable<PartnersTable>;
export type PartnerRowUpdate = Updateable<PartnersTable>;
export type TerritoryRow = Selectable<TerritoriesTable>;
export type AssistanceTypeRow = Selectable<AssistanceTypesTable>;
export type UserRow = Selectable<UsersTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type ResponseEventRow = Selectable<ResponseEventsTable>;
export type PerformanceReviewRow = Selectable<PerformanceReviewsTable>;
export type FlagRow = Selectable<FlagsTable>;
export type PartnerScoreRow = Selectable<PartnerScoresTable>;
export type AgreementRow = Selectable<AgreementsTable>;
export type DecisionRow = Selectable<DecisionsTable>;
export type ImportRow = Selectable<ImportsTable>;
