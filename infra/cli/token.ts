import { parseArgs } from 'node:util';
import { z } from 'zod';
import { signToken } from '../../api/auth.js';
import { roles } from '../../domain/actors.js';
import { ConfigError, loadConfig } from '../config.js';
import { developmentSecret } from '../secret.js';

/**
 * Prints a bearer token for any role: `npm run token -- --role CREDITOR --org CJIB`.
 * Uses TOTAALBEELD_JWT_SECRET, or the development secret kept in the data directory. Lifetime
 * 8 h unless --expires says otherwise, at most TOTAALBEELD_JWT_MAX_LIFETIME (default 24 h).
 */
const argsSchema = z.object({
  role: z.enum(roles),
  org: z.string().min(1),
  sub: z.string().min(1).optional(),
  expires: z.string().regex(/^\d+\s*[smhdw]$/, 'use a number with s, m, h, d or w, e.g. 8h').default('8h'),
});

const USAGE = `usage: npm run token -- --role ${roles.join('|')} --org ORG [--sub SUBJECT] [--expires 8h]`;

const HELP = [
  'Prints a development bearer token (HS256) for the API and GraphiQL.',
  '',
  USAGE,
  '',
  '  --role     who acts: ' + roles.join(', '),
  '  --org      the organisation, e.g. GEM-UTRECHT or CJIB; for HOUSEHOLD the household id',
  '  --sub      the person or system acting (default: <role>@<org>)',
  '  --expires  lifetime: a number with s, m, h, d or w (default 8h)',
  '',
  'It signs with TOTAALBEELD_JWT_SECRET, or else the secret kept in the data directory',
  `(TOTAALBEELD_DATA_DIR, now ${process.env['TOTAALBEELD_DATA_DIR'] ?? './data'}): use the same one as npm start.`,
  'Send it as the header  Authorization: Bearer <token>',
].join('\n');

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(USAGE);
  console.error((error as Error).message);
  process.exit(2);
}
if (values['help'] === true) {
  console.log(HELP);
  process.exit(0);
}

try {
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(USAGE);
    console.error(`--${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  const config = loadConfig();
  const secret = config.jwt.secret ?? developmentSecret(config.dataDir);
  const { role, org, sub, expires } = parsed.data;
  // The server refuses tokens living longer than TOTAALBEELD_JWT_MAX_LIFETIME: say so here rather than mint one.
  const [, count, unit] = /^(\d+)\s*([smhdw])$/.exec(expires)!;
  const seconds = Number(count) * { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 }[unit as 's' | 'm' | 'h' | 'd' | 'w'];
  if (seconds > config.jwt.maxLifetimeSeconds) {
    console.error(
      `--expires ${expires} is longer than the server accepts (TOTAALBEELD_JWT_MAX_LIFETIME: ${config.jwt.maxLifetimeSeconds} s); mint a shorter token or raise that limit`,
    );
    process.exit(2);
  }
  const token = await signToken(
    { role, org, sub: sub ?? `${role.toLowerCase()}@${org}`, expiresIn: expires },
    { secret, issuer: config.jwt.issuer, audience: config.jwt.audience },
  );
  console.log(token);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exit(1);
}
