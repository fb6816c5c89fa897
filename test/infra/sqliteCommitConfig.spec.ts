import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import { ConfigError, loadConfig } from '../../infra/config.js';
import { openLedger } from '../../infra/ledger.js';
import { WorkerCommitter } from '../../infra/sqlite/workerCommitter.js';
import { claimCommand, registerCommand, statementCommand } from '../../bench/support.js';

/** TOTAALBEELD_SQLITE_COMMIT chooses where the embedded store commits (README, configuration). */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('TOTAALBEELD_SQLITE_COMMIT', () => {
  const env = { TOTAALBEELD_DATA_DIR: '/tmp/totaalbeeld-config-test' };

  it('is the event loop by default, the worker when asked, and refuses anything else', () => {
    expect(loadConfig(env).sqliteCommit).toBe('thread');
    expect(loadConfig({ ...env, TOTAALBEELD_SQLITE_COMMIT: 'worker' }).sqliteCommit).toBe('worker');
    expect(() => loadConfig({ ...env, TOTAALBEELD_SQLITE_COMMIT: 'fast' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, TOTAALBEELD_SQLITE_COMMIT: 'fast' })).toThrow(/TOTAALBEELD_SQLITE_COMMIT: must be thread or worker/);
  });

  it.each(['thread', 'worker'] as const)('with %s, the server’s ledger commits there and a command lands', async (where) => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-commit-config-'));
    dirs.push(dir);
    const commits = vi.spyOn(WorkerCommitter.prototype, 'commit');
    const config = loadConfig({ TOTAALBEELD_DATA_DIR: dir, TOTAALBEELD_SQLITE_COMMIT: where });
    const ledger = await openLedger(config, defaultParameters);
    try {
      await ledger.commands.handle('h1', registerCommand('h1'));
      await ledger.commands.handle('h1', statementCommand('h1'));
      const handled = await ledger.commands.handle('h1', claimCommand('h1'));
      expect(handled.receipt.revision).toBe(3);
      expect(commits.mock.calls.length > 0).toBe(where === 'worker');
    } finally {
      await ledger.close();
      commits.mockRestore();
    }
  });
});
