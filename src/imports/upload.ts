// Multipart uploads for imports. They are parsed before the CSRF check (which then reads the
// form's _csrf field as for any form) and only for signed-in users who may import, only on the
// two upload addresses; every other route keeps its plain form or JSON body.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { MAX_UPLOAD_BYTES } from './service.js';

export const UPLOAD_DIR = join(tmpdir(), 'cartera-imports');
const UPLOAD_PATHS = new Set(['/imports', '/api/v1/imports']);

declare global {
  namespace Express {
    interface Locals {
      /** Why an import upload could not be received (the route answers with the reason). */
      uploadError?: 'tooLarge' | 'malformed';
    }
  }
}

export function isImportUpload(req: Request): boolean {
  return req.method === 'POST' && UPLOAD_PATHS.has(req.path) && req.is('multipart/form-data') === 'multipart/form-data';
}

export function setUpImportUploads(): RequestHandler {
  mkdirSync(UPLOAD_DIR, { recursive: true });
  const receive = multer({ dest: UPLOAD_DIR, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 10_000 } }).single('file');
  return (req, res, next) => {
    if (!isImportUpload(req) || !res.locals.can('imports.use')) return next();
    receive(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) res.locals.uploadError = error.code === 'LIMIT_FILE_SIZE' ? 'tooLarge' : 'malformed';
      else if (error) return next(error);
      next();
    });
  };
}
