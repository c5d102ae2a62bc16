/**
 * Reading a deployment from disk: the compose files given (in order), the
 * `.env` beside the first one (compose's project directory) and the
 * `env_file:`s they name. Parsing itself is compose.ts (pure).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { decodeConfig, InputError, MAX_CONFIG_BYTES } from '../io/read-config.ts';
import { parseCompose } from './compose.ts';
import type { Deployment } from './types.ts';

export interface LoadDeploymentOptions {
  /** the shell environment (compose lets it override .env) */
  env?: NodeJS.ProcessEnv;
  /** an explicit .env; default: `.env` beside the first compose file */
  envFile?: string;
}

function readText(file: string): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (cannot read the file)' : (e as Error).message);
  }
  if (st.isDirectory()) throw new InputError(file, 'is a directory, not a compose file');
  if (st.size > MAX_CONFIG_BYTES) throw new InputError(file, 'too large for a compose file');
  try {
    return decodeConfig(file, readFileSync(file));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, (e as Error).message);
  }
}

/** Reads compose files (an unreadable one is an InputError, exit 2) into one Deployment. */
export function loadDeployment(files: readonly string[], opts: LoadDeploymentOptions = {}): Deployment {
  const texts = files.map((f) => ({ path: resolve(f), text: readText(f) }));
  const envPath = opts.envFile ?? (texts[0] ? join(dirname(texts[0].path), '.env') : undefined);
  const dotenv = envPath && existsSync(envPath) ? { path: envPath, text: readText(envPath) } : undefined;
  return parseCompose(texts, {
    env: opts.env ?? {},
    ...(dotenv ? { dotenv } : {}),
    readFile: (p) => {
      try {
        return readText(p);
      } catch {
        return undefined;
      }
    },
  });
}
