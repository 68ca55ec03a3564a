// RFC 9457 problem details for the JSON API, with an `errors` array of { path, message }.
import type { Request, Response } from 'express';
import type { FieldIssue } from '../shared/errors.js';
import { type Translate, keyOrText } from '../i18n/index.js';

export function translateIssues(t: Translate, issues: FieldIssue[]) {
  return issues.map((issue) => ({ path: issue.path, message: t(keyOrText(issue.message), issue.params) }));
}

export function sendProblem(
  res: Response,
  status: number,
  title: string,
  extra: { errors?: { path: string; message: string }[]; [key: string]: unknown } = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    // The request id lets a client quote the failure to an operator, who finds it in the log.
    .send(JSON.stringify({ type: 'about:blank', title, status, ...extra, requestId: res.locals.requestId }));
}

/** The JSON API lives under /api/: its answers are problem documents, never pages. */
export function isApiRequest(req: Request): boolean {
  return req.path.startsWith('/api/');
}
