/**
 * The shipped Prometheus rules and Alertmanager example: `promtool check rules`, `promtool test rules` (the unit
 * tests in deploy/prometheus/zlm-doctor.rules.test.yml), `amtool check-config` and a routing check. Every metric
 * the rules read is one src/monitor/metrics.ts registers, and the alertnames of serve's own alert rules are all
 * defined, with serve's `rule` and `severity`. Skips with one line when promtool / amtool are absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MonitorMetrics } from '../../src/monitor/metrics.ts';
import { RULES } from '../../src/monitor/alerting/rules.ts';
import { promBinary, promqlMetricNames as metricNames, promSkipNote, promtool } from '../support/prometheus.ts';

const DIR = join(import.meta.dirname, '../../deploy');
const RULES_FILE = join(DIR, 'prometheus/zlm-doctor.rules.yml');
const AM_FILE = join(DIR, 'alertmanager/alertmanager.example.yml');
const AMTOOL = ['/usr/bin/amtool', '/usr/local/bin/amtool'].find((p) => existsSync(p));

if (!promBinary('promtool')) process.stderr.write(`rules: promtool checks ${promSkipNote('promtool')}\n`);
if (!AMTOOL) process.stderr.write('rules: amtool checks (skipped: amtool not found; it comes with prometheus-alertmanager)\n');

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}
const groups = (parse(readFileSync(RULES_FILE, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups;
const rules = groups.flatMap((g) => g.rules);

describe('deploy/prometheus rules', () => {
  const registered = new Set(new MonitorMetrics().registry.getMetricsAsArray().map((m) => m.name));
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));

  it('read only metrics serve exports (or that the rules record, or Prometheus`s own `up`)', () => {
    const unknown = rules.flatMap((r) => metricNames(r.expr).filter((n) => !registered.has(n) && !recorded.has(n) && n !== 'up').map((n) => `${r.alert ?? r.record}: ${n}`));
    expect(unknown).toEqual([]);
    // and the parser above does see the metrics
    expect(metricNames(rules.find((r) => r.alert === 'ZlmHookChainBroken')!.expr)).toEqual(['zlm_doctor_hook_up', 'node:zlm_doctor_down:max']);
  });

  it("define every alert serve raises itself, with serve's alertname, rule and severity", () => {
    for (const [rule, meta] of Object.entries(RULES)) {
      const r = rules.find((x) => x.alert === meta.alertname);
      expect(r, meta.alertname).toBeDefined();
      expect(r!.labels).toEqual({ severity: meta.severity, rule });
    }
  });

  it.skipIf(!promBinary('promtool'))('pass promtool check rules', () => {
    const r = promtool(['check', 'rules', RULES_FILE]);
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it.skipIf(!promBinary('promtool'))('pass their unit tests (promtool test rules)', () => {
    const r = promtool(['test', 'rules', 'zlm-doctor.rules.test.yml'], join(DIR, 'prometheus'));
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });
});

describe('deploy/alertmanager example', () => {
  const amtool = (args: string[]) => {
    const r = spawnSync(AMTOOL!, args, { encoding: 'utf8', timeout: 30_000 });
    return { code: r.status, out: `${r.stdout}`.trim(), all: `${r.stdout}${r.stderr}` };
  };

  it.skipIf(!AMTOOL)('passes amtool check-config', () => {
    const r = amtool(['check-config', AM_FILE]);
    expect(r.all).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it.skipIf(!AMTOOL)('pages critical alerts and sends the rest to the team chat', () => {
    const route = (...labels: string[]) => amtool(['config', 'routes', 'test', `--config.file=${AM_FILE}`, ...labels]).out;
    expect(route('alertname=ZlmNodeDown', 'severity=critical', 'node=zlm-1')).toBe('oncall-dingtalk,ops-wecom');
    expect(route('alertname=ZlmHookChainBroken', 'severity=warning', 'node=zlm-1')).toBe('ops-wecom');
  });

  it('groups by node and alertname, inhibits node-dependent alerts while ZlmNodeDown fires, and only talks to 127.0.0.1', () => {
    const text = readFileSync(AM_FILE, 'utf8');
    const am = parse(text) as { route: { group_by: string[] }; inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[] };
    expect(am.route.group_by).toEqual(['node', 'alertname']);
    const inhibit = am.inhibit_rules.find((r) => r.source_matchers.includes('alertname="ZlmNodeDown"'))!;
    expect(inhibit.equal).toEqual(['node']);
    for (const name of ['ZlmHookChainBroken', 'ZlmRiskyConfigDrift', 'ZlmWvpIdentityMismatch', 'ZlmNewErrorFinding']) expect(inhibit.target_matchers.join(' ')).toContain(name);
    for (const m of text.matchAll(/https?:\/\/([^/:\s]+)/g)) expect(m[1]).toBe('127.0.0.1');
  });
});
