import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, freshDir, removeFreshDirs, waitForHealth } from '../support/host.js';

/**
 * The production build as the Dockerfile runs it: `tsc -p tsconfig.build.json` (what
 * `npm run build:server` runs) into a directory of its own, then plain `node dist/api/index.js`
 * with no loader. The directory gets the project's package.json (ES modules) and node_modules
 * beside dist/, as in the image, so the build must stand on its own compiled files.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const LONG = 180_000;

afterAll(removeFreshDirs);

describe('production build', () => {
  it(
    'compiles the server to dist/ and `node dist/api/index.js` answers /health',
    async () => {
      const app = freshDir('totaalbeeld-build-');
      writeFileSync(join(app, 'package.json'), readFileSync(join(ROOT, 'package.json')));
      symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
      await promisify(execFile)(TSC, ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(app, 'dist')], { cwd: ROOT });
      const entry = join(app, 'dist', 'api', 'index.js');
      expect(existsSync(entry)).toBe(true);

      const port = await freePort();
      const env: NodeJS.ProcessEnv = {};
      for (const [key, value] of Object.entries(process.env)) {
        if (!key.startsWith('TOTAALBEELD_') && key !== 'PORT' && key !== 'NODE_ENV') env[key] = value;
      }
      const child = spawn(process.execPath, [entry], {
        cwd: app,
        env: { ...env, NODE_ENV: 'development', PORT: String(port), TOTAALBEELD_DATA_DIR: join(app, 'data') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
      const stop = async (): Promise<void> => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      };
      try {
        const url = `http://127.0.0.1:${port}`;
        await waitForHealth(url, child, () => output, stop);
        const response = await fetch(`${url}/health`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
        expect(output).toContain(`Totaalbeeld API on http://localhost:${port}/graphql`);
      } finally {
        await stop();
      }
    },
    LONG,
  );
});
