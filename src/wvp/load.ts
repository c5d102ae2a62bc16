/**
 * Reads WVP-GB28181-pro's application.yml the way Spring Boot resolves it, so
 * the checks see what WVP actually runs with. This file reads the files and
 * assembles the result; the pieces live beside it:
 *
 *  - spring/flatten.ts: YAML 1.1 parsed and flattened into dotted properties,
 *    every scalar as the string Java's toString() would give;
 *  - spring/relaxed.ts, spring/env.ts: relaxed binding (`hook-ip`, `hookIp`
 *    and `hook_ip` are one key; MEDIA_HTTPPORT / MEDIA_HTTP_PORT override
 *    media.http-port);
 *  - spring/placeholders.ts, spring/properties.ts: `${NAME:default}` resolved
 *    from the environment first and then from other keys of the merged config;
 *  - spring/profiles.ts: `spring.profiles.active` (string, comma list or YAML
 *    list, possibly a placeholder) selects overlays `application-<profile>.yml|yaml`
 *    next to the main file; later overlays win over earlier ones and over the
 *    main file. Multi-document files honour `spring.config.activate.on-profile`
 *    (and the legacy `spring.profiles: <expr>`). No profile active → `default`;
 *  - defaults.ts, generation.ts: WVP's code defaults (MediaConfig, UserSetting,
 *    ServerProperties), which depend on the WVP generation;
 *  - yaml-edit.ts: editScalar() produces a text edit that changes only the
 *    characters of one value.
 *
 * Every value keeps the file, line and column it came from.
 */
import { existsSync } from 'node:fs';
import { basename, normalize } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { TextEdit } from '../ini/document.ts';
import { readInputText } from '../io/read-config.ts';
import { LINK_SECTIONS, WVP_PORT_OVERRIDE_KEYS, wvpValue } from './defaults.ts';
import { detectGeneration } from './generation.ts';
import { flattenDoc, locOf, parseFile, type Leaf, type ParsedFile } from './spring/flatten.ts';
import { activationExpr, overlayNames, profileExprMatches } from './spring/profiles.ts';
import { PropertySources } from './spring/properties.ts';
import type { WvpConfig, WvpGeneration, WvpProblem, WvpValueEx, YamlLoc } from './types.ts';
import { scalarEdit } from './yaml-edit.ts';
import { pushAll } from '../util/arrays.ts';

export type { WvpValueEx } from './types.ts';

// ------------------------------------------------------------------ public API

export interface WvpLoadOptions {
  /** the environment WVP runs with; loadWvp defaults to process.env, buildWvp to {} */
  env?: NodeJS.ProcessEnv;
  /** active profiles, overriding spring.profiles.active and SPRING_PROFILES_ACTIVE (like --spring.profiles.active) */
  profiles?: string[];
  /** the WVP generation, overriding detection (--wvp-version) */
  version?: WvpGeneration;
}

/** WvpConfig plus what the loader learned on the way (not part of the shared contract). */
export interface WvpConfigEx extends WvpConfig {
  get(path: string): WvpValueEx;
  /** yml port overrides present (media.rtsp-port ...): honoured before 2025-11-30, dead keys since */
  portOverrides: string[];
  /** overlay files looked for (existing or not), in activation order */
  overlayCandidates: string[];
  /** dotted paths (as written, winning definition) of every scalar in the merged config */
  keys(): string[];
}

/** Reads `file` (and the profile overlays next to it) and resolves it. */
export function loadWvp(file: string, opts: WvpLoadOptions = {}): WvpConfigEx {
  const o: WvpLoadOptions = { ...opts, env: opts.env ?? process.env };
  const main = { path: file, text: readText(file) };
  const first = buildWvp([main], o);
  const overlays: { path: string; text: string }[] = [];
  for (const cand of first.overlayCandidates) {
    if (existsSync(cand)) overlays.push({ path: cand, text: readText(cand) });
  }
  return overlays.length ? buildWvp([main, ...overlays], o) : first;
}

// ------------------------------------------------------------------ reading

function readText(file: string): string {
  return readInputText(file, 'an application.yml is normally under 50 KB');
}

// ------------------------------------------------------------------ assembly

/**
 * Pure: resolves `files` (files[0] is the main application.yml; the others are
 * candidate overlays, picked by name) without touching the disk.
 */
export function buildWvp(files: { path: string; text: string }[], opts: WvpLoadOptions = {}): WvpConfigEx {
  const mainIn = files[0];
  if (!mainIn) throw new Error('buildWvp: no files');
  const problems: WvpProblem[] = [];
  const parsed = new Map<string, ParsedFile>();
  const byNormPath = new Map<string, { path: string; text: string }>();
  for (const f of files) byNormPath.set(normalize(f.path), f);
  const parse = (f: { path: string; text: string }): ParsedFile => {
    let p = parsed.get(f.path);
    if (!p) {
      p = parseFile(f.path, f.text);
      parsed.set(f.path, p);
    }
    return p;
  };
  const main = parse(mainIn);
  const props = new PropertySources(opts.env ?? {});

  // --- active profiles, from the main file's unconditional documents
  const mainLeaves = main.docs.map((_, i) => flattenDoc(main, i));
  for (const leaves of mainLeaves) if (activationExpr(leaves) === undefined) props.put(leaves);
  let profiles: string[];
  let profilesLoc: YamlLoc | undefined;
  if (opts.profiles) profiles = opts.profiles.map((p) => p.trim()).filter(Boolean);
  else {
    const r = props.raw('spring.profiles.active');
    profilesLoc = r.leaf && r.source !== 'env' ? locOf(r.leaf) : undefined;
    profiles = (r.res.value ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  }
  const explicitProfiles = profiles.length > 0;
  const activeSet = new Set(explicitProfiles ? profiles : ['default']);

  // --- full merge: main file documents (in order), then the overlays (in activation order)
  props.clear();
  const loaded: string[] = [main.path];
  const overlayCandidates: string[] = [];
  const inFileProfiles = new Set<string>();
  mainLeaves.forEach((leaves) => {
    const expr = activationExpr(leaves);
    if (expr === undefined || profileExprMatches(expr, activeSet)) props.put(leaves);
    if (expr !== undefined) for (const p of activeSet) if (profileExprMatches(expr, new Set([p]))) inFileProfiles.add(p);
  });
  for (const p of activeSet) {
    const names = overlayNames(main.path, p);
    overlayCandidates.push(...names);
    const hit = names.map((n) => byNormPath.get(normalize(n))).find((f) => f !== undefined);
    if (!hit) {
      if (explicitProfiles && !inFileProfiles.has(p)) {
        problems.push({
          kind: 'missing-profile',
          subject: names[0],
          loc: profilesLoc,
          detail: {
            en: `profile "${p}" is active but neither ${basename(names[0])} nor ${basename(names[1])} exists next to ${basename(main.path)}; its settings are not applied`,
            zh: `profile "${p}" 已激活，但 ${basename(main.path)} 旁边既没有 ${basename(names[0])} 也没有 ${basename(names[1])}；其设置未被应用`,
          },
        });
      }
      continue;
    }
    const pf = parse(hit);
    loaded.push(pf.path);
    pf.docs.forEach((_, i) => {
      const leaves = flattenDoc(pf, i);
      const expr = activationExpr(leaves);
      if (expr === undefined || profileExprMatches(expr, activeSet)) props.put(leaves);
    });
  }
  const activeProfiles = explicitProfiles ? profiles : loaded.length > 1 ? ['default'] : [];

  // --- generation
  const has = (p: string): boolean => props.has(p);
  const portOverrides = WVP_PORT_OVERRIDE_KEYS.filter(has);
  const { generation, generationReason, generationKnown } = detectGeneration(has, portOverrides, opts.version);

  // --- which link sections are there: a yml without server: or media: is an excerpt
  const keys = [...props.entries()].map(([k]) => k);
  const missingSections = LINK_SECTIONS.filter((sec) => !keys.some((k) => k === sec || k.startsWith(`${sec}.`)));
  const blocks = LINK_SECTIONS.filter((sec) => !missingSections.includes(sec));
  const excerpt = missingSections.includes('server') || missingSections.includes('media');

  pushAll(problems, placeholderProblems(props));
  pushAll(problems, sectionProblems(missingSections, main.path, loaded.length > 1));

  const editScalar = (path: string, value: string): { file: string; edit: TextEdit } | undefined => {
    const leaf = props.leaf(path);
    if (!leaf) return undefined;
    // an environment variable overrides the key: WVP would never see what is written in the file
    if (props.raw(path).direct) return undefined;
    if (leaf.node && !isScalar(leaf.node)) return undefined;
    const edit = scalarEdit(leaf, String(value));
    return edit ? { file: leaf.file.path, edit } : undefined;
  };

  const sources = new Map<string, string>();
  for (const f of loaded) sources.set(f, parsed.get(f)!.text);

  return {
    files: loaded,
    sources,
    profiles: activeProfiles,
    generation,
    generationReason,
    generationKnown,
    blocks: [...blocks],
    excerpt,
    get: (path) => wvpValue(props, path, generation, missingSections),
    problems,
    editScalar,
    portOverrides: [...portOverrides],
    overlayCandidates,
    keys: () => [...props.entries()].map(([, l]) => l).filter((l: Leaf) => !isMap(l.node) && !isSeq(l.node)).map((l) => l.written),
  };
}

/** Unresolved placeholders in the link-relevant sections. */
function placeholderProblems(props: PropertySources): WvpProblem[] {
  const out: WvpProblem[] = [];
  const scanned = new Set<string>();
  for (const [canon, leaf] of props.entries()) {
    const top = canon.split('.')[0]!.replace(/\[.*$/, '');
    const relevant = ['server', 'sip', 'media', 'usersettings'].includes(top) || canon === 'spring.profiles.active';
    if (!relevant || isMap(leaf.node) || isSeq(leaf.node) || scanned.has(canon)) continue;
    scanned.add(canon);
    const r = props.raw(leaf.written);
    if (!r.res.unresolved.length) continue;
    const names = r.res.unresolved;
    out.push({
      kind: 'unresolved-placeholder',
      subject: leaf.written,
      loc: locOf(leaf),
      detail: {
        en: `${leaf.written}: ${names.map((n) => '${' + n + '}').join(', ')} ${names.length > 1 ? 'have' : 'has'} no default and ${names.length > 1 ? 'are' : 'is'} not set in the environment; WVP cannot start unless the deployment sets ${names.length > 1 ? 'them' : 'it'}`,
        zh: `${leaf.written}：${names.map((n) => '${' + n + '}').join('、')} 没有默认值，环境变量中也没有；除非部署时设置，否则 WVP 无法启动`,
      },
    });
  }
  return out;
}

/** No server:/sip:/media: (still checked with what is there). */
function sectionProblems(missingSections: readonly string[], mainPath: string, overlays: boolean): WvpProblem[] {
  if (!missingSections.length) return [];
  return [
    {
      kind: 'no-link-sections',
      subject: mainPath,
      detail:
        missingSections.length === LINK_SECTIONS.length
          ? {
              en: `${basename(mainPath)}${overlays ? ' and its profile overlays' : ''} ha${overlays ? 've' : 's'} none of server:, sip:, media:; is this WVP's application.yml (or is the active profile missing)?`,
              zh: `${basename(mainPath)}${overlays ? ' 及其 profile 覆盖文件' : ''} 中没有 server:、sip:、media: 中的任何一个；这是 WVP 的 application.yml 吗（还是缺少生效的 profile）？`,
            }
          : {
              en: `no ${missingSections.map((s) => `${s}:`).join(', ')} section in ${basename(mainPath)}${overlays ? ' or its profile overlays' : ''}; checks that need ${missingSections.length > 1 ? 'them' : 'it'} are limited`,
              zh: `${basename(mainPath)}${overlays ? ' 及其 profile 覆盖文件' : ''} 中没有 ${missingSections.map((s) => `${s}:`).join('、')} 配置段；依赖${missingSections.length > 1 ? '这些配置段' : '该配置段'}的检查受到限制`,
            },
    },
  ];
}
