// Bounds expensive work (PDF reports, imports, exports): at most `concurrency` jobs run at once, a
// few more wait their turn in a short queue, and the rest are turned away at once with 503 and
// Retry-After, so a burst of requests waits or is refused instead of taking the server down.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { requestedExport } from '../exports/table-export.js';
import { type MessageKey, keyOrText } from '../i18n/index.js';
import type { LimitSettings } from './limits.js';
import { isApiRequest, sendProblem } from './problem.js';

export type WorkKind = 'pdf' | 'import' | 'export';

export interface WorkBound {
  /** Jobs that run at the same time. */
  concurrency: number;
  /** Jobs that may wait for a free place; beyond this a request is refused at once. */
  maxWaiting: number;
  /** How long a job waits for a place before it is refused. */
  maxWaitMs: number;
  /** The Retry-After sent with a refusal, in seconds. */
  retryAfterSeconds: number;
}

/** The queue was full, or the wait for a place ran out. */
export class WorkBusyError extends Error {
  constructor(
    readonly kind: WorkKind,
    readonly retryAfterSeconds: number,
  ) {
    super(`too many ${kind} jobs at once`);
  }
}

/** A job ran longer than it may. */
export class WorkTimeoutError extends Error {
  constructor(
    readonly kind: WorkKind,
    readonly retryAfterSeconds: number,
  ) {
    super(`the ${kind} job took too long`);
  }
}

export type Release = () => void;

export interface WorkQueue {
  readonly kind: WorkKind;
  /** Waits for a place; the caller must release it. An aborted signal gives up the wait. */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Runs a job in a place, with a deadline: after `timeoutMs` the caller gets WorkTimeoutError and
   * the job's signal is aborted; the place stays taken until the job really stops. */
  run<T>(job: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T>;
  readonly running: number;
  readonly waiting: number;
}

export function createWorkQueue(kind: WorkKind, bound: WorkBound): WorkQueue {
  let running = 0;
  const waiters: { grant: () => void }[] = [];

  const release = () => {
    const next = waiters.shift();
    if (next) next.grant();
    else running--;
  };
  const once = (): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  function acquire(signal?: AbortSignal): Promise<Release> {
    if (running < bound.concurrency) {
      running++;
      return Promise.resolve(once());
    }
    if (waiters.length >= bound.maxWaiting || signal?.aborted)
      return Promise.reject(new WorkBusyError(kind, bound.retryAfterSeconds));
    return new Promise((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', refuse);
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
      };
      const refuse = () => {
        leave();
        reject(new WorkBusyError(kind, bound.retryAfterSeconds));
      };
      // The place passes straight from the job that ends to the one that waited longest.
      const waiter = {
        grant: () => {
          leave();
          resolve(once());
        },
      };
      const timer = setTimeout(refuse, bound.maxWaitMs);
      signal?.addEventListener('abort', refuse);
      waiters.push(waiter);
    });
  }

  return {
    kind,
    acquire,
    async run(job, timeoutMs) {
      const done = await acquire();
      const controller = new AbortController();
      // A job that throws at once still gives its place back.
      const work = Promise.resolve()
        .then(() => job(controller.signal))
        .finally(done);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new WorkTimeoutError(kind, bound.retryAfterSeconds));
        }, timeoutMs);
      });
      work.catch(() => undefined);
      try {
        return await Promise.race([work, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiters.length;
    },
  };
}

export interface WorkQueues {
  pdf: WorkQueue;
  imports: WorkQueue;
  exports: WorkQueue;
  pdfTimeoutMs: number;
  /** The queue a request's work goes through, if any (the PDF goes through `pdf` in the renderer). */
  queueFor: (req: Request, res: Response) => WorkQueue | null;
}

/** Each running job may have this many more waiting behind it. */
const WAITING_PER_PLACE = 5;
const RETRY_AFTER_SECONDS = 10;

const isImportWork = (req: Request) => req.method === 'POST' && /^\/(api\/v1\/)?imports(\/|$)/.test(req.path);

export function createWorkQueues(settings: LimitSettings): WorkQueues {
  const bound = (concurrency: number): WorkBound => ({
    concurrency,
    maxWaiting: concurrency * WAITING_PER_PLACE,
    maxWaitMs: settings.queueWaitSeconds * 1000,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
  const queues = {
    pdf: createWorkQueue('pdf', bound(settings.pdfConcurrency)),
    imports: createWorkQueue('import', bound(settings.importConcurrency)),
    exports: createWorkQueue('export', bound(settings.exportConcurrency)),
  };
  return {
    ...queues,
    pdfTimeoutMs: settings.pdfTimeoutSeconds * 1000,
    queueFor(req, res) {
      // Anonymous requests are turned away by the access check without work; they never queue.
      if (!res.locals.user) return null;
      if (isImportWork(req)) return queues.imports;
      if (req.method === 'GET' && requestedExport(req)) return queues.exports;
      return null;
    },
  };
}

/**
 * Holds a place in the queue for the whole life of the response (a streamed export keeps it until
 * its last row is sent); a client that leaves while waiting gives its turn up.
 */
export function boundedBy(queueFor: (req: Request, res: Response) => WorkQueue | null): RequestHandler {
  return async (req, res, next) => {
    const queue = queueFor(req, res);
    if (!queue) {
      next();
      return;
    }
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once('close', onClose);
    const release = await queue.acquire(gone.signal);
    res.off('close', onClose);
    if (res.closed) {
      release();
      return;
    }
    res.once('close', release);
    next();
  };
}

/** Busy and timed-out work answers 503 with Retry-After and says why, in the user's language. */
export function workLimitErrors(): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (!(err instanceof WorkBusyError || err instanceof WorkTimeoutError) || res.headersSent) {
      next(err);
      return;
    }
    // Only the PDF queue runs work with a deadline, so `work.timeout.pdf` is the one timeout with a message.
    const key: MessageKey =
      err instanceof WorkBusyError ? `work.busy.${err.kind}` : keyOrText(`work.timeout.${err.kind}`);
    const message = res.locals.t(key, { seconds: err.retryAfterSeconds });
    res.setHeader('Retry-After', String(err.retryAfterSeconds));
    if (isApiRequest(req)) {
      sendProblem(res, 503, message);
      return;
    }
    res.status(503).render('errors/busy', { message });
  };
}
