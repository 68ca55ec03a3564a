// Starting the app on a port another program holds: it says so and exits 1, instead of logging
// "listening" and staying up with no server (Express 5 hands the failure to listen's callback).
import { spawn } from 'node:child_process';
import { type Server, createServer } from 'node:net';
import { afterAll, expect, it } from 'vitest';

let holder: Server | undefined;
afterAll(() => holder?.close());

it('exits 1 with the reason when its port is taken', async () => {
  holder = createServer();
  const server = holder;
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as { port: number };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: 'file::memory:', DEMO_DATA: 'off', PDF_REPORTS: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(output).toContain(`cannot listen on port ${String(port)}`);
  expect(output).not.toContain('listening on');
}, 60_000);
