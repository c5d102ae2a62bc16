import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempTrees } from '../support/temp-tree.ts';
import { startZlmSim } from '../support/zlm-sim/index.ts';
import { registerDiffSide, SIDE_RESOLVERS } from '../../src/cli/diff.ts';
import { parseCanonical } from '../../src/history/canonical.ts';

const REF = join(import.meta.dirname, '../fixtures/zlm-reference');
const DEFAULT = join(REF, 'config.default.ini');
const REWRITE = join(REF, 'config.shipped-after-first-start-rewrite.ini');
const LOOPBACK = join(REF, 'config.test-loopback-example.ini');
const SAMPLE = '035c73f7-bb6b-4889-a715-d9eb2d1925cc';
const GENERATED = 'RUaKQng2LLBfGrMClQOFO4np0NQFW2rE';
const tree = tempTrees('zlm-diff-');

function noSecrets(s: string, ...secrets: string[]): void {
  for (const x of [SAMPLE, GENERATED, ...secrets]) expect(s).not.toContain(x);
}

describe('zlm-doctor diff: the shipped file and ZLM\'s first-start rewrite (acceptance)', () => {
  it('text: only the real key changes, the secret as fingerprints, no format noise', async () => {
    const r = await runCli(['diff', DEFAULT, REWRITE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n').filter((l) => /^ {2}[~+-] /.test(l));
    expect(lines.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '~ api.secret',
      '+ general.check_nvidia_dev',
      '+ general.enable_ffmpeg_log',
      '+ http.notFound',
      '+ python.plugin',
    ]);
    expect(r.stdout).toMatch(/^5 changes \(1 risky, 3 need a restart\)/);
    expect(r.stdout).toMatch(/api\.secret +‹secret changed: [0-9a-f]{4} → [0-9a-f]{4}›  \[live\]/);
    noSecrets(r.stdout);
  });

  it('json: exactly the contract', async () => {
    const r = await runCli(['diff', DEFAULT, REWRITE, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { version: number; changes: Record<string, unknown>[] };
    expect(Object.keys(j)).toEqual(['version', 'changes']);
    expect(j.version).toBe(1);
    for (const c of j.changes) expect(Object.keys(c)).toEqual(['key', 'kind', 'risky', 'reload', 'before', 'after']);
    expect(j.changes[0]).toMatchObject({ key: 'api.secret', kind: 'changed', risky: true, reload: 'live' });
    expect(j.changes[0]!.before).toMatch(/^‹secret:[0-9a-f]+›$/);
    expect(j.changes[1]).toEqual({ key: 'general.check_nvidia_dev', kind: 'added', risky: false, reload: 'restart', before: null, after: '1' });
    noSecrets(r.stdout);
  });

  it('unified: a classic diff of the canonical texts, labelled by side', async () => {
    const r = await runCli(['diff', DEFAULT, REWRITE, '--format', 'unified']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- ${DEFAULT}`);
    expect(r.stdout).toContain(`+++ ${REWRITE}`);
    const changed = r.stdout.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(changed.map((l) => (l.includes('=') ? l.slice(0, l.indexOf('=') + 1) : l))).toEqual(['-secret=', '+secret=', '+check_nvidia_dev=', '+enable_ffmpeg_log=', '+notFound=', '+[python]', '+plugin=']);
    expect(r.stdout).toMatch(/^-secret=‹secret:[0-9a-f]+›$/m);
    noSecrets(r.stdout);
  });

  it('--exit-code: 1 with changes, 0 without', async () => {
    expect((await runCli(['diff', DEFAULT, REWRITE, '--exit-code'])).code).toBe(1);
    expect((await runCli(['diff', DEFAULT, DEFAULT, '--exit-code'])).code).toBe(0);
  });
});

describe('zlm-doctor diff: files', () => {
  it('a cosmetic re-save (order, comments, CRLF, BOM before a comment) is no difference', async () => {
    const d = tree({
      'a.ini': '; mine\n[http]\nport=8080\n\n[api]\nsecret=0123456789abcdef-own\n',
      'b.ini': '\uFEFF# re-saved\r\n[api]\r\nsecret=0123456789abcdef-own\r\n[http]\r\nport=8080\r\n',
    });
    const r = await runCli(['diff', join(d, 'a.ini'), join(d, 'b.ini'), '--exit-code']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No significant difference/);
    expect((await runCli(['diff', join(d, 'a.ini'), join(d, 'b.ini'), '--format', 'unified'])).stdout).toBe('');
    expect(JSON.parse((await runCli(['diff', join(d, 'a.ini'), join(d, 'b.ini'), '--format', 'json'])).stdout)).toEqual({ version: 1, changes: [] });
  });

  it('risky first, reload classes, unknown keys "not read by ZLM", secrets in hook URLs redacted', async () => {
    const d = tree({
      'a.ini': '[hook]\non_play=http://wvp:pa55word-xyz@127.0.0.1/index/hook/on_play\n[protocol]\nenable_hls=1\n[general]\nflowThreshold=1024\n',
      'b.ini': '[hook]\non_play=http://wvp:other-pass-123@127.0.0.1/index/hook/on_play\n[protocol]\nenable_hls=0\n[general]\nflowThreshold=2048\nmy_own_key=1\n',
    });
    const r = await runCli(['diff', join(d, 'a.ini'), join(d, 'b.ini')]);
    expect(r.code).toBe(0);
    noSecrets(r.stdout, 'pa55word-xyz', 'other-pass-123');
    const lines = r.stdout.split('\n');
    expect(lines.findIndex((l) => l.includes('hook.on_play'))).toBeLessThan(lines.findIndex((l) => l.includes('general.flowThreshold')));
    expect(r.stdout).toMatch(/protocol\.enable_hls +1 → 0 +\[new streams only\]/);
    expect(r.stdout).toMatch(/general\.my_own_key +1 +\[not read by ZLM\]/);
  });

  it('Chinese output with --lang zh', async () => {
    const r = await runCli(['diff', DEFAULT, REWRITE, '--lang', 'zh']);
    expect(r.stdout).toMatch(/^5 处差异（1 处有风险，3 处需重启）/);
    expect(r.stdout).toContain('[需重启]');
    const same = await runCli(['diff', DEFAULT, DEFAULT], { LANG: 'zh_CN.UTF-8' });
    expect(same.stdout).toMatch(/^无实质差异/);
  });

  it('bad input: exit 2 with one line', async () => {
    const one = await runCli(['diff', DEFAULT]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/exactly two sides/);
    const missing = await runCli(['diff', DEFAULT, '/nonexistent/config.ini']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runCli(['diff', DEFAULT, REWRITE, '--format', 'sarif'])).code).toBe(2);
  });

  it('a side kind can be added (the history store\'s node@rev)', async () => {
    registerDiffSide({
      id: 'test-rev',
      matches: (s) => s.startsWith('rev:'),
      resolve: async () => ({ name: 'node@1', canonical: parseCanonical('[http]\nport=1\n'), secrets: [] }),
    });
    try {
      const d = tree({ 'a.ini': '[http]\nport=2\n' });
      const r = await runCli(['diff', 'rev:1', join(d, 'a.ini'), '--format', 'json']);
      expect(JSON.parse(r.stdout).changes).toEqual([{ key: 'http.port', kind: 'changed', risky: true, reload: 'restart', before: '1', after: '2' }]);
    } finally {
      SIDE_RESOLVERS.splice(SIDE_RESOLVERS.findIndex((x) => x.id === 'test-rev'), 1);
    }
  });
});

describe('zlm-doctor diff: file ↔ live API (simulated MediaServer on 127.0.0.1)', () => {
  it('compares the file with getServerConfig, the secret taken from the file', async () => {
    const text = readFileSync(LOOPBACK, 'utf8');
    const sim = await startZlmSim({ configText: text, emitHooks: false });
    try {
      const r = await runCli(['diff', LOOPBACK, '--api', sim.base, '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const changes = (JSON.parse(r.stdout) as { changes: { key: string; kind: string }[] }).changes;
      // the running server has the same secret; it also holds every registered key the file lacks
      expect(changes.find((c) => c.key === 'api.secret')).toBeUndefined();
      expect(changes.filter((c) => c.kind !== 'added').map((c) => c.key)).toEqual(['http.port']);
      noSecrets(r.stdout, sim.secret);
      const t = await runCli(['diff', '--api', sim.base, LOOPBACK]);
      expect(t.stdout).toContain(`${LOOPBACK} → ${sim.base}`);
    } finally {
      await sim.close();
    }
  });

  it('an unreachable API is one line and exit 2', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await runCli(['diff', DEFAULT, '--api', `http://127.0.0.1:${port}`, '--timeout', '2s']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('getServerConfig');
  });
});
