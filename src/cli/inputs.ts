/**
 * Loading what check/fix/doctor work on: config.ini and/or WVP's application.yml,
 * plus the redactor that knows every secret in them.
 */
import { IniDocument } from '../ini/document.ts';
import { configFromBytes, InputError, MAX_CONFIG_BYTES, readConfigFile, type LoadedConfig } from '../io/read-config.ts';
import type { WvpConfig, WvpGeneration } from '../wvp/types.ts';
import { Redactor } from '../util/redact.ts';
import { configSecrets, secretForms } from '../zlm/secrets.ts';
import { STDIN_NAME, UsageError } from './io.ts';

export interface Inputs {
  zlm?: LoadedConfig;
  wvp?: WvpConfig;
  redactor: Redactor;
}

export interface InputOptions {
  wvp?: string;
  wvpVersion?: string;
  profile?: string[];
  showSecrets?: boolean;
  env: NodeJS.ProcessEnv;
  /** the WVP service's environment from the compose context, for application.yml's placeholders (default: env) */
  wvpEnv?: NodeJS.ProcessEnv;
  /** the output boundary's redactor (io.redactor): the secrets found in the inputs are added to it */
  redactor?: Redactor;
  /** reads standard input, for config `-` (io.readStdin) */
  readStdin?: (max: number) => Promise<Buffer>;
}

/** config.ini from a path, or from standard input for `-` (shown as `<stdin>`). */
async function readConfig(config: string, o: InputOptions): Promise<LoadedConfig> {
  if (config !== '-') return readConfigFile(config);
  if (!o.readStdin) throw new InputError(STDIN_NAME, 'standard input is not available');
  const bytes = await o.readStdin(MAX_CONFIG_BYTES);
  if (bytes.length > MAX_CONFIG_BYTES) throw new InputError(STDIN_NAME, 'too large; a ZLMediaKit config.ini is normally under 100 KB');
  return configFromBytes(STDIN_NAME, bytes);
}

const GENERATIONS: Record<string, WvpGeneration> = {
  '2.6': '2.6',
  '2.6.9': '2.6',
  '2.7.0': '2.7.0-2.7.1',
  '2.7.1': '2.7.0-2.7.1',
  '2.7.4': '2.7.4+',
  '2.7.4+': '2.7.4+',
};

export function parseGeneration(v: string | undefined): WvpGeneration | undefined {
  if (v === undefined) return undefined;
  const g = GENERATIONS[v];
  if (!g) throw new UsageError(`unknown --wvp-version "${v}" (use 2.6, 2.7.0, 2.7.1 or 2.7.4)`);
  return g;
}

export function parseHosts(v: string | undefined): { wvp?: string; zlm?: string } | undefined {
  if (!v) return undefined;
  const out: { wvp?: string; zlm?: string } = {};
  for (const part of v.split(',')) {
    const m = /^\s*(wvp|zlm)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--hosts takes wvp=IP,zlm=IP (got "${part}")`);
    out[m[1] as 'wvp' | 'zlm'] = m[2]!;
  }
  return out;
}

export function wvpSecrets(wvp: WvpConfig): string[] {
  const out: string[] = [];
  for (const p of ['media.secret', 'sip.password']) {
    const v = wvp.get(p);
    // the resolved value only: a raw `${ZLM_SECRET}` is a name, not a secret
    if (v.value) out.push(...secretForms(v.value));
  }
  return out;
}

export async function loadInputs(config: string | undefined, o: InputOptions): Promise<Inputs> {
  const redactor = o.redactor ?? new Redactor({ off: o.showSecrets === true });
  const zlm = config ? await readConfig(config, o) : undefined;
  const version = parseGeneration(o.wvpVersion);
  // the YAML reader is loaded only when there is a WVP file to read
  const wvp = o.wvp
    ? (await import('../wvp/load.ts')).loadWvp(o.wvp, { env: o.wvpEnv ?? o.env, ...(o.profile && o.profile.length ? { profiles: o.profile } : {}), ...(version ? { version } : {}) })
    : undefined;
  if (!o.showSecrets) {
    if (zlm) for (const s of configSecrets(zlm.doc)) redactor.add(s);
    if (wvp) for (const s of wvpSecrets(wvp)) redactor.add(s);
    // and every value that is a secret by its key name or shape (misspelt keys, YAML passwords, URL userinfo, ...)
    if (zlm) redactor.learn(zlm.doc.text);
    if (wvp) for (const t of wvp.sources.values()) redactor.learn(t);
  }
  return { ...(zlm ? { zlm } : {}), ...(wvp ? { wvp } : {}), redactor };
}

/** An empty document stands in for config.ini when only application.yml is checked. */
export const EMPTY_DOC = new IniDocument('');
