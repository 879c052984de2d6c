// `npm start`: builds, makes sure the demo users have tokens, prints them, and runs `wrangler dev`
// on 127.0.0.1:8787 with local R2 and Durable Objects persisted under .wrangler/state.
// Options (env): PORT, PERSIST_DIR, DEV_VARS (path of the env file holding DEMO_TOKENS).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '8787';
const persist = process.env.PERSIST_DIR ?? join(root, '.wrangler/state');
const devVars = process.env.DEV_VARS ?? join(root, '.dev.vars');

const KEYS = { admin: 'DEMO_ADMIN_TOKEN', author: 'DEMO_AUTHOR_TOKEN', runner: 'DEMO_RUNNER_TOKEN' };

/** Reads the demo tokens from the env file, generating (and appending) any that are missing. */
function demoTokens() {
  const text = existsSync(devVars) ? readFileSync(devVars, 'utf8') : '';
  const vars = Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  let added = '';
  // The run-token signing key (src/broker/run-token.ts): random, generated once, never printed.
  if (!vars.RUN_TOKEN_SECRET) {
    vars.RUN_TOKEN_SECRET = randomBytes(32).toString('base64url');
    added += `RUN_TOKEN_SECRET=${vars.RUN_TOKEN_SECRET}\n`;
  }
  const tokens = {};
  for (const [role, key] of Object.entries(KEYS)) {
    if (!vars[key]) {
      vars[key] = `ast_${randomBytes(32).toString('base64url')}`;
      added += `${key}=${vars[key]}\n`;
    }
    tokens[role] = vars[key];
  }
  // The vault's encryption key (src/vault/crypto.ts): random, generated once, never printed. Losing it loses the local secrets.
  if (!vars.VAULT_KEY) {
    vars.VAULT_KEY = randomBytes(32).toString('base64url');
    added += `VAULT_KEY=${vars.VAULT_KEY}\n`;
  }
  if (added) writeFileSync(devVars, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${added}`, { mode: 0o600 });
  return tokens;
}

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const tokens = demoTokens();
console.log(`
Agent Studio — local development
  UI and API:   http://127.0.0.1:${port}/   (OpenAPI: /openapi.json)
  Demo users (tokens are in ${devVars}; paste one on the sign-in screen):
    admin   ada   ${tokens.admin}
    author  dana  ${tokens.author}
    runner  carl  ${tokens.runner}
`);

const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
const child = spawn(
  process.execPath,
  [
    wrangler, 'dev', '--ip', '127.0.0.1', '--port', port, '--persist-to', persist, '--env-file', devVars, '--show-interactive-dev-session=false',
    // Links the app sends out (${{ run.url }} in a Slack message) point here, unless the env file says otherwise.
    ...(readFileSync(devVars, 'utf8').includes('PUBLIC_BASE_URL=') ? [] : ['--var', `PUBLIC_BASE_URL:http://127.0.0.1:${port}`]),
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
