/**
 * `zlm-doctor restart`: restart a running MediaServer the way it runs (systemd
 * unit, `-d` watchdog, bare process; a container gets the command to run).
 * Exit codes: 0 restarted (or --dry-run), 1 refused, failed or not done from
 * here, 2 could not run (bad arguments).
 */
import { restartJson, restartServer, restartText, type RestartTarget } from '../change/index.ts';
import type { Lang } from '../i18n/index.ts';
import { parseDuration } from './doctor.ts';
import { UsageError, type Io } from './io.ts';

export interface RestartCliOptions {
  pid?: string;
  config?: string;
  api?: string;
  secret?: string;
  timeout: string;
  stopTimeout: string;
  dryRun: boolean;
  verbose: boolean;
  format: string;
  lang: Lang;
}

export async function runRestartCli(o: RestartCliOptions, io: Io): Promise<number> {
  io.redactor?.add(o.secret).add(io.env.ZLM_SECRET);
  if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`unknown format "${o.format}" (use text or json)`);
  const target: RestartTarget = {};
  if (o.pid !== undefined) {
    if (!/^\d+$/.test(o.pid) || Number(o.pid) <= 0) throw new UsageError(`--pid takes a process id (got "${o.pid}")`);
    target.pid = Number(o.pid);
  }
  if (o.config) target.config = o.config;
  if (o.api) {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(o.api)) throw new UsageError(`--api takes http://host:port (got "${o.api}")`);
    target.api = o.api;
  }
  if (o.secret) target.secret = o.secret;
  const timeoutMs = parseDuration(o.timeout, '--timeout');
  const stopTimeoutMs = parseDuration(o.stopTimeout, '--stop-timeout');
  const tty = io.stderr.isTTY === true && o.format === 'text' && !o.dryRun;
  const r = await restartServer(target, {
    timeoutMs,
    stopTimeoutMs,
    dryRun: o.dryRun,
    env: io.env,
    onPhase: (p) => {
      if (tty) io.err(`${p.ok ? '✓' : '✗'} ${p.phase} ${(p.ms / 1000).toFixed(2)} s\n`);
    },
  });
  io.out(o.format === 'json' ? JSON.stringify(restartJson(r, o.lang), null, 2) + '\n' : restartText(r, o.lang, o.verbose));
  return r.result === 'restarted' || r.result === 'dry-run' ? 0 : 1;
}
