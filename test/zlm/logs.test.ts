import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_SIGNATURES, redactSecrets, SIGNATURE_INDEX } from '../../src/zlm/log-signatures.ts';
import { formatLogTimestamp, logFileDay, MAX_LINE, parseLogTimestamp, scanLines, scanLogDir, scanLogFile, type LogScanResult } from '../../src/zlm/logs.ts';

/** Recordings from a real MediaServer, vendored from ../shared/zlm-reference/logs (see its README). */
const LOGS = join(import.meta.dirname, '../fixtures/zlm-reference/logs');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'zlm-logs-test-'));
  dirs.push(d);
  return d;
}

const lines = (file: string): string[] => readFileSync(join(LOGS, file), 'utf8').split('\n');
const counts = (r: LogScanResult): Record<string, number> => Object.fromEntries(r.hits.map((h) => [h.id, h.count]));

/**
 * Every sample file → exactly the signatures it must yield (id → count of
 * matching lines). Files about normal operation list only warn/info
 * signatures (checked below: no error-level hit outside this map).
 */
const EXPECTED: Record<string, { normal: boolean; hits: Record<string, number> }> = {
  'api-debug-sample.txt': { normal: true, hits: { 'api-auth-failed': 3 } },
  'bad-config-values.txt': { normal: false, hits: { 'unknown-config-key': 5, 'rtp-port-range-too-small': 4 } },
  'cli-help-version-options.txt': { normal: true, hits: { 'ssl-cert-load-failed': 3 } },
  'config-reload-sighup.txt': { normal: true, hits: { 'hook-rejected': 1, 'stream-rejected-by-hook': 1 } },
  'daemon-mode.txt': { normal: false, hits: { 'port-in-use': 1, 'daemon-child-restarted': 1 } },
  'hook-disabled.txt': { normal: true, hits: { 'unknown-config-key': 37 } },
  'hook-fail-closed-port.txt': { normal: false, hits: { 'hook-refused': 16, 'stream-rejected-by-hook': 4, 'unknown-config-key': 37 } },
  'hook-fail-code-as-string.txt': { normal: false, hits: { 'hook-code-not-int': 10, 'stream-rejected-by-hook': 4, 'unknown-config-key': 37 } },
  'hook-fail-code-nonzero.txt': { normal: false, hits: { 'hook-rejected': 5, 'stream-rejected-by-hook': 4, 'unknown-config-key': 37 } },
  'hook-fail-http-500.txt': { normal: false, hits: { 'hook-bad-status': 10, 'stream-rejected-by-hook': 4, 'unknown-config-key': 37 } },
  'hook-fail-no-code-field.txt': { normal: false, hits: { 'hook-code-not-int': 10, 'stream-rejected-by-hook': 4, 'unknown-config-key': 37 } },
  'hook-fail-non-json.txt': { normal: false, hits: { 'hook-non-json': 10, 'stream-rejected-by-hook': 4, 'unknown-config-key': 37 } },
  'hook-fail-slow-timeout.txt': { normal: false, hits: { 'hook-timeout': 10, 'illegal-connection': 4, 'unknown-config-key': 37 } },
  'log-file-naming-and-rotation.txt': { normal: true, hits: {} },
  'log-levels.txt': { normal: true, hits: { 'unknown-config-key': 37 } },
  'port-in-use.txt': { normal: false, hits: { 'port-in-use': 3 } },
  'publish-play-normal.txt': { normal: true, hits: {} },
  'rtp-server-open-timeout.txt': { normal: false, hits: { 'rtp-server-timeout': 8 } },
  'setServerConfig-reload.txt': { normal: true, hits: {} },
  'shutdown-sigint.txt': { normal: true, hits: {} },
  'signals-and-restart.txt': { normal: true, hits: { 'daemon-child-restarted': 1 } },
  'startup-first-start-without-config.txt': { normal: true, hits: { 'secret-replaced': 1, 'api-auth-failed': 1 } },
  'startup-normal.txt': { normal: true, hits: { 'unknown-config-key': 37 } },
  'startup-shipped-config-default-secret.txt': { normal: true, hits: { 'secret-replaced': 1, 'unknown-config-key': 37, 'api-auth-failed': 1 } },
};

/** The failure each file is named after (must be found). */
const NAMED_FAILURE: Record<string, string> = {
  'bad-config-values.txt': 'rtp-port-range-too-small',
  'hook-fail-closed-port.txt': 'hook-refused',
  'hook-fail-code-as-string.txt': 'hook-code-not-int',
  'hook-fail-code-nonzero.txt': 'hook-rejected',
  'hook-fail-http-500.txt': 'hook-bad-status',
  'hook-fail-no-code-field.txt': 'hook-code-not-int',
  'hook-fail-non-json.txt': 'hook-non-json',
  'hook-fail-slow-timeout.txt': 'hook-timeout',
  'port-in-use.txt': 'port-in-use',
  'rtp-server-open-timeout.txt': 'rtp-server-timeout',
  'startup-shipped-config-default-secret.txt': 'secret-replaced',
  'startup-first-start-without-config.txt': 'secret-replaced',
  'daemon-mode.txt': 'port-in-use',
};

describe('log samples of the real binary', () => {
  const files = readdirSync(LOGS).filter((f) => f.endsWith('.txt')).sort();

  it('every sample file is mapped', () => {
    expect(files.filter((f) => !(f in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((f) => !files.includes(f))).toEqual([]);
  });

  for (const file of files) {
    it(file, async () => {
      const want = EXPECTED[file]!;
      const byLines = scanLines(lines(file));
      expect(counts(byLines)).toEqual(want.hits);
      const named = NAMED_FAILURE[file];
      if (named) expect(byLines.hits.some((h) => h.id === named)).toBe(true);
      if (want.normal) expect(byLines.hits.filter((h) => h.severity === 'error').map((h) => h.id)).toEqual([]);
      // the chunk scanner agrees in every detail but the file name
      const byFile = await scanLogFile(join(LOGS, file));
      expect(byFile.hits.map((h) => ({ ...h, sampleFile: undefined }))).toEqual(byLines.hits);
      for (const h of byFile.hits) {
        expect(h.sampleFile).toBe(join(LOGS, file));
        expect(h.sample).not.toContain('zlm-test-secret-0123456789abcdef');
        expect(h.first!.getTime()).toBeLessThanOrEqual(h.last!.getTime());
      }
    });
  }

  it('names the hook URLs, streams and listen addresses', () => {
    const closed = scanLines(lines('hook-fail-closed-port.txt'));
    const refused = closed.hits.find((h) => h.id === 'hook-refused')!;
    expect(refused.subjectKind).toBe('hook-url');
    expect(refused.subjects).toEqual([
      { value: 'http://127.0.0.1:18998/ok/on_play', count: 6 },
      { value: 'http://127.0.0.1:18998/ok/on_publish', count: 4 },
      { value: 'http://127.0.0.1:18998/ok/on_server_keepalive', count: 4 },
      { value: 'http://127.0.0.1:18998/ok/on_server_started', count: 2 },
    ]);
    expect(refused.firstText).toBe('2026-11-23 19:51:06.872');
    expect(refused.lastText).toBe('2026-11-23 19:51:31.280');
    expect(refused.sample).toMatch(/^2026-11-23 19:51:06\.872 W .*hook http:\/\/127\.0\.0\.1:18998\/ok\/on_server_started 0ms,failed\[network err\]:3\(connection refused\):\{$/);
    const rejected = closed.hits.find((h) => h.id === 'stream-rejected-by-hook')!;
    expect(rejected.subjects.map((s) => s.value).sort()).toEqual(['__defaultVhost__/live/hf1', '__defaultVhost__/live/hf1r', '__defaultVhost__/live/hf2']);
    const port = scanLines(lines('port-in-use.txt')).hits[0]!;
    expect(port.subjects.map((s) => s.value).sort()).toEqual(['127.0.0.1 18080', '127.0.0.1 18554', '127.0.0.1 20000']);
    const rtp = scanLines(lines('rtp-server-open-timeout.txt')).hits[0]!;
    expect(rtp.subjects[0]).toEqual({ value: 'rtp_test_busy', count: 6 });
    const unknown = scanLines(lines('bad-config-values.txt')).hits.find((h) => h.id === 'unknown-config-key')!;
    expect(unknown.subjects.map((s) => s.value)).toContain('http.this line has no equals sign');
  });

  it('shows a continuation-line match after the header of its record, secrets redacted', () => {
    const r = scanLines(lines('api-debug-sample.txt'));
    expect(r.hits[0]!.sample).toBe('2026-11-23 19:46:05.833 D [MediaServer] [17067-event poller 1] WebApi.cpp:306 http api debug | … "msg" : "Please login first"');
    const s = scanLines(lines('startup-shipped-config-default-secret.txt')).hits.find((h) => h.id === 'secret-replaced')!;
    expect(s.sample).toMatch(/modified it to: ‹secret sha256:[0-9a-f]{8}›, saved config file: \/opt\/zlm\/run\/shippedcfg\/config\.ini/);
    expect(s.sample).not.toContain('RUaKQng2LLBfGrMClQOFO4np0NQFW2rE');
  });

  it('windows by time (since / until, inclusive)', () => {
    const all = lines('hook-fail-closed-port.txt');
    const since = new Date(2026, 10, 23, 19, 51, 13, 210);
    const until = new Date(2026, 10, 23, 19, 51, 24, 763);
    const r = scanLines(all, { since, until });
    const refused = r.hits.find((h) => h.id === 'hook-refused')!;
    // 19:51:13.210 .. 19:51:24.763: on_publish ×3, keepalive ×2, on_play ×2
    expect(refused.count).toBe(7);
    expect(refused.firstText).toBe('2026-11-23 19:51:13.210');
    expect(refused.lastText).toBe('2026-11-23 19:51:24.763');
    expect(scanLines(all, { since: new Date(2027, 0, 1) }).hits).toEqual([]);
  });
});

// ───────────────────────── signatures without a real sample ─────────────────────────

const H = (ts: string, level: string, where: string, msg: string): string => `2026-11-23 ${ts} ${level} [MediaServer] [4242-event poller 0] ${where} | ${msg}`;

/** Lines in the real format for every signature the recordings have no sample of. */
const SYNTHETIC: Record<string, string[]> = {
  'bind-permission-denied': [
    H('10:00:00.000', 'W', 'sockutil.cpp:452 bind_sock4', 'Bind socket failed: permission denied'),
    H('10:00:00.001', 'E', 'main.cpp:477 start_main', 'Start server failed: Listen on :: 554 failed: permission denied'),
  ],
  'start-server-failed': [H('10:00:01.000', 'E', 'main.cpp:477 start_main', 'Start server failed: Listen on 10.9.9.9 18080 failed: cannot assign requested address')],
  'ssrc-mismatch': [H('10:00:02.000', 'W', 'RtpServer.cpp:118 operator()', 'ssrc mismatched, rtp dropped: 200000001 != 100000001')],
  'port-pool-exhausted': [
    H('10:00:03.000', 'W', 'Rtsp.cpp:520 makeSockPair', 'open socket failed:none reserved port in pool, retry: 1'),
  ],
  'ip-not-allowed': [
    H('10:00:04.000', 'D', 'WebApi.cpp:306 http api debug', ''),
    '# request:',
    'GET /index/api/getServerConfig?secret=zlm-secret-value',
    '# response:',
    '{',
    '\t"code" : -100,',
    '\t"msg" : "Your ip is not allowed to access the service."',
    '}',
  ],
  'hook-network-error': [H('10:00:05.000', 'W', 'WebHook.cpp:202 operator()', 'hook http://wvp.example:18080/index/hook/on_play 3ms,failed[network err]:5(dns resolve failed):{')],
  'hook-failed-other': [H('10:00:06.000', 'W', 'WebHook.cpp:202 operator()', 'hook http://127.0.0.1:18080/index/hook/on_play 3ms,failed[something new]:{')],
};

describe('signature catalogue', () => {
  it('has unique ids and bilingual texts', () => {
    expect(SIGNATURE_INDEX.size).toBe(LOG_SIGNATURES.length);
    for (const s of LOG_SIGNATURES) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      for (const t of [s.title, s.fix]) {
        expect(t.en.length).toBeGreaterThan(5);
        expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(s.levels.length > 0 || s.body === true).toBe(true);
      expect(s.levels.every((l) => l === 'W' || l === 'E')).toBe(true);
    }
  });

  it('the spec list of faults is covered', () => {
    for (const id of ['hook-refused', 'hook-timeout', 'hook-non-json', 'hook-bad-status', 'hook-code-not-int', 'hook-rejected', 'port-in-use', 'bind-permission-denied', 'secret-replaced', 'ip-not-allowed', 'rtp-server-timeout', 'ssrc-mismatch', 'port-pool-exhausted', 'illegal-connection', 'unknown-config-key']) {
      expect(SIGNATURE_INDEX.has(id), id).toBe(true);
    }
  });

  it('every signature is found by a real or synthetic sample', () => {
    const seen = new Set<string>();
    for (const f of Object.keys(EXPECTED)) for (const id of Object.keys(EXPECTED[f]!.hits)) seen.add(id);
    for (const [id, ls] of Object.entries(SYNTHETIC)) {
      const r = scanLines(ls);
      expect(counts(r), id).toEqual({ [id]: id === 'bind-permission-denied' ? 2 : 1 });
      seen.add(id);
    }
    expect(LOG_SIGNATURES.map((s) => s.id).filter((id) => !seen.has(id))).toEqual([]);
    const ip = scanLines(SYNTHETIC['ip-not-allowed']!).hits[0]!;
    expect(ip.firstText).toBe('2026-11-23 10:00:04.000');
    expect(ip.sample).toContain('WebApi.cpp:306 http api debug | … "msg" : "Your ip is not allowed');
    expect(scanLines(SYNTHETIC['ssrc-mismatch']!).hits[0]!.subjects).toEqual([{ value: '200000001 != 100000001', count: 1 }]);
  });

  it('every match holds a key; overlapping keys on one line are all found', () => {
    const line = H('10:00:00.000', 'W', 'x.cpp:1 f', 'Start server failed: Listen on :: 80 failed: permission denied');
    expect(counts(scanLines([line]))).toEqual({ 'bind-permission-denied': 1 });
    const all = [...Object.keys(EXPECTED).flatMap((f) => lines(f)), ...Object.values(SYNTHETIC).flat()];
    for (const s of LOG_SIGNATURES) {
      for (const p of s.patterns) {
        const re = new RegExp(p);
        for (const l of all) if (re.test(l)) expect(s.keys.some((k) => l.includes(k)), `${s.id}: ${l}`).toBe(true);
      }
    }
  });

  it('patterns are POSIX ERE as well, and grep -E matches the same lines', () => {
    const d = tmp();
    const file = join(d, 'all.txt');
    const all = [...Object.keys(EXPECTED).flatMap((f) => lines(f)), ...Object.values(SYNTHETIC).flat()];
    writeFileSync(file, `${all.join('\n')}\n`);
    for (const s of LOG_SIGNATURES) {
      for (const p of s.patterns) {
        expect(p, `${s.id} uses JS-only syntax`).not.toMatch(/\\[dDsSwWbB]|\(\?|[*+?}]\?/);
        const js = all.filter((l) => new RegExp(p).test(l)).length;
        const g = spawnSync('grep', ['-c', '-E', '-e', p, file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
        expect(g.status === 0 || g.status === 1, g.stderr).toBe(true);
        expect(Number(g.stdout.trim()), `${s.id}: ${p}`).toBe(js);
      }
    }
  });
});

// ───────────────────────────── scanner mechanics ─────────────────────────────

describe('scanner', () => {
  it('redacts secrets in every form the logs carry them', () => {
    const t = [
      '\t"api.secret" : "s3cr3t-value",',
      'GET /index/api/getServerConfig?secret=s3cr3t-value&x=1',
      'GET /index/api/setServerConfig?secret=a&api.secret=new-one',
      'secret : header-secret',
      'The api.secret is invalid, modified it to: RUaKQng2LLBfGrMClQOFO4np0NQFW2rE, saved config file: /x',
      'hook http://admin:pa55word@10.0.0.1/hook 1ms,failed',
      '{"secret": "json-secret"}',
      'plain known-secret-abc in text, encoded known%2Bsecret',
    ].join('\n');
    const out = redactSecrets(t, ['known-secret-abc', 'known+secret']);
    for (const s of ['s3cr3t-value', 'new-one', 'header-secret', 'RUaKQng2', 'pa55word', 'json-secret', 'known-secret-abc', 'known%2Bsecret']) expect(out).not.toContain(s);
    expect(out).toMatch(/"api\.secret" : "‹secret sha256:[0-9a-f]{8}›"/);
    expect(out).toMatch(/\?secret=‹secret sha256:[0-9a-f]{8}›&x=1/);
    expect(out).toMatch(/http:\/\/admin:‹secret sha256:[0-9a-f]{8}›@10\.0\.0\.1\/hook/);
    expect(redactSecrets('no secrets here, failed[network err]')).toBe('no secrets here, failed[network err]');
  });

  it('hook URLs with secrets are redacted in subjects and samples', () => {
    const r = scanLines([H('10:00:00.000', 'W', 'WebHook.cpp:202 operator()', 'hook http://127.0.0.1:18080/hook?secret=abc123 0ms,failed[network err]:3(connection refused):{')], { secrets: ['abc123'] });
    expect(r.hits[0]!.subjects[0]!.value).toMatch(/^http:\/\/127\.0\.0\.1:18080\/hook\?secret=‹secret sha256:[0-9a-f]{8}›$/);
    expect(JSON.stringify(r)).not.toContain('abc123');
  });

  it('skips a line longer than MAX_LINE without holding it in memory, and reads on', async () => {
    const d = tmp();
    const rec = lines('port-in-use.txt').join('\n');
    const f = join(d, '2026-11-23_00.log');
    writeFileSync(f, `${rec}\n${'x'.repeat(MAX_LINE * 2 + 12345)}\n${rec}\n`);
    const r = await scanLogFile(f);
    expect(counts(r)).toEqual({ 'port-in-use': 6 });
  });

  it('is the same with the memo of repeated lines as line by line, across thousands of repeats', async () => {
    const d = tmp();
    const all = lines('hook-fail-closed-port.txt');
    const many = Array.from({ length: 40 }, () => all).flat();
    writeFileSync(join(d, '2026-11-23_00.log'), many.join('\n'));
    const byFile = await scanLogDir(d);
    const byLines = scanLines(many);
    expect(counts(byFile)).toEqual(counts(byLines));
    expect(counts(byLines)['hook-refused']).toBe(40 * 16);
    expect(byFile.hits.map((h) => h.subjects)).toEqual(byLines.hits.map((h) => h.subjects));
  });

  it('reads console output with ANSI colours and CRLF line endings', () => {
    const raw = lines('port-in-use.txt').map((l) => (/^\d{4}-/.test(l) ? `\x1b[31m${l}\x1b[0m\r` : `${l}\r`));
    expect(counts(scanLines(raw))).toEqual({ 'port-in-use': 3 });
  });

  it('chunked file scan equals the line scan across chunk boundaries', async () => {
    const d = tmp();
    const parts: string[] = [];
    let size = 0;
    const pool = ['hook-fail-closed-port.txt', 'api-debug-sample.txt', 'rtp-server-open-timeout.txt', 'publish-play-normal.txt', 'bad-config-values.txt'];
    for (let i = 0; size < 3.5 * 1024 * 1024; i++) {
      const t = readFileSync(join(LOGS, pool[i % pool.length]!), 'utf8');
      parts.push(t);
      size += t.length;
    }
    const text = parts.join('\n');
    const file = join(d, '2026-11-23_00.log');
    writeFileSync(file, text);
    const a = await scanLogFile(file);
    const b = scanLines(text.split('\n'));
    expect(a.hits.map((h) => ({ ...h, sampleFile: undefined }))).toEqual(b.hits);
    expect(a.bytes).toBe(Buffer.byteLength(text));
    expect(a.span).toEqual(b.span);
    expect(counts(a)['api-auth-failed']).toBeGreaterThan(10);
  });

  it('scanLogDir reads *.log oldest first and skips files whose day is outside the window', async () => {
    const d = tmp();
    const src = readFileSync(join(LOGS, 'port-in-use.txt'), 'utf8');
    writeFileSync(join(d, '2026-11-20_00.log'), src.replaceAll('2026-11-23', '2026-11-20'));
    writeFileSync(join(d, '2026-11-23_00.log'), src);
    writeFileSync(join(d, '2026-11-23_01.log'), src.replaceAll('19:59:', '21:59:'));
    writeFileSync(join(d, 'notes.txt'), src);
    const all = await scanLogDir(d);
    expect(all.files.map((f) => f.path.split('/').pop())).toEqual(['2026-11-20_00.log', '2026-11-23_00.log', '2026-11-23_01.log']);
    expect(counts(all)).toEqual({ 'port-in-use': 9 });
    expect(all.hits[0]!.firstText).toBe('2026-11-20 19:59:19.416');
    expect(all.hits[0]!.lastText).toBe('2026-11-23 21:59:34.840');

    const recent = await scanLogDir(d, { since: new Date(2026, 10, 23, 20, 0, 0) });
    expect(recent.files.find((f) => f.path.endsWith('2026-11-20_00.log'))!.skipped).toBe('before-window');
    expect(counts(recent)).toEqual({ 'port-in-use': 3 });
    const old = await scanLogDir(d, { until: new Date(2026, 10, 21) });
    expect(old.files.filter((f) => f.skipped === 'after-window')).toHaveLength(2);
    expect(counts(old)).toEqual({ 'port-in-use': 3 });
  });

  it('stops on an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(scanLogDir(LOGS, { signal: ac.signal })).rejects.toThrow('stop');
    const d = tmp();
    writeFileSync(join(d, '2026-11-23_00.log'), readFileSync(join(LOGS, 'port-in-use.txt')));
    await expect(scanLogFile(join(d, '2026-11-23_00.log'), { signal: ac.signal })).rejects.toThrow('stop');
  });

  it('timestamps: local time, text order is time order', () => {
    const d = new Date(2026, 10, 23, 19, 51, 6, 872);
    expect(formatLogTimestamp(d)).toBe('2026-11-23 19:51:06.872');
    expect(parseLogTimestamp('2026-11-23 19:51:06.872').getTime()).toBe(d.getTime());
    expect(logFileDay('2026-11-23_00.log')).toBe(new Date(2026, 10, 23).getTime());
    expect(logFileDay('MediaServer.log')).toBeUndefined();
  });

  it('result shape', () => {
    const r = scanLines(lines('port-in-use.txt'));
    expect(r.lines).toBe(lines('port-in-use.txt').length);
    expect(r.span.first!.getTime()).toBe(new Date(2026, 10, 23, 19, 59, 19, 301).getTime());
    expect(r.hits[0]).toMatchObject({ id: 'port-in-use', severity: 'error', count: 3, subjectKind: 'listen' });
  });
});
