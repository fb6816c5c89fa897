import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * What tests and benchmarks ask of this machine: scratch directories, a free loopback port,
 * and whether a PostgreSQL server answers.
 */

/** A port nobody listens on: let the OS pick one, then free it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      probe.close(() => resolve(address.port));
    });
  });
}

/** Null when the server at `url` answers a query within 3 s, else why not. */
export async function postgresUnreachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const freshDirs: string[] = [];

/** A new empty directory under the system's temp dir; `removeFreshDirs` deletes every one made. */
export function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  freshDirs.push(dir);
  return dir;
}

export function removeFreshDirs(): void {
  for (const dir of freshDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Waits up to 60 s until the server at `url` answers 200 on /health. Throws (after `stop`) when
 * the process exits first or the time runs out, with what the process wrote (`output()`).
 */
export async function waitForHealth(
  url: string,
  child: { exitCode: number | null },
  output: () => string,
  stop: () => unknown,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start: ${output()}`);
    try {
      const response = await fetch(`${url}/health`);
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start: ${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
