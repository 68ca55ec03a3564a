// Each test file's process gets its own temporary folder (tests/helpers/temp-cleanup.ts removes them
// after the run), so a test that counts the import uploads kept on disk sees only its own, never those
// of a file running beside it.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = join(tmpdir(), `cartera-tests-${String(process.pid)}`);
mkdirSync(folder, { recursive: true });
process.env.TMPDIR = folder;
