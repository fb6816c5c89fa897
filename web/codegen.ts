import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from '../api/schema/index.js';

/**
 * GraphQL Code Generator's typed documents for the web app, from the schema the SERVER serves
 * (not from a copy): every `graphql(...)` operation in web/src gets its result and variable
 * types. Run `npm run codegen` after changing an operation or the schema; a test fails when the
 * checked-in files in web/src/gql are out of date.
 */
export const GENERATED_DIR = 'web/src/gql/';

export function codegenConfig(): CodegenConfig {
  return {
    schema: printSchema(schema),
    documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
    ignoreNoDocuments: false,
    silent: true,
    generates: {
      [GENERATED_DIR]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        config: {
          documentMode: 'string',
          // Only the types the app's operations use: an unrelated schema change leaves web/src/gql as it is.
          onlyOperationTypes: true,
          enumsAsTypes: true,
          useTypeImports: true,
          strictScalars: true,
          scalars: { Cents: 'number', Date: 'string', DateTime: 'string' },
        },
      },
    },
  };
}
