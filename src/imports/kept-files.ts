// An import's uploaded file is kept in the database while its preview waits (table import_files), so
// that mapping, previewing again, committing and the rejected-rows download work on whichever
// instance the request lands. Each instance reads a local copy in its upload folder: the one the
// upload was received into, or one written from the database the first time it needs the file.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import type { Executor } from '../database/executor.js';
import { ConflictError } from '../shared/errors.js';
import * as repo from './repository.js';

/** This instance's upload folder: uploads are received here, and copies of kept files written here. */
export const UPLOAD_DIR = join(tmpdir(), 'cartera-imports');

/**
 * The name a file is kept under (imports.stored_file, import_files.name): its file name in the upload
 * folder. Imports started before files were kept in the database hold a whole path; its last part
 * is the name.
 */
export const keptName = (storedFile: string): string => basename(storedFile);

const isFile = async (path: string) => (await stat(path).catch(() => null))?.isFile() === true;

/** An upload's bytes, read before the transaction that keeps them beside the import row. */
export async function uploadContent(path: string): Promise<{ name: string; content: Buffer }> {
  return { name: keptName(path), content: await readFile(path) };
}

/** Keeps an upload in the database; call it in the transaction that inserts its import row. */
export async function keepUpload(db: Executor, upload: { name: string; content: Buffer }): Promise<void> {
  await repo.keepFile(db, upload.name, upload.content, new Date().toISOString());
}

/**
 * A path this instance can read the kept file at: the local copy when it is there, else a copy
 * written from the database (the upload reached another instance, or this one restarted). A file
 * in neither place answers as a preview whose file is gone.
 */
export async function localCopy(db: Executor, storedFile: string, uploadDir = UPLOAD_DIR): Promise<string> {
  const name = keptName(storedFile);
  const local = join(uploadDir, name);
  if (isAbsolute(storedFile) && (await isFile(storedFile))) return storedFile;
  if (await isFile(local)) return local;
  const content = await repo.keptFileContent(db, name);
  if (!content) throw new ConflictError('stale_version', [{ path: 'import', message: 'imports.error.status.preview' }]);
  await mkdir(uploadDir, { recursive: true });
  // Written aside and renamed, so a request reading the same file at once never sees half of it.
  const partial = join(uploadDir, `${name}.${randomUUID()}.part`);
  await writeFile(partial, content, { mode: 0o600 });
  await rename(partial, local);
  return local;
}

/** Deletes this instance's copy of a kept file (the database's is deleted in the caller's transaction). */
export async function removeLocalCopy(storedFile: string, uploadDir = UPLOAD_DIR): Promise<void> {
  if (isAbsolute(storedFile)) await rm(storedFile, { force: true });
  await rm(join(uploadDir, keptName(storedFile)), { force: true });
}
