import { randomBytes } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import type { EventStore, RecordedEvent } from '../../infra/eventStore.js';
import { EsdbEventStore } from '../../infra/eventstoredb/esdbEventStore.js';
import { eventStoreContract } from './eventStoreContract.js';

/**
 * The EventStoreDB adapter runs the same contract suite, against EVENTSTORE_URL when set, else a
 * throwaway container through testcontainers where a Docker engine exists. Without either it
 * skips with one line saying why: this path is then NOT exercised.
 */
const IMAGE = 'eventstore/eventstore:24.10.0-bookworm-slim';

const server: { url: string; stop: () => Promise<unknown> } | null = await (async () => {
  const fromEnv = process.env['EVENTSTORE_URL'];
  if (fromEnv) return { url: fromEnv, stop: async () => undefined };
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(IMAGE)
      .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_CLUSTER_SIZE: '1', EVENTSTORE_RUN_PROJECTIONS: 'None' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .withStartupTimeout(120_000)
      .start();
    return { url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`, stop: () => container.stop() };
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    console.warn(`EventStoreDB tests skipped (not exercised): ${reason}. Set EVENTSTORE_URL=esdb://host:2113?tls=false or run with Docker to enable them.`);
    return null;
  }
})();

afterAll(async () => {
  await server?.stop();
});

/** Each test gets streams under a prefix of its own, and sees only those in $all. */
function namespaced(store: EsdbEventStore): EventStore {
  const prefix = `t${randomBytes(5).toString('hex')}-`;
  const strip = (e: RecordedEvent): RecordedEvent => ({ ...e, streamId: e.streamId.slice(prefix.length) });
  return {
    kind: store.kind,
    append: async (streamId, events, expected) => {
      const result = await store.append(prefix + streamId, events, expected);
      return { ...result, events: result.events.map(strip) };
    },
    readStream: async (streamId, options) => (await store.readStream(prefix + streamId, options)).map(strip),
    readAll: async (options) => {
      const out: RecordedEvent[] = [];
      let after = options.after;
      for (;;) {
        const page = await store.readAll({ after, limit: 500 });
        if (page.length === 0) return out;
        for (const e of page) {
          if (e.streamId.startsWith(prefix)) out.push(strip(e));
          if (out.length >= options.limit) return out;
        }
        after = page[page.length - 1]!.globalPosition;
      }
    },
    close: () => store.close(),
  };
}

describe.skipIf(server === null)('EventStoreDB event store', () => {
  eventStoreContract('EventStoreDB', async () => namespaced(EsdbEventStore.connect(server!.url)));
});
