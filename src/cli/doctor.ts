/**
 * `zlm-doctor doctor`: why doesn't a running ZLMediaKit play? Exit codes:
 * 0 healthy, 1 problems, 2 could not run (nothing to examine, bad arguments).
 */
import { runDoctor } from '../doctor/run.ts';
import { DOCTOR_CHECKS } from '../doctor/registry.ts';
import { toJson, toText } from '../doctor/report.ts';
import { useColor } from '../output/color.ts';
import { Redactor } from '../util/redact.ts';
import { configSecrets } from '../zlm/secrets.ts';
import type { Lang } from '../i18n/index.ts';
import { processIo, UsageError, type Io } from './io.ts';
import { parseHosts, wvpSecrets } from './inputs.ts';

export interface DoctorCliOptions {
  config?: string;
  api?: string;
  secret?: string;
  logDir?: string;
  since?: string;
  wvp?: string;
  active: boolean;
  timeout: string;
  probeTimeout?: string;
  hosts?: string;
  compose?: string[];
  verbose: boolean;
  format: string;
  lang: Lang;
  color?: boolean;
}

/** `10s`, `500ms`, `2m`, or a number of seconds. */
export function parseDuration(v: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) throw new UsageError(`${what}: "${v}" is not a duration (e.g. 10s, 500ms, 1h)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit]!;
}

/** `--since 1h` (relative) or an ISO date/time. */
export function parseSince(v: string | undefined, now = Date.now()): Date | undefined {
  if (!v) return undefined;
  if (/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/.test(v.trim())) return new Date(now - parseDuration(v, '--since'));
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--since: "${v}" is neither a duration (1h, 30m) nor a date`);
  return d;
}

export async function runDoctorCli(o: DoctorCliOptions, io: Io): Promise<number> {
  // a secret given on the command line or in the environment is hidden from the first byte written
  io.redactor?.add(o.secret).add(io.env.ZLM_SECRET);
  if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`unknown format "${o.format}" (use text or json)`);
  if (o.api && !/^https?:\/\/[^/\s]+\/?$/.test(o.api)) throw new UsageError(`--api takes http://host:port (got "${o.api}")`);
  const requestedMs = parseDuration(o.timeout, '--timeout');
  // --timeout bounds the whole process: as the executable, start-up already spent part of it
  // (performance.now() counts from process start), and writing the report and exiting need a little
  const spent = io.stdout === processIo.stdout ? performance.now() : 0;
  const timeoutMs = Math.max(200, Math.round(requestedMs - spent - 150));
  const probeTimeoutMs = o.probeTimeout ? parseDuration(o.probeTimeout, '--probe-timeout') : Math.min(5000, Math.max(500, timeoutMs - 500));
  const since = parseSince(o.since);
  const hosts = parseHosts(o.hosts);
  const env = io.env;
  const options = {
    ...(o.config ? { config: o.config } : {}),
    ...(o.api ? { api: o.api } : {}),
    ...(o.secret ? { secret: o.secret } : {}),
    ...(o.logDir ? { logDir: o.logDir } : {}),
    ...(since ? { since } : {}),
    ...(o.wvp ? { wvp: o.wvp } : {}),
    ...(hosts ? { hosts } : {}),
    ...(o.compose?.length ? { compose: o.compose } : {}),
    active: o.active,
    timeoutMs,
    probeTimeoutMs,
    env,
  };
  const tty = io.stderr.isTTY === true && o.format === 'text';
  const { results, diagnosis, facts } = await runDoctor(DOCTOR_CHECKS, options, o.lang, (done, total, id) => {
    if (tty) io.err(`\r\u001b[2K${o.lang === 'zh' ? '检查中' : 'checking'} ${done}/${total} ${id}`);
  });
  if (tty) io.err('\r\u001b[2K');

  // every secret we know of is redacted from the report
  const redactor = io.redactor ?? new Redactor();
  redactor.add(o.secret).add(env.ZLM_SECRET);
  const cfg = await facts.config();
  if (cfg?.ok) for (const s of configSecrets(cfg.value.doc)) redactor.add(s);
  if (cfg?.ok) redactor.learn(cfg.value.doc.text);
  const w = await facts.wvp();
  if (w?.ok) for (const s of wvpSecrets(w.value)) redactor.add(s);
  if (w?.ok) for (const t of w.value.sources.values()) redactor.learn(t);
  const live = await facts.live();
  if (live?.ok && live.data['api.secret']) redactor.add(live.data['api.secret']);

  const nothing = results.every((r) => r.status === 'skip');
  const text = o.format === 'json' ? JSON.stringify(toJson(results, diagnosis), null, 2) + '\n' : toText(results, diagnosis, o.lang, o.verbose, o.color ?? useColor(io.stdout, env));
  io.out(redactor.redact(text));
  if (nothing) {
    io.err(o.lang === 'zh' ? 'zlm-doctor: 没有可检查的对象：本机无 MediaServer 进程，请用 --config、--api 或 --log-dir 指定\n' : 'zlm-doctor: nothing to examine: no MediaServer process here; give --config, --api or --log-dir\n');
    return 2;
  }
  return diagnosis.length > 0 || results.some((r) => r.status === 'fail' || r.status === 'crash' || r.timedOut) ? 1 : 0;
}
