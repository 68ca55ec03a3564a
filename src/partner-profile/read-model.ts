// What the partner profile page shows, gathered through each feature's service. This module sits
// above the features: it reads partners, audit, scoring, evidence and portfolio; none imports it.
import { recordHistory } from '../audit/service.js';
import type { Db } from '../database/connect.js';
import { listEvents, listFlags, listReviews, restoreBlocker } from '../evidence/service.js';
import type { Translate, formatters } from '../i18n/index.js';
import { getPartner, partnerReferenceLists } from '../partners/service.js';
import { decisionRestoreBlocker, partnerPortfolio } from '../portfolio/service.js';
import { explainedScore } from '../scoring/service.js';

/** The database handle this module's functions take; routes pass it through. */
export type { Db };

const HISTORY_LENGTH = 20;
const RECENT_EVENTS = 10;
const RECENT_DECISIONS = 20;

/** A record just removed from the profile, whose removal the page offers to undo. */
export interface RemovedRecord {
  kind: 'event' | 'review' | 'flag' | 'decision';
  id: number;
}

export interface ProfileOptions {
  t: Translate;
  fmt: ReturnType<typeof formatters>;
  removed: RemovedRecord | null;
}

/** Why the removed record cannot go back (a message key under `undo.blocked.`), or null when it can. */
function restoreBlocked(db: Db, partnerId: number, removed: RemovedRecord): Promise<string | null> {
  return removed.kind === 'decision'
    ? decisionRestoreBlocker(db, partnerId, removed.id)
    : restoreBlocker(db, removed.kind, partnerId, removed.id);
}

/** One partner's profile: record, warnings, history, score with its explanation, evidence and portfolio. */
export async function partnerProfile(db: Db, id: number, { t, fmt, removed }: ProfileOptions) {
  const { partner, warnings } = await getPartner(db, id);
  const [history, scored, events, reviews, flags, portfolio, reference, blocked] = await Promise.all([
    recordHistory(db, 'partner', partner.id, HISTORY_LENGTH),
    explainedScore(db, partner.id, t, fmt),
    listEvents(db, { partnerId: partner.id, page: 1, pageSize: RECENT_EVENTS }),
    listReviews(db, partner.id),
    listFlags(db, partner.id),
    partnerPortfolio(db, partner.id, RECENT_DECISIONS),
    partnerReferenceLists(db),
    removed ? restoreBlocked(db, partner.id, removed) : null,
  ]);
  return {
    partner,
    warnings,
    history: history.data,
    historyTotal: history.total,
    score: scored.score,
    standing: scored.standing,
    reason: scored.reason,
    notes: scored.notes,
    methodology: scored.methodology,
    events: events.data,
    eventTotal: events.total,
    reviews,
    flags,
    agreements: portfolio.agreements,
    decisions: portfolio.decisions,
    inPortfolio: portfolio.inPortfolio,
    ...reference,
    /** Why `removed` cannot go back; null when it can, or when nothing was removed. */
    restoreBlocked: blocked,
  };
}
