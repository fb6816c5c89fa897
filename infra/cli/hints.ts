/**
 * The commands and addresses the CLIs and `npm start` print for a new user, as they must be
 * typed in THIS set-up: with the data directory and store that are configured (else `npm run
 * token` signs with another secret and `npm run demo` fills another store), and the port.
 */
const CARRIED = ['TOTAALBEELD_DATA_DIR', 'TOTAALBEELD_STORE'] as const;

/** `npm run token -- …` with `TOTAALBEELD_DATA_DIR=… ` in front when it is set. */
export function command(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const prefix = CARRIED.filter((name) => env[name] !== undefined && env[name] !== '')
    .map((name) => `${name}=${quote(env[name]!)}`)
    .join(' ');
  return prefix === '' ? text : `${prefix} ${text}`;
}

/** `npm start` with the port too when PORT is set: the address printed beside it must be where it listens. */
export function startCommand(env: NodeJS.ProcessEnv = process.env): string {
  const port = env['PORT'];
  return command(port !== undefined && port !== '' ? `PORT=${quote(port)} npm start` : 'npm start', env);
}

/** http://localhost:<PORT> (4000 unless PORT says otherwise). */
export function localUrl(path: string, env: NodeJS.ProcessEnv = process.env, port?: number): string {
  return `http://localhost:${port ?? (env['PORT'] && env['PORT'] !== '' ? env['PORT'] : '4000')}${path}`;
}

function quote(value: string): string {
  return /^[\w./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
