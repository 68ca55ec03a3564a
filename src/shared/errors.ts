// Failures a service reports; the HTTP layer decides how each one looks to a browser or a client.

/** A problem with one input field; `message` is a translation key, `params` fill it in. */
export interface FieldIssue {
  path: string;
  message: string;
  params?: Record<string, string | number>;
}

export class ValidationError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super('validation failed');
  }
}

export class NotFoundError extends Error {
  constructor(readonly entity: string) {
    super(`${entity} not found`);
  }
}

/** The request conflicts with what is stored (a duplicate key, a stale version). */
export class ConflictError extends Error {
  constructor(
    readonly reason: 'duplicate' | 'stale_version',
    readonly issues: FieldIssue[],
  ) {
    super(reason);
  }
}
