import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** Where the served schema is printed for review and for the breaking-change check. */
export const SCHEMA_FILE = 'api/schema.graphql';

/**
 * The schema as SDL, sorted so that moving a definition between files changes nothing: a diff of
 * the committed file shows only what a client would notice.
 */
export function schemaText(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
