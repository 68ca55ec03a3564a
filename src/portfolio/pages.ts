// Procurement's workspace: agreements, retention alerts, balance and targets, decisions, and the
// rapid-response finder that every role can use.
import { referenceNames } from '../exports/reference-names.js';
import { inPages, requestedExport, sendExport } from '../exports/table-export.js';
import { agreementColumns, alertColumns, decisionColumns } from './export.js';
import type { Request, Response } from 'express';
import { filtersFromQuery } from '../dashboard/filters.js';
import type { Db } from '../database/connect.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { labelKey } from '../i18n/index.js';
import { findPartner } from '../partners/repository.js';
import { LOCALIZATION_CATEGORIES } from '../partners/partner.js';
import { SIZE_CLASSES } from '../partners/size-class.js';
import { listAssistanceTypes, listTerritories } from '../reference-data/repository.js';
import { ecuadorToday, startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, filtersFromAddress, formErrors, parseForm, textFields } from '../shared/forms.js';
import { parseLocaleNumber } from '../shared/numbers.js';
import { toFieldIssues } from '../shared/validation.js';
import { currentRetentionAlerts } from './alerts.js';
import { portfolioBalance } from './balance.js';
import { findResponders } from './finder.js';
import type { Agreement } from './repository.js';
import { AGREEMENT_STATUSES, DECISION_KINDS } from './rules.js';
import {
  agreementListQuerySchema,
  agreementSchema,
  decisionListQuerySchema,
  decisionSchema,
  finderQuerySchema,
  targetsSchema,
} from './schemas.js';
import * as service from './service.js';

const PAGE_SIZE = 50;
// The labels the forms show, for fields without a `field.*` label of their own.
const FINDER_LABELS = {
  territoryId: 'filter.territory',
  assistanceTypeId: 'filter.assistanceType',
  people: 'finder.people',
};
const DECISION_LABELS = {
  kind: 'decisions.col.kind',
  rationale: 'decisions.col.rationale',
  agreementId: 'decisions.col.agreement',
};
const AGREEMENT_FORM_FIELDS = [
  'partnerId',
  'code',
  'title',
  'startDate',
  'endDate',
  'amountUsd',
  'territoryIds',
  'assistanceTypeIds',
  'peopleTargeted',
  'peopleReached',
  'status',
] as const;

type Values = Record<string, string | string[]>;

function agreementValues(body: unknown): Values {
  const source = (body ?? {}) as Record<string, unknown>;
  const values: Values = {};
  for (const field of [...AGREEMENT_FORM_FIELDS, 'version', 'partnerId']) {
    const raw = source[field];
    if (field === 'territoryIds' || field === 'assistanceTypeIds')
      values[field] = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).map(String);
    else values[field] = typeof raw === 'string' ? raw : '';
  }
  return values;
}

function agreementInput(values: Values) {
  const num = (v: string | string[] | undefined) =>
    typeof v === 'string' && v.trim() !== '' ? parseLocaleNumber(v) : null;
  return {
    partnerId: num(values.partnerId),
    code: values.code,
    title: values.title,
    startDate: values.startDate,
    endDate: values.endDate,
    amountUsd: num(values.amountUsd),
    territoryIds: (values.territoryIds as string[]).map(Number),
    assistanceTypeIds: (values.assistanceTypeIds as string[]).map(Number),
    peopleTargeted: num(values.peopleTargeted),
    peopleReached: num(values.peopleReached),
    status: values.status,
  };
}

function valuesOf(a: Agreement): Values {
  return {
    partnerId: String(a.partnerId),
    code: a.code,
    title: a.title,
    startDate: a.startDate,
    endDate: a.endDate,
    amountUsd: String(a.amountUsd),
    territoryIds: a.territoryIds.map(String),
    assistanceTypeIds: a.assistanceTypeIds.map(String),
    peopleTargeted: a.peopleTargeted === null ? '' : String(a.peopleTargeted),
    peopleReached: a.peopleReached === null ? '' : String(a.peopleReached),
    status: a.status,
    version: String(a.version),
  };
}

const TARGET_LABELS = {
  smallShareMin: 'targets.field.smallShare',
  localFundingShareMin: 'targets.field.localFunding',
  smallAgilePerTerritoryMin: 'targets.field.perTerritory',
} as const;

function targetParam(req: Request): service.TargetName {
  const name = req.params.target;
  if (!service.isTargetName(name)) throw new NotFoundError('targets');
  return name;
}

/** Shares are stored as fractions and typed as percentages. */
const asTyped = (name: service.TargetName, value: number) =>
  name === 'smallAgilePerTerritoryMin' ? value : Math.round(value * 10000) / 100;
const targetShown = (res: Response, name: service.TargetName, value: number) =>
  name === 'smallAgilePerTerritoryMin'
    ? res.locals.fmt.integer(value)
    : `${res.locals.fmt.decimal(asTyped(name, value))} %`;

export function portfolioPageRoutes(db: Db): RouteSpec[] {
  /** The targets form; a target removed shows empty, with Undo right after its removal. */
  async function renderTargets(
    req: Request,
    res: Response,
    status: number,
    typed: { values: Record<string, string>; issues: FieldIssue[] } | null,
  ) {
    const set = await service.targetsSet(db);
    const values =
      typed?.values ??
      Object.fromEntries(
        service.TARGET_NAMES.map((name) => [name, set[name] === null ? '' : String(asTyped(name, set[name]!))]),
      );
    const removed = service.isTargetName(req.query.removed) ? req.query.removed : null;
    const undo = removed
      ? { action: `/portfolio/targets/${removed}/restore`, blocked: await service.targetRestoreBlocker(db, removed) }
      : null;
    res.status(status).render('portfolio/targets', {
      values,
      set,
      names: service.TARGET_NAMES,
      labels: TARGET_LABELS,
      notice: removed ? 'targets.removed' : req.query.notice === 'restored' ? 'targets.restored' : null,
      undo,
      errors: typed ? formErrors(res, typed.issues, service.TARGET_NAMES, { labels: TARGET_LABELS }) : NO_ERRORS,
    });
  }

  /** The agreement form; a new agreement opened without a partner (from the header) lets the user choose one. */
  async function renderAgreementForm(
    res: Response,
    status: number,
    view: {
      values: Values;
      agreementId: number | null;
      choosePartner: boolean;
      issues?: FieldIssue[];
      stale?: boolean;
    },
  ) {
    const [territories, assistanceTypes, partner, partners] = await Promise.all([
      listTerritories(db),
      listAssistanceTypes(db),
      findPartner(db, Number(view.values.partnerId)),
      view.choosePartner ? service.partnerChoices(db) : [],
    ]);
    res.status(status).render('portfolio/agreement-form', {
      ...view,
      partner,
      partnerName: partner?.name ?? null,
      partners,
      territories,
      assistanceTypes,
      statuses: AGREEMENT_STATUSES,
      errors: view.issues ? formErrors(res, view.issues, AGREEMENT_FORM_FIELDS) : NO_ERRORS,
    });
  }

  async function saveAgreement(req: Request, res: Response, agreementId: number | null) {
    const values = agreementValues(req.body);
    const choosePartner =
      agreementId === null && (req.body as Record<string, unknown> | undefined)?.choosePartner === '1';
    const partner = await findPartner(db, Number(values.partnerId));
    if (!partner && !choosePartner) throw new NotFoundError('partner');
    const input = agreementInput(values);
    const parsed = parseForm(agreementSchema, input);
    const view = { values, agreementId, choosePartner };
    const unknownPartner = !partner ? [{ path: 'partnerId', message: 'validation.partnerRequired' }] : [];
    if ('issues' in parsed)
      return renderAgreementForm(res, 400, { ...view, issues: [...unknownPartner, ...parsed.issues] });
    if (unknownPartner.length > 0) return renderAgreementForm(res, 400, { ...view, issues: unknownPartner });
    try {
      const { partnerId: _fromForm, ...changes } = parsed.data;
      const { agreement } =
        agreementId === null
          ? await service.createAgreement(db, actorOf(res), parsed.data)
          : await service.updateAgreement(db, actorOf(res), agreementId, {
              ...changes,
              version: Number(values.version),
            });
      res.redirect(303, `/agreements/${agreement.id}?notice=saved`);
    } catch (error) {
      if (error instanceof service.StaleAgreementError) {
        // Keep what the user typed; saving again now overwrites knowingly, against the current version.
        return renderAgreementForm(res, 409, {
          ...view,
          values: { ...values, version: String(error.current.version) },
          issues: error.issues,
          stale: true,
        });
      }
      if (error instanceof ValidationError || error instanceof ConflictError)
        return renderAgreementForm(res, 400, { ...view, issues: error.issues });
      throw error;
    }
  }

  /** Closing or activating is an edit of the version the user saw: a change made since then is not applied blindly. */
  async function moveAgreement(req: Request, res: Response, from: 'draft' | 'active', to: 'active' | 'closed') {
    const agreement = await service.findAgreement(db, idParam(req, 'agreement'));
    if (!agreement) throw new NotFoundError('agreement');
    const seen = Number((req.body as Record<string, unknown> | undefined)?.version);
    if (agreement.status !== from || seen !== agreement.version) {
      return res.status(409).render('errors/bad-request', {
        message: res.locals.t(
          agreement.status !== from
            ? to === 'closed'
              ? 'agreements.closeNotActive'
              : 'agreements.activateNotDraft'
            : 'validation.staleAgreement',
        ),
      });
    }
    await service.updateAgreement(db, actorOf(res), agreement.id, { status: to, version: seen });
    res.redirect(303, `/agreements/${agreement.id}?notice=${to}`);
  }

  return [
    get('/agreements', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(agreementListQuerySchema, req.query, { pageSize: PAGE_SIZE });
      const wanted = requestedExport(req);
      if (wanted) {
        const rows = inPages(
          async (limit, offset) =>
            (await service.listAgreements(db, { ...query, page: offset / limit + 1, pageSize: limit })).data,
        );
        return sendExport(res, wanted, {
          name: 'agreements',
          columns: agreementColumns(await referenceNames(db, res.locals.lang)),
          rows,
        });
      }
      const [{ data, total, amountUsd }, territories, assistanceTypes] = await Promise.all([
        service.listAgreements(db, query),
        listTerritories(db),
        listAssistanceTypes(db),
      ]);
      const params = new URLSearchParams(
        Object.entries(query)
          .filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'pageSize')
          .map(([k, v]) => [k, String(v)]),
      );
      res.render('portfolio/agreements', {
        agreements: data,
        total,
        amountUsd,
        query,
        territories,
        assistanceTypes,
        statuses: AGREEMENT_STATUSES,
        sizeClasses: SIZE_CLASSES,
        localizationCategories: LOCALIZATION_CATEGORIES,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        pageUrl: (page: number) => `/agreements?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`,
      });
    }),

    get('/agreements/new', 'portfolio.manage', async (req, res) => {
      const partner =
        req.query.partnerId === undefined ? undefined : await findPartner(db, Number(req.query.partnerId));
      if (req.query.partnerId !== undefined && !partner) throw new NotFoundError('partner');
      const code = await service.suggestAgreementCode(db, Number(ecuadorToday().slice(0, 4)));
      await renderAgreementForm(res, 200, {
        values: {
          partnerId: partner ? String(partner.id) : '',
          code,
          title: '',
          startDate: '',
          endDate: '',
          amountUsd: '',
          territoryIds: partner?.territoryIds.map(String) ?? [],
          assistanceTypeIds: partner?.assistanceTypeIds.map(String) ?? [],
          peopleTargeted: '',
          peopleReached: '',
          status: 'draft',
        },
        agreementId: null,
        choosePartner: !partner,
      });
    }),

    post('/agreements', 'portfolio.manage', (req, res) => saveAgreement(req, res, null)),

    get('/agreements/:id', 'partners.read', async (req, res) => {
      const agreement = await service.findAgreement(db, idParam(req, 'agreement'));
      if (!agreement) throw new NotFoundError('agreement');
      const [partner, territories, assistanceTypes] = await Promise.all([
        findPartner(db, agreement.partnerId),
        listTerritories(db),
        listAssistanceTypes(db),
      ]);
      const notices: Record<string, string> = {
        saved: 'agreements.saved',
        closed: 'agreements.closedNotice',
        active: 'agreements.activatedNotice',
      };
      res.render('portfolio/agreement', {
        agreement,
        partner,
        territories,
        assistanceTypes,
        notice: notices[String(req.query.notice)] ?? null,
      });
    }),

    get('/agreements/:id/edit', 'portfolio.manage', async (req, res) => {
      const agreement = await service.findAgreement(db, idParam(req, 'agreement'));
      if (!agreement) throw new NotFoundError('agreement');
      await renderAgreementForm(res, 200, {
        values: valuesOf(agreement),
        agreementId: agreement.id,
        choosePartner: false,
      });
    }),

    post('/agreements/:id/edit', 'portfolio.manage', (req, res) => saveAgreement(req, res, idParam(req, 'agreement'))),

    post('/agreements/:id/close', 'portfolio.manage', (req, res) => moveAgreement(req, res, 'active', 'closed')),

    post('/agreements/:id/activate', 'portfolio.manage', (req, res) => moveAgreement(req, res, 'draft', 'active')),

    get('/portfolio/alerts', 'partners.read', async (req, res) => {
      const all = await currentRetentionAlerts(db);
      const wanted = requestedExport(req);
      if (wanted) return sendExport(res, wanted, { name: 'alerts', columns: alertColumns, rows: all });
      const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
      const page = Math.min(pages, Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
      const shown = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      res.render('portfolio/alerts', {
        urgent: shown.filter((a) => !a.longGone),
        longGone: shown.filter((a) => a.longGone),
        total: all.length,
        page,
        pages,
        territories: await listTerritories(db),
      });
    }),

    get('/portfolio/balance', 'partners.read', async (req, res) => {
      const { filters, issues } = filtersFromQuery(req.query);
      const [balance, territories, assistanceTypes] = await Promise.all([
        portfolioBalance(db, filters),
        listTerritories(db),
        listAssistanceTypes(db),
      ]);
      res.status(issues.length ? 400 : 200).render('portfolio/balance', {
        balance,
        filters,
        territories,
        assistanceTypes,
        sizeClasses: SIZE_CLASSES,
        localizationCategories: LOCALIZATION_CATEGORIES,
        errors: issues.length ? formErrors(res, issues, ['from', 'to', 'territoryId', 'assistanceTypeId']) : NO_ERRORS,
      });
    }),

    get('/portfolio/targets', 'portfolio.manage', async (req, res) => {
      await renderTargets(req, res, 200, null);
    }),

    post('/portfolio/targets', 'portfolio.manage', async (req, res) => {
      const values = textFields(req.body, [
        'smallShareMin',
        'localFundingShareMin',
        'smallAgilePerTerritoryMin',
      ] as const);
      const parsed = parseForm(
        targetsSchema,
        Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' ? null : parseLocaleNumber(v)])),
      );
      if ('issues' in parsed) return renderTargets(req, res, 400, { values, issues: parsed.issues });
      await service.setTargets(db, actorOf(res), {
        smallShareMin: parsed.data.smallShareMin / 100,
        localFundingShareMin: parsed.data.localFundingShareMin / 100,
        smallAgilePerTerritoryMin: parsed.data.smallAgilePerTerritoryMin,
      });
      res.redirect(303, '/portfolio/balance');
    }),

    get('/portfolio/targets/:target/delete', 'portfolio.manage', async (req, res) => {
      const name = targetParam(req);
      const value = (await service.targetsSet(db))[name];
      if (value === null) throw new NotFoundError('targets');
      const t = res.locals.t;
      res.render('removals/confirm', {
        heading: t('removal.target.heading'),
        effect: t('removal.target.effect'),
        details: [[t(TARGET_LABELS[name]), targetShown(res, name, value)]],
        action: `/portfolio/targets/${name}/delete`,
        cancel: '/portfolio/targets',
      });
    }),

    post('/portfolio/targets/:target/delete', 'portfolio.manage', async (req, res) => {
      const name = targetParam(req);
      await service.removeTarget(db, actorOf(res), name);
      res.redirect(303, `/portfolio/targets?removed=${name}`);
    }),

    post('/portfolio/targets/:target/restore', 'portfolio.manage', async (req, res) => {
      const blocked = await service.restoreTarget(db, actorOf(res), targetParam(req));
      if (blocked)
        return res
          .status(409)
          .render('removals/refused', { reason: `undo.blocked.${blocked}`, back: '/portfolio/targets' });
      res.redirect(303, '/portfolio/targets?notice=restored');
    }),

    post('/partners/:id/decisions', 'portfolio.manage', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const partner = await findPartner(db, partnerId);
      if (!partner) throw new NotFoundError('partner');
      const body = (req.body ?? {}) as Record<string, string>;
      const values = { kind: body.kind ?? '', rationale: body.rationale ?? '', agreementId: body.agreementId ?? '' };
      const parsed = parseForm(decisionSchema, {
        kind: values.kind,
        rationale: values.rationale,
        agreementId: values.agreementId ? Number(values.agreementId) : null,
        confirmExit: body.confirmExit === 'yes',
      });
      const agreements = await service.agreementsOfPartner(db, partnerId);
      const again = (status: number, issues: FieldIssue[], confirm = false) =>
        res.status(status).render('portfolio/decision-form', {
          partner,
          values,
          agreements,
          kinds: DECISION_KINDS,
          confirm,
          errors: issues.length
            ? formErrors(res, issues, ['kind', 'rationale', 'agreementId'], { labels: DECISION_LABELS })
            : NO_ERRORS,
        });
      if ('issues' in parsed) return again(400, parsed.issues);
      try {
        await service.recordDecision(db, actorOf(res), partnerId, parsed.data);
      } catch (error) {
        if (error instanceof service.ExitNeedsConfirmation) return again(409, [], true);
        if (error instanceof ValidationError) return again(400, error.issues);
        throw error;
      }
      res.redirect(303, `/partners/${partnerId}?notice=decisionRecorded#decisions`);
    }),

    get('/partners/:id/decisions/new', 'portfolio.manage', async (req, res) => {
      const partner = await findPartner(db, idParam(req, 'partner'));
      if (!partner) throw new NotFoundError('partner');
      const kind = typeof req.query.kind === 'string' ? req.query.kind : '';
      res.render('portfolio/decision-form', {
        partner,
        values: { kind, rationale: '', agreementId: '' },
        agreements: await service.agreementsOfPartner(db, partner.id),
        kinds: DECISION_KINDS,
        confirm: false,
        errors: NO_ERRORS,
      });
    }),

    get('/partners/:id/decisions/:decisionId/delete', 'portfolio.manage', async (req, res) => {
      const partner = await findPartner(db, idParam(req, 'partner'));
      if (!partner) throw new NotFoundError('partner');
      const { decision, score } = await service.previewDecisionRemoval(
        db,
        partner.id,
        idParam(req, 'decision', 'decisionId'),
      );
      const { t, fmt } = res.locals;
      res.render('removals/confirm', {
        heading: t('removal.decision.heading'),
        effect: t('removal.decision.effect', { partner: partner.name }),
        partner,
        details: [
          [t('decisions.col.kind'), t(labelKey('decisionKind', decision.kind))],
          [t('decisions.col.rationale'), decision.rationale],
          [t('decisions.col.decidedBy'), decision.decidedBy],
          [t('decisions.col.decidedAt'), fmt.dateTime(decision.decidedAt)],
        ],
        before: score,
        after: score,
        action: `/partners/${partner.id}/decisions/${decision.id}/delete`,
        cancel: `/partners/${partner.id}#decisions`,
      });
    }),

    post('/partners/:id/decisions/:decisionId/delete', 'portfolio.manage', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const decisionId = idParam(req, 'decision', 'decisionId');
      await service.removeDecision(db, actorOf(res), partnerId, decisionId);
      res.redirect(303, `/partners/${partnerId}?notice=decisionRemoved&undo=${decisionId}`);
    }),

    post('/partners/:id/decisions/:decisionId/restore', 'portfolio.manage', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const blocked = await service.restoreDecision(
        db,
        actorOf(res),
        partnerId,
        idParam(req, 'decision', 'decisionId'),
      );
      if (blocked)
        return res
          .status(409)
          .render('removals/refused', { reason: `undo.blocked.${blocked}`, back: `/partners/${partnerId}` });
      res.redirect(303, `/partners/${partnerId}?notice=decisionRestored#decisions`);
    }),

    get('/decisions', 'partners.read', async (req, res) => {
      const { query: filters } = filtersFromAddress(decisionListQuerySchema, req.query);
      let q = db.selectFrom('decisions').innerJoin('partners', 'partners.id', 'decisions.partnerId');
      if (filters.kind) q = q.where('decisions.kind', '=', filters.kind);
      if (filters.partnerId) q = q.where('decisions.partnerId', '=', filters.partnerId);
      if (filters.from) q = q.where('decisions.decidedAt', '>=', startOfEcuadorDay(filters.from));
      if (filters.to) q = q.where('decisions.decidedAt', '<', startOfNextEcuadorDay(filters.to));
      const rows = q
        .selectAll('decisions')
        .select('partners.name as partnerName')
        .orderBy('decisions.decidedAt', 'desc')
        .orderBy('decisions.id', 'desc');
      const wanted = requestedExport(req);
      if (wanted)
        return sendExport(res, wanted, {
          name: 'decisions',
          columns: decisionColumns,
          rows: inPages((limit, offset) => rows.limit(limit).offset(offset).execute()),
        });
      const [data, count] = await Promise.all([
        rows
          .limit(PAGE_SIZE)
          .offset((filters.page - 1) * PAGE_SIZE)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      res.render('portfolio/decisions', { decisions: data, total: Number(count.n), filters, kinds: DECISION_KINDS });
    }),

    get('/rapid-response', 'partners.read', async (req, res) => {
      const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
      const asked = req.query.territoryId !== undefined || req.query.assistanceTypeId !== undefined;
      // An empty optional field ("people to reach") means not given.
      const parsed = finderQuerySchema.safeParse(
        Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== '')),
      );
      if (!asked)
        return res.render('portfolio/finder', {
          territories,
          assistanceTypes,
          query: {},
          result: null,
          errors: NO_ERRORS,
        });
      if (!parsed.success) {
        return res.status(400).render('portfolio/finder', {
          territories,
          assistanceTypes,
          query: req.query,
          result: null,
          errors: formErrors(res, toFieldIssues(parsed.error), ['territoryId', 'assistanceTypeId', 'people'], {
            labels: FINDER_LABELS,
          }),
        });
      }
      const result = await findResponders(db, parsed.data);
      res.render('portfolio/finder', { territories, assistanceTypes, query: parsed.data, result, errors: NO_ERRORS });
    }),
  ];
}
