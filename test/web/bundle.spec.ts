import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureWebBuilt, ROOT } from './support.js';

/** The built app's JavaScript, gzipped, stays under 300 kB (issue 14's budget for the first page). */
const BUDGET_BYTES = 300 * 1024;

describe('the built web app', () => {
  it('ships less than 300 kB of gzipped JavaScript, and no source maps', () => {
    ensureWebBuilt();
    const assets = join(ROOT, 'web', 'dist', 'assets');
    const files = readdirSync(assets);
    const scripts = files.filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const gzipped = scripts.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
    console.log(`web: ${scripts.length} JavaScript file(s), ${(gzipped / 1024).toFixed(1)} kB gzipped (budget ${BUDGET_BYTES / 1024} kB)`);
    expect(gzipped).toBeLessThan(BUDGET_BYTES);
  }, 120_000);
});
