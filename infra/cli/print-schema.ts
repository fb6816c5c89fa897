import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schema } from '../../api/schema/index.js';
import { SCHEMA_FILE, schemaText } from './schemaText.js';

/** `npm run schema`: prints the served schema to api/schema.graphql (commit the result). */
const file = fileURLToPath(new URL(`../../${SCHEMA_FILE}`, import.meta.url));
writeFileSync(file, schemaText(schema));
console.log(`wrote ${SCHEMA_FILE}`);
