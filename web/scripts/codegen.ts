import { generate } from '@graphql-codegen/cli';
import { codegenConfig } from '../codegen.js';

/** `npm run codegen`: writes web/src/gql from the served schema and the app's operations. */
await generate(codegenConfig(), true);
console.log('web/src/gql is up to date with the served schema');
