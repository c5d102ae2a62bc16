/**
 * docker-compose files read the way `docker compose` reads them: YAML 1.2,
 * variables interpolated from the shell environment and the project's `.env`,
 * `env_file:` entries under `environment:`, several files (`-f a -f b`)
 * merged in order. Every value keeps its file, line and column. Pure: files
 * other than the compose texts (env_file) come through `readFile`.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YNode, type Pair, type YAMLMap } from 'yaml';
import { aliasError, aliasTargets, isTooDeep, tooDeepError } from '../io/yaml-limits.ts';
import { interpolate, type Lookup } from './interpolate.ts';
import { parseEnvFile, type EnvEntry } from './dotenv.ts';
import { parsePortSpec, parseRange } from './port-spec.ts';
import { assignRoles } from './roles.ts';
import type { ComposeService, DeployLoc, DeployProblem, Deployment, Mount, PortMapping, Proto } from './types.ts';

export interface ComposeText {
  path: string;
  text: string;
}

export interface ComposeOptions {
  /** the shell environment (wins over .env, like compose) */
  env?: NodeJS.ProcessEnv;
  /** the project's .env (path and text), when there is one */
  dotenv?: ComposeText;
  /** reads an env_file; undefined when it cannot be read */
  readFile?: (path: string) => string | undefined;
}

interface Ctx {
  file: string;
  dir: string;
  text: string;
  lc: LineCounter;
  lookup: Lookup;
  problems: DeployProblem[];
  env: NodeJS.ProcessEnv;
  readFile: (path: string) => string | undefined;
  envFiles: string[];
  sources: Map<string, string>;
  subnets: Map<string, string[]>;
}

/**
 * Parses and merges compose files into one Deployment. A file with a YAML error is a problem and is skipped; one
 * nested too deeply for the parser, or whose aliases expand without measure, is no compose file at all: an
 * InputError.
 */
export function parseCompose(files: readonly ComposeText[], opts: ComposeOptions = {}): Deployment {
  const env = opts.env ?? {};
  const problems: DeployProblem[] = [];
  const sources = new Map<string, string>();
  const envFiles: string[] = [];
  let dotenv = new Map<string, EnvEntry>();
  if (opts.dotenv) {
    dotenv = parseEnvFile(opts.dotenv.text, (n) => env[n]);
    envFiles.push(opts.dotenv.path);
    sources.set(opts.dotenv.path, opts.dotenv.text);
  }
  // compose: the shell environment overrides .env
  const lookup: Lookup = (n) => env[n] ?? dotenv.get(n)?.value;
  const byName = new Map<string, ComposeService>();
  const read: string[] = [];
  const subnets = new Map<string, string[]>();
  for (const f of files) {
    sources.set(f.path, f.text);
    const ctx: Ctx = { file: f.path, dir: dirname(f.path), text: f.text, lc: new LineCounter(), lookup, problems, env, readFile: opts.readFile ?? (() => undefined), envFiles, sources, subnets };
    const services = readFile(ctx);
    if (!services) continue;
    read.push(f.path);
    for (const s of services) {
      const prev = byName.get(s.name);
      byName.set(s.name, prev ? mergeService(prev, s) : s);
    }
  }
  const services = [...byName.values()];
  assignRoles(services);
  return {
    files: read,
    envFiles,
    services,
    dotenv: new Map([...dotenv].map(([k, v]) => [k, v.value])),
    problems,
    sources,
    ...(subnets.size > 0 ? { subnets } : {}),
  };
}

const KIND = { en: 'a compose file', zh: 'compose 文件' };

function readFile(ctx: Ctx): ComposeService[] | undefined {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(ctx.text, { lineCounter: ctx.lc, version: '1.2', uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    if (isTooDeep(e)) throw tooDeepError(ctx.file, ctx.text, KIND);
    throw e;
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = ctx.lc.linePos(e.pos[0]).line;
    // a syntax error leaves the other files to read; a document nested past the parser's stack is not a compose file
    if (isTooDeep(e)) throw tooDeepError(ctx.file, ctx.text, KIND, line);
    ctx.problems.push({ file: ctx.file, line, detail: `not valid YAML: ${e.message.split('\n')[0]}` });
    return undefined;
  }
  // nor is one whose aliases expand without measure (an alias bomb): expanding it would not end
  const bomb = aliasError(ctx.file, doc, (o) => ctx.lc.linePos(o).line, KIND);
  if (bomb) throw bomb;
  expandAliases(doc, ctx.text);
  const root = doc.contents;
  if (!isMap(root)) {
    ctx.problems.push({ file: ctx.file, line: 1, detail: 'not a docker-compose file (no mapping at the top); ignored' });
    return undefined;
  }
  if (root.has('apiVersion') || root.has('kind')) {
    ctx.problems.push({ file: ctx.file, line: 1, detail: 'a Kubernetes manifest, not a docker-compose file; ignored' });
    return undefined;
  }
  const services = root.get('services', true) as YNode | undefined;
  if (!isMap(services)) {
    ctx.problems.push({ file: ctx.file, line: 1, detail: 'no `services:` mapping: not a docker-compose file; ignored' });
    return undefined;
  }
  const nets = root.get('networks', true) as YNode | undefined;
  if (isMap(nets)) {
    for (const p of nets.items) {
      const name = scalarText(p.key as YNode);
      const ipam = isMap(p.value) ? (p.value.get('ipam', true) as YNode | undefined) : undefined;
      const cfg = isMap(ipam) ? (ipam.get('config', true) as YNode | undefined) : undefined;
      if (!name || !isSeq(cfg)) continue;
      for (const c of cfg.items) {
        const sn = isMap(c) ? interp(ctx, c.get('subnet', true) as YNode | undefined) : undefined;
        if (sn && sn.unresolved.length === 0) ctx.subnets.set(name, [...(ctx.subnets.get(name) ?? []), sn.value]);
      }
    }
  }
  const out: ComposeService[] = [];
  for (const pair of services.items) {
    const name = scalarText(pair.key as YNode);
    if (!name) continue;
    const svc = readService(ctx, name, pair as Pair<YNode, YNode>);
    if (svc) out.push(svc);
  }
  return out;
}

/**
 * Compose files share blocks with anchors (`x-env: &env`, `environment: *env`) and merge keys
 * (`<<: *common`). Aliases are replaced by the node they name (locations then point at the anchor), and
 * merge keys by the pairs they bring in, the map's own keys winning.
 */
function expandAliases(doc: Document, text: string): void {
  // the source, not doc.toString(): re-stringifying costs seconds on a document nested a few hundred levels
  if (!text.includes('*')) return;
  // looked up before the first one is replaced (Alias.resolve would also walk the whole document for each)
  const targets = aliasTargets(doc);
  let budget = 10_000;
  visit(doc, {
    Alias(_, node) {
      if (--budget < 0) return visit.BREAK;
      return targets.get(node);
    },
  });
  const mergeInto = (map: YAMLMap) => {
    if (!map.items.some((p) => isScalar(p.key) && p.key.value === '<<')) return;
    const own = map.items.filter((p) => !(isScalar(p.key) && p.key.value === '<<'));
    const has = new Set(own.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    const extra: typeof map.items = [];
    for (const p of map.items) {
      if (!(isScalar(p.key) && p.key.value === '<<')) continue;
      const sources = isSeq(p.value) ? (p.value.items as unknown[]) : [p.value];
      for (const src of sources) {
        if (!isMap(src)) continue;
        for (const sp of src.items) {
          const k = isScalar(sp.key) ? String(sp.key.value) : '';
          if (k === '<<' || has.has(k)) continue;
          has.add(k);
          extra.push(sp);
        }
      }
    }
    map.items = [...own, ...extra];
  };
  for (let pass = 0; pass < 2; pass++) visit(doc, { Map: (_, m) => void mergeInto(m) });
}

function locOf(ctx: Ctx, node: YNode | null | undefined): DeployLoc {
  const off = node?.range?.[0] ?? 0;
  const p = ctx.lc.linePos(off);
  return { file: ctx.file, line: p.line, column: p.col };
}

function scalarText(node: YNode | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return String(v);
}

/** A scalar after interpolation; unset variables are collected. */
function interp(ctx: Ctx, node: YNode | null | undefined): { value: string; unresolved: string[] } | undefined {
  const t = scalarText(node);
  if (t === undefined) return undefined;
  return interpolate(t, ctx.lookup);
}

function readService(ctx: Ctx, name: string, pair: Pair<YNode, YNode>): ComposeService | undefined {
  const body = pair.value;
  const svc: ComposeService = {
    name,
    role: 'other',
    ports: [],
    environment: new Map(),
    envLoc: new Map(),
    networks: [],
    dependsOn: [],
    mounts: [],
    loc: locOf(ctx, pair.key),
  };
  if (!isMap(body)) return svc;
  const get = (k: string) => body.get(k, true) as YNode | undefined;
  const image = interp(ctx, get('image'));
  if (image) svc.image = image.value;
  if (body.has('build')) svc.build = true;
  const cn = interp(ctx, get('container_name'));
  if (cn) svc.containerName = cn.value;
  const hn = interp(ctx, get('hostname'));
  if (hn) svc.aliases = [hn.value];
  const nm = interp(ctx, get('network_mode'));
  if (nm) svc.networkMode = nm.value;
  const cmd = get('command') ?? get('entrypoint');
  if (isSeq(cmd)) svc.command = cmd.items.map((i) => scalarText(i as YNode) ?? '').join(' ');
  else if (cmd) svc.command = scalarText(cmd);
  readNetworks(ctx, svc, get('networks'));
  readDependsOn(svc, get('depends_on'));
  readEnvFiles(ctx, svc, get('env_file'));
  readEnvironment(ctx, svc, get('environment'));
  readPorts(ctx, svc, get('ports'));
  readVolumes(ctx, svc, get('volumes'));
  return svc;
}

function readNetworks(ctx: Ctx, svc: ComposeService, node: YNode | undefined): void {
  if (isSeq(node)) {
    for (const i of node.items) {
      const v = interp(ctx, i as YNode);
      if (v) svc.networks.push(v.value);
    }
  } else if (isMap(node)) {
    for (const p of node.items) {
      const k = scalarText(p.key as YNode);
      if (k) svc.networks.push(k);
      const cfg = p.value as YNode;
      if (isMap(cfg) && k) {
        const ip = interp(ctx, cfg.get('ipv4_address', true) as YNode | undefined);
        if (ip && ip.unresolved.length === 0) (svc.ipv4Addresses ??= new Map()).set(k, ip.value);
      }
      if (isMap(cfg)) {
        const al = cfg.get('aliases', true) as YNode | undefined;
        if (isSeq(al)) for (const a of al.items) {
          const v = scalarText(a as YNode);
          if (v) (svc.aliases ??= []).push(v);
        }
      }
    }
  }
}

function readDependsOn(svc: ComposeService, node: YNode | undefined): void {
  if (isSeq(node)) for (const i of node.items) {
    const v = scalarText(i as YNode);
    if (v) svc.dependsOn.push(v);
  }
  else if (isMap(node)) for (const p of node.items) {
    const k = scalarText(p.key as YNode);
    if (k) svc.dependsOn.push(k);
  }
}

function setEnv(svc: ComposeService, key: string, value: string, loc: DeployLoc, unresolved: string[]): void {
  svc.environment.set(key, value);
  svc.envLoc.set(key, loc);
  if (unresolved.length > 0) (svc.envUnresolved ??= new Map()).set(key, unresolved);
  else svc.envUnresolved?.delete(key);
}

function readEnvFiles(ctx: Ctx, svc: ComposeService, node: YNode | undefined): void {
  if (!node) return;
  const items: YNode[] = isSeq(node) ? (node.items as YNode[]) : [node];
  for (const item of items) {
    let pathNode: YNode | undefined = item;
    let required = true;
    if (isMap(item)) {
      pathNode = item.get('path', true) as YNode | undefined;
      const r = scalarText(item.get('required', true) as YNode | undefined);
      if (r === 'false') required = false;
    }
    const p = interp(ctx, pathNode);
    if (!p) continue;
    const abs = resolvePath(ctx, p.value);
    const text = ctx.readFile(abs);
    if (text === undefined) {
      if (required) ctx.problems.push({ file: ctx.file, line: locOf(ctx, pathNode).line, detail: `env_file ${p.value} of service ${svc.name} cannot be read: its variables are unknown` });
      continue;
    }
    if (!ctx.envFiles.includes(abs)) ctx.envFiles.push(abs);
    ctx.sources.set(abs, text);
    for (const [k, e] of parseEnvFile(text, ctx.lookup)) setEnv(svc, k, e.value, { file: abs, line: e.line, column: e.column }, e.unresolved);
  }
}

function readEnvironment(ctx: Ctx, svc: ComposeService, node: YNode | undefined): void {
  if (isMap(node)) {
    for (const p of node.items) {
      const k = scalarText(p.key as YNode);
      if (!k) continue;
      const vnode = p.value as YNode | null;
      const loc = locOf(ctx, (p.key as YNode) ?? vnode);
      if (vnode === null || (isScalar(vnode) && vnode.value === null)) {
        // `KEY:` with no value: passed through from the shell when set there, else unset
        const sh = ctx.env[k];
        if (sh !== undefined) setEnv(svc, k, sh, loc, []);
        continue;
      }
      const v = interp(ctx, vnode);
      if (v) setEnv(svc, k, v.value, loc, v.unresolved);
    }
  } else if (isSeq(node)) {
    for (const i of node.items) {
      const t = interp(ctx, i as YNode);
      if (!t) continue;
      const loc = locOf(ctx, i as YNode);
      const eq = t.value.indexOf('=');
      if (eq < 0) {
        const sh = ctx.env[t.value];
        if (sh !== undefined) setEnv(svc, t.value, sh, loc, []);
        continue;
      }
      setEnv(svc, t.value.slice(0, eq), t.value.slice(eq + 1), loc, t.unresolved);
    }
  }
}

function resolvePath(ctx: Ctx, p: string): string {
  if (p.startsWith('~/') || p === '~') return resolve(ctx.env.HOME ?? '/root', p.slice(2));
  return isAbsolute(p) ? p : resolve(ctx.dir, p);
}

// ---------------------------------------------------------------- ports

function readPorts(ctx: Ctx, svc: ComposeService, node: YNode | undefined): void {
  if (!isSeq(node)) return;
  for (const item of node.items as YNode[]) {
    const loc = locOf(ctx, item);
    if (isMap(item)) {
      const target = interp(ctx, item.get('target', true) as YNode | undefined);
      const published = interp(ctx, item.get('published', true) as YNode | undefined);
      const hostIp = interp(ctx, item.get('host_ip', true) as YNode | undefined);
      const proto = interp(ctx, item.get('protocol', true) as YNode | undefined);
      const raw = ctx.text.slice(item.range?.[0] ?? 0, item.range?.[1] ?? 0).trim();
      const unresolved = [target, published, hostIp, proto].some((v) => v && v.unresolved.length > 0);
      const c = target ? parseRange(target.value) : undefined;
      const h = published && published.value !== '' ? parseRange(published.value) : undefined;
      const pr = (proto?.value ?? 'tcp').toLowerCase();
      if (unresolved || !c || (published && published.value !== '' && !h) || (pr !== 'tcp' && pr !== 'udp')) {
        (svc.portsUnknown ??= []).push(raw);
        continue;
      }
      const m: PortMapping = { hostIp: hostIp?.value ?? '', containerPort: c[0], containerPortEnd: c[1], protocol: pr as Proto, raw, loc };
      if (h) {
        m.hostPort = h[0];
        m.hostPortEnd = h[1];
      }
      svc.ports.push(m);
      continue;
    }
    const t = interp(ctx, item);
    if (!t) continue;
    const raw = scalarText(item)!;
    const p = t.unresolved.length > 0 ? undefined : parsePortSpec(t.value);
    if (!p) {
      (svc.portsUnknown ??= []).push(raw);
      continue;
    }
    svc.ports.push({ ...p, raw, loc });
  }
}

// ---------------------------------------------------------------- volumes

function isPathLike(s: string): boolean {
  return s.startsWith('.') || s.startsWith('/') || s.startsWith('~') || s.includes('/');
}

function readVolumes(ctx: Ctx, svc: ComposeService, node: YNode | undefined): void {
  if (!isSeq(node)) return;
  for (const item of node.items as YNode[]) {
    const loc = locOf(ctx, item);
    if (isMap(item)) {
      const type = interp(ctx, item.get('type', true) as YNode | undefined)?.value ?? 'volume';
      const source = interp(ctx, item.get('source', true) as YNode | undefined);
      const target = interp(ctx, item.get('target', true) as YNode | undefined);
      const ro = scalarText(item.get('read_only', true) as YNode | undefined);
      if (!target) continue;
      const src = source ? (type === 'bind' || isPathLike(source.value) ? resolvePath(ctx, source.value) : source.value) : '';
      svc.mounts.push({ source: src, target: target.value, readOnly: ro === 'true', loc });
      continue;
    }
    const t = interp(ctx, item);
    if (!t) continue;
    const parts = t.value.split(':');
    let m: Mount;
    if (parts.length === 1) m = { source: '', target: parts[0]!, readOnly: false, loc };
    else {
      const [src, target, mode] = parts as [string, string, string | undefined];
      // an unset variable in the source leaves a path that is not the real one
      const source = t.unresolved.length > 0 ? '' : isPathLike(src) ? resolvePath(ctx, src) : src;
      m = { source, target, readOnly: (mode ?? '').split(',').includes('ro'), loc };
    }
    svc.mounts.push(m);
  }
}

// ---------------------------------------------------------------- merge

function mergeService(a: ComposeService, b: ComposeService): ComposeService {
  const out: ComposeService = {
    ...a,
    ports: [...a.ports, ...b.ports.filter((p) => !a.ports.some((q) => q.raw === p.raw))],
    environment: new Map([...a.environment, ...b.environment]),
    envLoc: new Map([...a.envLoc, ...b.envLoc]),
    networks: [...new Set([...a.networks, ...b.networks])],
    dependsOn: [...new Set([...a.dependsOn, ...b.dependsOn])],
    mounts: [...a.mounts.filter((m) => !b.mounts.some((n) => n.target === m.target)), ...b.mounts],
  };
  for (const k of ['image', 'networkMode', 'containerName', 'command', 'build'] as const) {
    if (b[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = b[k];
  }
  if (a.envUnresolved || b.envUnresolved) {
    const u = new Map(a.envUnresolved ?? []);
    for (const k of b.environment.keys()) u.delete(k);
    for (const [k, v] of b.envUnresolved ?? []) u.set(k, v);
    out.envUnresolved = u;
  }
  if (a.portsUnknown || b.portsUnknown) out.portsUnknown = [...(a.portsUnknown ?? []), ...(b.portsUnknown ?? [])];
  if (a.ipv4Addresses || b.ipv4Addresses) out.ipv4Addresses = new Map([...(a.ipv4Addresses ?? []), ...(b.ipv4Addresses ?? [])]);
  if (a.aliases || b.aliases) out.aliases = [...new Set([...(a.aliases ?? []), ...(b.aliases ?? [])])];
  return out;
}
