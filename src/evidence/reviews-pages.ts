// Performance reviews: a partner's reviews (add, edit, remove, undo) and the list of every
// partner's reviews (or its file).
import type { Response } from 'express';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { type FieldIssue, NotFoundError } from '../shared/errors.js';
import { NO_ERRORS, filtersFromAddress, formErrors, parseForm, textFields } from '../shared/forms.js';
import { codeFilter, listOrExport } from './cross-partner-list.js';
import { reviewColumns } from './export.js';
import { backToPartner, confirmRemoval, partnerOf, remove, restore, typedNumber } from './page-helpers.js';
import { previewRemoval } from './removal.js';
import { REVIEW_FIELDS, reviewListQuerySchema, reviewSchema } from './schemas.js';
import * as service from './service.js';

type ReviewFormValues = Record<(typeof REVIEW_FIELDS)[number], string>;

const reviewInput = (v: ReviewFormValues) => ({
  periodStart: v.periodStart,
  periodEnd: v.periodEnd,
  rating: typedNumber(v.rating),
  notes: v.notes,
});

function renderReviewForm(
  res: Response,
  status: number,
  partner: service.Partner,
  values: ReviewFormValues,
  issues: FieldIssue[] = [],
  reviewId?: number,
) {
  res.status(status).render('evidence/review-form', {
    partner,
    values,
    reviewId: reviewId ?? null,
    errors: issues.length ? formErrors(res, issues, REVIEW_FIELDS) : NO_ERRORS,
  });
}

export function reviewPageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/partners/:id/reviews/new', 'evidence.write', async (req, res) => {
      renderReviewForm(res, 200, await partnerOf(db, req), { periodStart: '', periodEnd: '', rating: '', notes: '' });
    }),

    post('/partners/:id/reviews', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const values = textFields(req.body, REVIEW_FIELDS);
      const parsed = parseForm(reviewSchema, reviewInput(values));
      if ('issues' in parsed) {
        renderReviewForm(res, 400, partner, values, parsed.issues);
        return;
      }
      await service.addReview(db, actorOf(res), partner.id, parsed.data);
      backToPartner(res, partner.id, 'reviewSaved', 'review');
    }),

    get('/partners/:id/reviews/:reviewId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const review = await service.findReview(db, partner.id, idParam(req, 'review', 'reviewId'));
      if (!review) throw new NotFoundError('review');
      const values = {
        periodStart: review.periodStart,
        periodEnd: review.periodEnd,
        rating: String(review.rating),
        notes: review.notes ?? '',
      };
      renderReviewForm(res, 200, partner, values, [], review.id);
    }),

    post('/partners/:id/reviews/:reviewId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const reviewId = idParam(req, 'review', 'reviewId');
      const values = textFields(req.body, REVIEW_FIELDS);
      const parsed = parseForm(reviewSchema, reviewInput(values));
      if ('issues' in parsed) {
        renderReviewForm(res, 400, partner, values, parsed.issues, reviewId);
        return;
      }
      await service.changeReview(db, actorOf(res), partner.id, reviewId, {
        ...parsed.data,
        notes: parsed.data.notes ?? null,
      });
      backToPartner(res, partner.id, 'reviewSaved', 'review');
    }),

    get('/partners/:id/reviews/:reviewId/delete', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const preview = await previewRemoval(db, 'review', partner.id, idParam(req, 'review', 'reviewId'));
      const review = preview.record;
      const { t, fmt } = res.locals;
      confirmRemoval(res, 'review', partner, review.id, preview, [
        [t('reviews.period'), `${fmt.day(review.periodStart)} – ${fmt.day(review.periodEnd)}`],
        [t('field.rating'), `${review.rating} / 5`],
        [t('field.notes'), review.notes ?? '—'],
      ]);
    }),

    post('/partners/:id/reviews/:reviewId/delete', 'evidence.write', (req, res) =>
      remove(db, req, res, 'review', 'reviewId'),
    ),

    post('/partners/:id/reviews/:reviewId/restore', 'evidence.write', (req, res) =>
      restore(db, req, res, 'review', 'reviewId'),
    ),

    get('/reviews', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(reviewListQuerySchema, req.query);
      await listOrExport(req, res, {
        name: 'reviews',
        columns: reviewColumns,
        query,
        filters: [
          codeFilter(res, 'rating', 'field.rating', 'rating', ['1', '2', '3', '4', '5']),
          { name: 'from', label: 'lists.reviews.endedFrom', kind: 'date' },
          { name: 'to', label: 'lists.reviews.endedTo', kind: 'date' },
        ],
        source: service.reviewsOfAllPartners(db, query),
      });
    }),
  ];
}
