import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { codegenConfig } from '../../web/codegen.js';

/**
 * The web app's typed documents (web/src/gql) are generated from the schema the server serves
 * and the app's operations; checked in so the app builds without the server. This fails when
 * either changed without `npm run codegen`, and when an operation no longer fits the schema.
 */
describe('the web app\u2019s generated GraphQL types', () => {
  it('are what `npm run codegen` makes from the served schema today', async () => {
    const outputs = (await generate(codegenConfig(), false)) as Array<{ filename: string; content: string }>;
    // Every file in web/src/gql is generated, and every generated file is there.
    expect(outputs.map((o) => o.filename).sort()).toEqual(readdirSync('web/src/gql').map((f) => `web/src/gql/${f}`).sort());
    for (const output of outputs) {
      const committed = readFileSync(join(process.cwd(), output.filename), 'utf8');
      expect(committed, `${output.filename} is out of date: run npm run codegen`).toBe(output.content);
    }
  }, 60_000);
});
