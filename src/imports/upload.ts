// Multipart uploads for imports. They are parsed before the CSRF check (which then reads the
// form's _csrf field as for any form) and only for signed-in users who may import, only on the
// two upload addresses; every other route keeps its plain form or JSON body.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { hasControlCharacters } from '../shared/plain-text.js';
import { UPLOAD_DIR } from './kept-files.js';
import { MAX_UPLOAD_BYTES } from './service.js';

export { UPLOAD_DIR };
const UPLOAD_PATHS = new Set(['/imports', '/api/v1/imports']);

/** Why an upload was refused before reading it; each has its own message (imports.error.<reason>). */
export type UploadError = 'tooLarge' | 'twoFiles' | 'fileName' | 'malformed';

declare global {
  namespace Express {
    interface Locals {
      /** Why an import upload could not be received (the route answers with the reason). */
      uploadError?: UploadError;
    }
  }
}

/** Browsers send a file name's UTF-8 bytes, which the multipart parser reads as Latin-1. */
export function uploadedName(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name)) return name;
  const bytes = Buffer.from(name, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return name;
  }
}

export function isImportUpload(req: Request): boolean {
  return req.method === 'POST' && UPLOAD_PATHS.has(req.path) && req.is('multipart/form-data') === 'multipart/form-data';
}

/** The API also takes a CSV as the raw request body (`Content-Type: text/csv`), besides multipart. */
export function isRawCsvUpload(req: Request): boolean {
  return req.method === 'POST' && req.path === '/api/v1/imports' && req.is('text/csv') === 'text/csv';
}

class TooLarge extends Error {}

/** Streams a raw CSV body to a kept file, refusing it past the size limit; the file as multer would describe it. */
async function receiveRawCsv(req: Request): Promise<Express.Multer.File> {
  const path = join(UPLOAD_DIR, randomUUID());
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > MAX_UPLOAD_BYTES ? new TooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  const named = typeof req.query.fileName === 'string' ? req.query.fileName.trim() : '';
  return {
    fieldname: 'file',
    originalname: named === '' ? 'upload.csv' : named,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- multer's File type still requires it
    encoding: '7bit',
    mimetype: 'text/csv',
    size,
    destination: UPLOAD_DIR,
    filename: path.slice(UPLOAD_DIR.length + 1),
    path,
    buffer: Buffer.alloc(0),
    stream: Readable.from([]),
  };
}

/** The HTTP status for a refused upload: a file too large is 413, anything else the client sent wrong is 400. */
export const uploadErrorStatus = (reason: UploadError): number => (reason === 'tooLarge' ? 413 : 400);

function reasonFor(error: unknown): UploadError {
  if (!(error instanceof multer.MulterError)) return 'malformed';
  if (error.code === 'LIMIT_FILE_SIZE') return 'tooLarge';
  if (error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE') return 'twoFiles';
  return 'malformed';
}

export function setUpImportUploads(): RequestHandler {
  mkdirSync(UPLOAD_DIR, { recursive: true });
  const receive = multer({
    dest: UPLOAD_DIR,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 10_000 },
  }).single('file');
  return (req, res, next) => {
    if (isRawCsvUpload(req) && res.locals.can('imports.use')) {
      receiveRawCsv(req).then(
        (file) => {
          if (hasControlCharacters(file.originalname)) {
            res.locals.uploadError = 'fileName';
            rm(file.path, { force: true }).then(() => next(), next);
            return;
          }
          req.file = file;
          next();
        },
        (error: unknown) => {
          res.locals.uploadError = error instanceof TooLarge ? 'tooLarge' : 'malformed';
          next();
        },
      );
      return;
    }
    if (!isImportUpload(req) || !res.locals.can('imports.use')) {
      next();
      return;
    }
    receive(req, res, (error: unknown) => {
      // Whatever the parser refused (a second file, a malformed part, a cut-off body) is the
      // client's error: answered with its reason, and no part of the upload is kept.
      const name = req.file?.originalname;
      const reason = error
        ? reasonFor(error)
        : name !== undefined && hasControlCharacters(name)
          ? 'fileName'
          : undefined;
      if (reason === undefined) {
        next();
        return;
      }
      const stored = req.file?.path;
      req.file = undefined;
      res.locals.uploadError = reason;
      if (stored) rm(stored, { force: true }).then(() => next(), next);
      else next();
    });
  };
}
