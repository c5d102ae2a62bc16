/**
 * Reading a deployment from disk: the compose files given (in order), the
 * `.env` beside the first one (compose's project directory) and the
 * `env_file:`s they name. Parsing itself is compose.ts (pure).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, readInputText } from '../io/read-config.ts';
import { parseCompose } from './compose.ts';
import type { Deployment } from './types.ts';

export interface LoadDeploymentOptions {
  /** the shell environment (compose lets it override .env) */
  env?: NodeJS.ProcessEnv;
  /** an explicit .env; default: `.env` beside the first compose file */
  envFile?: string;
}

function readText(file: string): string {
  return readInputText(file, 'a compose or .env file is normally under 50 KB');
}

/** Reads compose files (an unreadable one, or one that is no YAML document, is an InputError, exit 2) into one Deployment. */
export function loadDeployment(files: readonly string[], opts: LoadDeploymentOptions = {}): Deployment {
  const texts = files.map((f) => ({ path: resolve(f), text: readText(f) }));
  const envPath = opts.envFile ?? (texts[0] ? join(dirname(texts[0].path), '.env') : undefined);
  const dotenv = envPath && existsSync(envPath) ? { path: envPath, text: readText(envPath) } : undefined;
  try {
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
  } catch (e) {
    // a file that is no compose file at all (nested too deep): named as it was given, like a read error
    const i = e instanceof InputError ? texts.findIndex((t) => t.path === e.file) : -1;
    if (i >= 0) throw new InputError(files[i]!, (e as InputError).reason, (e as InputError).reasonZh);
    throw e;
  }
}
