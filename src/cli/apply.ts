/**
 * `zlm-doctor apply --dry-run`: the PLAN only, nothing is written or signalled.
 *   apply --config FILE (NEW.ini | --set key=value… | --env NAME [--profiles DIR] [--env-file F]) --dry-run
 *   apply --api URL [--secret S] (NEW.ini | --set key=value…) --dry-run      (no file: live keys only)
 * The desired config is validated with every rule (error findings → refused unless --force; a value that still
 * holds a `${VAR}` is never applied), then compared with the current one (src/change/apply/plan.ts): each change,
 * how it reaches ZLM (SIGHUP, setServerConfig, restart — naming the start-up-only keys), and what will be verified.
 * `--format json` prints {"version":1,"result":"dry-run|refused","reload":"none|live|sighup|restart","changes":[…],
 * "verified":[…],"reason"}. Exit codes: 0 planned, 1 refused, 2 could not run.
 * The executing pipeline (snapshot, write, reload/restart, verify, roll back) is not built here.
 */
import { IniDocument } from '../ini/document.ts';
import { ProfileError, renderProfile, lintRendered } from '../change/index.ts';
import { planApply, UNRESOLVED, type ApplyPlan, type PlanChange, type VerifyStep } from '../change/apply/index.ts';
import { secretChangeText } from '../history/index.ts';
import { configSecrets } from '../zlm/secrets.ts';
import { parseEnvFile } from '../deploy/dotenv.ts';
import { readConfigFile, readInputText, type LoadedConfig } from '../io/read-config.ts';
import type { Lang, Localized } from '../i18n/index.ts';
import { resolve as resolvePath } from 'node:path';
import { UsageError, type Io } from './io.ts';
import { pushAll } from '../util/arrays.ts';

export interface ApplyOptions {
  config?: string;
  api?: string;
  secret?: string;
  set: string[];
  env?: string;
  profiles: string;
  envFile?: string;
  dryRun: boolean;
  force: boolean;
  format: string;
  lang: Lang;
  timeout: string;
  stateDir?: string;
  backupDir?: string;
  /** history reasons: 'apply' (default), 'rollback to <rev>' */
  label?: string;
}

const T = {
  head: { en: (t: string, d: string) => `apply --dry-run: ${t} ← ${d} (nothing is written)`, zh: (t: string, d: string) => `apply --dry-run：${t} ← ${d}（不写入任何内容）` },
  reload: { en: 'reload', zh: '生效方式' },
  changes: { en: 'changes:', zh: '改动：' },
  none: { en: '  (none)', zh: '  （无）' },
  verified: { en: 'verified afterwards:', zh: '之后将验证：' },
  refused: { en: 'refused:', zh: '拒绝：' },
  locked: {
    en: (pid: number, path: string, s: number) => `another apply of this file is running (pid ${pid}, lock ${path}) and did not finish within ${s} s: nothing was changed; run again when it is done`,
    zh: (pid: number, path: string, s: number) => `此文件的另一个 apply 正在进行（pid ${pid}，锁文件 ${path}），${s} 秒内未结束：未做任何修改；请在其完成后重试`,
  },
  lockFailed: { en: (path: string, e: string) => `cannot take the apply lock ${path}: ${e}`, zh: (path: string, e: string) => `无法获取 apply 锁 ${path}：${e}` },
  existing: { en: ' (already in the current config)', zh: '（当前配置中已存在）' },
  api: { en: '  the API answers', zh: '  API 有应答' },
  config: { en: (k: string) => `  getServerConfig shows the new value of: ${k}`, zh: (k: string) => `  getServerConfig 显示新值：${k}` },
  listener: { en: (k: string, p: number, t: string, o?: string) => `  listening: ${k} ${p}/${t}${o ? ` (${o === 'lazy' ? 'binds on first use' : 'only in builds with it'})` : ''}`, zh: (k: string, p: number, t: string, o?: string) => `  监听：${k} ${p}/${t}${o ? `（${o === 'lazy' ? '首次使用时才绑定' : '仅部分编译版本具备'}）` : ''}` },
  portFree: { en: (k: string, p: number) => `  free: ${p} (the old ${k})`, zh: (k: string, p: number) => `  已释放：${p}（原 ${k}）` },
  keepalive: { en: '  the hook chain: on_server_keepalive reaches its receiver', zh: '  hook 链路：on_server_keepalive 能送达接收方' },
  unresolved: {
    en: (k: string) => `the value of ${k} still holds a \${VAR} reference: render the profile first (zlm-doctor render) or use --env`,
    zh: (k: string) => `${k} 的值仍含有 \${VAR} 引用：请先渲染 profile（zlm-doctor render）或使用 --env`,
  },
};

const KEY = /^[^.\s=[\]]+\.[^\s=]+$/;

/** `--set section.key=value` pairs, in order (a later one for the same key wins). */
export function parseSets(sets: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const s of sets) {
    const eq = s.indexOf('=');
    const key = eq < 0 ? s : s.slice(0, eq);
    if (eq < 0 || !KEY.test(key)) throw new UsageError(`--set takes section.key=value (got "${s}")`);
    const value = s.slice(eq + 1);
    if (/[\r\n]/.test(value)) throw new UsageError(`--set ${key}: a value cannot hold a line break`);
    out.push([key, value]);
  }
  return out;
}

export function varsFrom(o: Pick<ApplyOptions, 'envFile'>, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const vars: Record<string, string | undefined> = {};
  if (o.envFile) for (const [n, e] of parseEnvFile(readInputText(o.envFile, 'an env file is normally a few KB'), (x) => env[x])) if (!e.unresolved.length) vars[n] = e.value;
  return { ...vars, ...env };
}

function duplicates(doc: IniDocument): string[] {
  return [...doc.occurrences].filter(([, l]) => l.length > 1).map(([k]) => k);
}

function show(v: string | undefined): string {
  return v === undefined ? '∅' : v === '' ? '""' : v;
}

export function changeLine(c: PlanChange, L: Lang): string {
  const values = secretChangeText({ kind: c.kind, ...(c.old !== undefined ? { before: c.old } : {}), ...(c.new !== undefined ? { after: c.new } : {}) }) ?? `${show(c.old)} → ${show(c.new)}`;
  return `  ${c.key}: ${values}  [${c.via}${c.why ? `: ${c.why[L]}` : ''}]`;
}

function verifyLine(v: VerifyStep, L: Lang): string {
  switch (v.check) {
    case 'api':
      return T.api[L];
    case 'config':
      return T.config[L](v.keys.join(', '));
    case 'listener':
      return T.listener[L](v.key, v.port, v.transport, v.optional);
    case 'port-free':
      return T.portFree[L](v.key, v.port);
    case 'hook-keepalive':
      return T.keepalive[L];
  }
}

export function planJson(p: ApplyPlan, L: Lang, extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    result: p.result,
    reload: p.reload,
    changes: p.changes.map((c) => ({ ...c, ...(c.why ? { why: c.why[L] } : {}) })),
    verified: p.verified,
    reason: p.reason[L],
    restartKeys: p.restartKeys,
    notApplied: p.notApplied,
    notes: p.notes.map((n) => n[L]),
    ...extra,
  };
}

/** Where the desired config comes from when it is none of NEW.ini, --set, --env (rollback: a revision of the history). */
export type DesiredSource = (current: IniDocument) => { doc: IniDocument; name: string; notes?: Localized[] };

export async function runApply(newIni: string | undefined, o: ApplyOptions, io: Io, from?: DesiredSource): Promise<number> {
  const L = o.lang;
  if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`apply prints text or json, not ${o.format}`);
  const sources = [newIni !== undefined, o.set.length > 0, o.env !== undefined, from !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('say what to apply, one of: NEW.ini, --set section.key=value (repeatable), --env NAME');
  if (from && !o.config) throw new UsageError('rollback restores a file: give --config FILE');
  if (!o.config && !o.api) throw new UsageError('say what to apply it to: --config FILE (the file ZLM runs on), or --api URL for live keys only');
  const sets = parseSets(o.set);
  io.redactor?.add(o.secret).add(io.env.ZLM_SECRET);
  for (const [k, v] of sets) if (/secret|passphrase|pwd|password|token/i.test(k)) io.redactor?.add(v);
  const { parseDuration } = await import('./doctor.ts');
  const timeoutMs = parseDuration(o.timeout, '--timeout');

  // one apply per file at a time: a second one waits (bounded by --timeout), then reads what the first left
  let release = (): void => {};
  if (!o.dryRun && o.config) {
    const { acquireApplyLock } = await import('../change/apply/index.ts');
    const lock = await acquireApplyLock(resolvePath(o.config), { waitMs: timeoutMs, ...(o.stateDir ? { stateDir: o.stateDir } : {}) });
    if (!lock.ok) {
      const msg = lock.holder !== undefined ? T.locked[L](lock.holder, lock.path, Math.round(lock.waitedMs / 100) / 10) : T.lockFailed[L](lock.path, lock.error ?? '?');
      if (o.format === 'json') io.out(JSON.stringify({ version: 1, result: 'refused', reload: 'none', changes: [], verified: [], reason: msg }, null, 2) + '\n');
      else io.out(`✗ ${msg}\n`);
      return 1;
    }
    release = lock.release;
  }
  try {
    return await applyLocked();
  } finally {
    release();
  }

  async function applyLocked(): Promise<number> {
    // the current config: the file (process target) or the running one (API only)
    let current: Map<string, string>;
    let curDoc: IniDocument | undefined;
    let curCfg: LoadedConfig | undefined;
    let mode: 'process' | 'api' = 'process';
    if (o.config) {
      curCfg = readConfigFile(o.config);
      curDoc = curCfg.doc;
      current = curDoc.toMap();
      io.redactor?.learn(curDoc.text);
    } else {
      if (o.env) throw new UsageError('--env renders a whole config file: give --config FILE as the target');
      mode = 'api';
      const { createZlmApi } = await import('../zlm/api.ts');
      const api = createZlmApi({ base: o.api!, ...((o.secret ?? io.env.ZLM_SECRET) ? { secret: o.secret ?? io.env.ZLM_SECRET } : {}), timeoutMs });
      const r = await api.getServerConfig();
      if (!r.ok) throw new UsageError(`${api.base}: cannot read getServerConfig: ${r.error.explain[L].split('\n')[0]}`);
      io.redactor?.add(r.data['api.secret']);
      current = new Map(Object.entries(r.data).filter(([k]) => k.includes('.')));
    }

    // the desired config
    let desired: IniDocument;
    let desiredName: string;
    let desiredBytes: Buffer | undefined;
    const fromNotes: Localized[] = [];
    if (from) {
      const d = from(curDoc!);
      desired = d.doc;
      desiredName = d.name;
      fromNotes.push(...(d.notes ?? []));
      desiredBytes = curCfg!.encode(desired.text);
    } else if (newIni !== undefined) {
      const n = readConfigFile(newIni);
      desired = n.doc;
      desiredBytes = n.bytes;
      desiredName = newIni;
    } else if (o.env) {
      try {
        const r = renderProfile({ dir: o.profiles, env: o.env, vars: varsFrom(o, io.env) });
        desired = r.doc;
        desiredBytes = Buffer.from(r.bytes);
      } catch (e) {
        if (!(e instanceof ProfileError)) throw e;
        const lines = e.problems.filter((p) => p.severity === 'error').map((p) => `  ${p.line ? `${p.file}:${p.line}:${p.column}` : p.file}: ${p.message[L]}`);
        io.err(`zlm-doctor: apply --env ${o.env}: ${L === 'zh' ? '渲染失败' : 'cannot render the profile'}:\n${lines.join('\n')}\n`);
        return 2;
      }
      desiredName = `${o.profiles}/${o.env}.ini (rendered)`;
    } else {
      let doc = curDoc ?? new IniDocument('');
      for (const [k, v] of sets) doc = doc.set(k, v);
      desired = doc;
      if (curCfg) desiredBytes = curCfg.encode(doc.text);
      desiredName = sets.map(([k]) => `--set ${k}`).join(' ');
    }
    for (const s of configSecrets(desired)) io.redactor?.add(s);
    io.redactor?.learn(desired.text);

    // validation: the rules, and no value that is still a ${VAR} reference
    const findings = lintRendered(desired, newIni ?? o.config ?? desiredName, L).filter((f) => f.severity === 'error');
    // an error the current file has too is still refused, but said to be old: the change did not bring it
    const before = curDoc ? new Set(lintRendered(curDoc, o.config!, L).filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.key ?? ''}`)) : new Set<string>();
    const errors: { ruleId: string; key?: string; message: string; existing?: boolean }[] = findings.map((f) => ({
      ruleId: f.ruleId,
      ...(f.key ? { key: f.key } : {}),
      message: f.message,
      ...(before.has(`${f.ruleId} ${f.key ?? ''}`) ? { existing: true } : {}),
    }));
    const desiredMap = desired.toMap();
    for (const [k, v] of desiredMap) {
      if (v.includes('${') && current.get(k) !== v) errors.push({ ruleId: UNRESOLVED, key: k, message: T.unresolved[L](k) });
    }
    const plan = planApply({ current, desired: desiredMap, mode, errors, force: o.force, duplicateKeys: duplicates(desired) });
    plan.notes.unshift(...fromNotes);

    if (!o.dryRun) {
      const { executeApply } = await import('../change/apply/index.ts');
      const outcome = await executeApply({
        mode,
        ...(o.config ? { configPath: o.config, current: { bytes: curCfg!.bytes, doc: curDoc! } } : {}),
        desired: { ...(desiredBytes ? { bytes: desiredBytes } : {}), map: desiredMap },
        plan,
        ...(o.api ? { api: o.api } : {}),
        ...(o.secret ? { secret: o.secret } : {}),
        ...(mode === 'api' ? { running: current } : {}),
        ...(o.stateDir ? { stateDir: o.stateDir } : {}),
        ...(o.label ? { label: o.label } : {}),
        ...(o.backupDir ? { backupDir: o.backupDir } : {}),
        timeoutMs,
        env: io.env,
      });
      const { outcomeJson, outcomeText } = await import('./apply-report.ts');
      if (o.format === 'json') io.out(JSON.stringify(outcomeJson(outcome, plan, L, { target: o.config ?? o.api, mode, ...(plan.result === 'refused' ? { errors } : {}) }), null, 2) + '\n');
      else io.out(outcomeText(outcome, plan, L, o.config ?? o.api!, desiredName, plan.result === 'refused' ? errors.map((e) => `  ✗ ${e.key ? `${e.key}: ` : ''}${e.message} [${e.ruleId}]${e.existing ? T.existing[L] : ''}`) : []));
      return outcome.exitCode;
    }

    if (o.format === 'json') {
      io.out(JSON.stringify(planJson(plan, L, { target: o.config ?? o.api, mode, ...(plan.result === 'refused' ? { errors } : {}) }), null, 2) + '\n');
    } else {
      const out = [T.head[L](o.config ?? o.api!, desiredName), `${T.reload[L]}: ${plan.reload} — ${plan.reason[L]}`];
      if (plan.result === 'refused') {
        out.push(T.refused[L]);
        // '✗' first: a line that starts with a secret key's name would be redacted as its value
        for (const e of errors) out.push(`  ✗ ${e.key ? `${e.key}: ` : ''}${e.message} [${e.ruleId}]${e.existing ? T.existing[L] : ''}`);
      }
      out.push(T.changes[L]);
      pushAll(out, plan.changes.length ? plan.changes.map((c) => changeLine(c, L)) : [T.none[L]]);
      for (const n of plan.notes) out.push(`! ${n[L]}`);
      if (plan.verified.length) pushAll(out, [T.verified[L], ...plan.verified.map((v) => verifyLine(v, L))]);
      io.out(out.join('\n') + '\n');
    }
    return plan.result === 'refused' ? 1 : 0;
  }
}

