// Removes the per-process temporary folders (tests/helpers/per-worker-temp.ts) whose process has exited.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a process is still running (another run's workers keep their folders). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sweep(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = /^cartera-tests-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !alive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** Sweeps before the run (what earlier runs' workers left) and after it (what has already exited). */
export default function setup(): () => void {
  sweep();
  return sweep;
}
