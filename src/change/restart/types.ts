/**
 * The restart contract: what `restartServer(target, opts)` takes and returns
 * (the `restart` command and `apply` both use it), and the system calls it
 * makes, injectable for tests (systemctl is never run by a test).
 */
import type { Localized } from '../../i18n/index.ts';
import type { RunMode } from '../../zlm/run-mode.ts';

/** Which server: a pid (worker or watchdog), the config file it reads, or the API it answers on. None: the only one here. */
export interface RestartTarget {
  pid?: number;
  config?: string;
  api?: string;
  /** API secret; default ZLM_SECRET, else the config's api.secret */
  secret?: string;
}

export interface CommandResult {
  /** exit status; null when killed or timed out */
  code: number | null;
  stdout: string;
  stderr: string;
  /** it did not finish within the bound (killed) */
  timedOut?: boolean;
  /** it could not be started at all (ENOENT ...) */
  error?: string;
}

/** How the new server is started: the old one's argv, cwd, environment and user. */
export interface StartSpec {
  /** the file executed */
  command: string;
  /** argv as the old process had it; argv[0] is given to the new process as is */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** set when we are root and the server ran as another user */
  uid?: number;
  gid?: number;
  /** where stdout/stderr go: '/dev/null' (ZLM writes its own log files) */
  output: string;
}

export interface Spawned {
  pid: number;
  /** exit status once it exited (null: killed by a signal), undefined while it runs */
  exitStatus(): number | null | undefined;
}

export interface RestartSys {
  procRoot: string;
  passwd: string;
  /** run a program (systemctl, docker), bounded; never through a shell */
  run(cmd: string, args: string[], timeoutMs: number): Promise<CommandResult>;
  /** send a signal; false when there is no such process */
  kill(pid: number, signal: NodeJS.Signals | 0): boolean;
  /** start detached in its own session, stdio to spec.output, unref'd */
  spawn(spec: StartSpec): Promise<Spawned>;
  /** the ZLM API's transport; undefined: the shared HTTP transport */
  fetch: typeof fetch | undefined;
  sleep(ms: number): Promise<void>;
  /** our own uid (process.getuid) */
  uid: number;
  /** clock ticks per second; undefined: ask getconf */
  clkTck: number | undefined;
}

export interface RestartOptions {
  /** bound for the whole restart, stop to ready; default 30 s */
  timeoutMs?: number;
  /** how long a clean stop (SIGTERM) may take before SIGKILL; default 10 s (ZLM needs about 1 s) */
  stopTimeoutMs?: number;
  /** plan only: discover, decide, print; signal and start nothing */
  dryRun?: boolean;
  /** where the lock goes when the config's directory is not writable; default the OS temp dir */
  stateDir?: string;
  /** environment for ZLM_SECRET; default process.env */
  env?: NodeJS.ProcessEnv;
  sys?: Partial<RestartSys>;
  /** called as each phase ends (progress) */
  onPhase?: (p: PhaseReport) => void;
}

export type PhaseName = 'discover' | 'lock' | 'preflight' | 'stop' | 'ports' | 'recheck' | 'start' | 'ready';

export interface PhaseReport {
  phase: PhaseName;
  ok: boolean;
  /** wall-clock time the phase took */
  ms: number;
  message: Localized;
  /** facts behind the message (pids, ports, exit codes) */
  details?: string[];
}

export type RestartOutcome =
  /** stopped and started again, ready within the timeout */
  | 'restarted'
  /** --dry-run: the plan */
  | 'dry-run'
  /** nothing was done: no such server, ambiguous, locked, a port held by another process, no permission */
  | 'refused'
  /** it cannot be done from here (a container): the command to run is in `command` */
  | 'manual'
  /** startServer: started, ready */
  | 'started'
  /** something went wrong after the stop: the server may be down (the message says so) */
  | 'failed';

export interface ServerSnapshot {
  /** watchdog first, then worker; or the single process */
  pids: number[];
  configPath?: string;
  apiBase?: string;
}

export interface RestartResult {
  version: 1;
  result: RestartOutcome;
  mode?: RunMode;
  unit?: string;
  containerId?: string;
  before?: ServerSnapshot;
  after?: ServerSnapshot;
  /** SIGKILL was used: on_server_exited was not sent, MP4 recordings may be unfinished */
  sigkill: boolean;
  /** the server is down because of this restart (stopped, not started again) */
  serverDown: boolean;
  phases: PhaseReport[];
  /** the one-line reason for refused / failed / manual */
  reason?: Localized;
  /** manual: the command to run; dry-run (systemd): the command that would run */
  command?: string;
  /**
   * How the server is (re)started: argv, cwd, environment, user. Programs only (the environment may hold
   * secrets: it is never printed); give it to startServer to start the server again after a failed restart.
   */
  startSpec?: StartSpec;
  /** dry-run: the steps a restart would take, in order */
  plan?: Localized[];
  /** things worth knowing that are not failures (the binary was replaced, the user it starts as, a unit it runs inside) */
  notes: Localized[];
  /** total time, ms */
  ms: number;
}
