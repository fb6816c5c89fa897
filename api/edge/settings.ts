/**
 * The edge's explicit limits (TIGER_STYLE: a limit on everything a client controls), with the
 * defaults a server gets when it sets nothing. Configured from the environment in
 * infra/config.ts; README "Security" lists them.
 */
export interface QueryLimits {
  /** Nesting of fields in one operation (`{ household { claims { id } } }` is 3). */
  maxDepth: number;
  /**
   * graphql-armor's cost: a leaf 1, an object 2, each level deeper ×1.5, a list field ×its
   * literal `first`/`last`. The largest query in the test suite (a household with every list
   * and a 200-event timeline page) costs about 8,400.
   */
  maxCost: number;
  /** Aliased fields in one document (`a: household(…) b: household(…)`). */
  maxAliases: number;
  /** Lexical tokens in one document: bounds the parser's work before anything else runs. */
  maxTokens: number;
  maxDirectives: number;
  /** Bytes of one request body (413 beyond it). */
  maxBodyBytes: number;
}

export const defaultQueryLimits: QueryLimits = {
  maxDepth: 10,
  maxCost: 20_000,
  maxAliases: 15,
  maxTokens: 2_000,
  maxDirectives: 20,
  maxBodyBytes: 100 * 1024,
};

/** A token bucket per organisation: `burst` requests at once, refilled at `perSecond`. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const defaultRateLimit: RateLimit = { perSecond: 50, burst: 1_000 };
