/**
 * `check DIR`: which files of a deployment directory belong together. The
 * ZLM config (config.ini), WVP's application*.yml, and the compose files
 * (docker-compose*.y*ml, compose*.y*ml) in DIR or its `context/` subfolder.
 * When compose's own default file is there (compose.yaml, docker-compose.yml
 * …) it is used with its override file, as `docker compose` does; otherwise
 * every compose-named file is read, merged in name order.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isWvpConfigMount, isZlmConfigMount } from './roles.ts';
import type { Deployment } from './types.ts';

export interface DiscoveredDir {
  config?: string;
  wvp?: string;
  compose: string[];
  /** what was looked at and chosen, for the output */
  notes: string[];
}

const COMPOSE_RE = /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i;
const DEFAULTS = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

function files(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => {
        try {
          return statSync(join(dir, f)).isFile();
        } catch {
          return false;
        }
      })
      .sort();
  } catch {
    return [];
  }
}

/** Chooses compose files among the names of one folder. */
export function chooseComposeFiles(names: readonly string[]): string[] {
  const cands = names.filter((n) => COMPOSE_RE.test(n));
  const base = DEFAULTS.find((d) => cands.includes(d));
  if (base) {
    const prefix = base.startsWith('docker-') ? 'docker-compose.override' : 'compose.override';
    const ov = OVERRIDES.find((o) => o.startsWith(prefix) && cands.includes(o));
    return ov ? [base, ov] : [base];
  }
  return cands;
}

/** Finds the files of a deployment directory. Reads the directory listing only. */
export function discoverDir(dir: string): DiscoveredDir {
  const names = files(dir);
  const out: DiscoveredDir = { compose: [], notes: [] };
  if (names.includes('config.ini')) out.config = join(dir, 'config.ini');
  const apps = names.filter((n) => /^application.*\.ya?ml$/i.test(n));
  // the main file; profile overlays (application-<p>.yml) are found by the WVP loader itself
  const main = apps.find((n) => /^application\.ya?ml$/i.test(n)) ?? (apps.length === 1 ? apps[0] : undefined);
  if (main) out.wvp = join(dir, main);
  else if (apps.length > 1) out.notes.push(`several application*.yml and no application.yml in ${dir}: pass the one WVP reads with --wvp`);
  let compose = chooseComposeFiles(names).map((n) => join(dir, n));
  const ctxDir = join(dir, 'context');
  if (compose.length === 0 && existsSync(ctxDir)) compose = chooseComposeFiles(files(ctxDir)).map((n) => join(ctxDir, n));
  out.compose = compose;
  return out;
}

/**
 * The config file a service mounts from the host, when it exists here: ZLM's
 * config.ini (or the conf directory holding it), WVP's application*.yml (or a
 * config directory holding application.yml).
 */
export function mountedConfig(d: Deployment, role: 'zlm' | 'wvp'): string | undefined {
  for (const s of d.services.filter((x) => x.role === role)) {
    for (const m of s.mounts) {
      if (!m.source.startsWith('/')) continue;
      let st;
      try {
        st = statSync(m.source);
      } catch {
        continue;
      }
      if (st.isFile() && (role === 'zlm' ? isZlmConfigMount(m.target) : isWvpConfigMount(m.target))) return m.source;
      if (st.isDirectory()) {
        const names = role === 'zlm' ? ['config.ini'] : ['application.yml', 'application.yaml'];
        const hit = names.map((n) => join(m.source, n)).find((p) => existsSync(p));
        if (hit) return hit;
      }
    }
  }
  return undefined;
}
