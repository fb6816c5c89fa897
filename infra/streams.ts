/** One stream per household, named by category so that stores can filter on it. */
const PREFIX = 'household-';

export function householdStream(householdId: string): string {
  return `${PREFIX}${householdId}`;
}

export function householdIdOfStream(streamId: string): string {
  if (!streamId.startsWith(PREFIX)) throw new Error(`not a household stream: ${streamId}`);
  return streamId.slice(PREFIX.length);
}
