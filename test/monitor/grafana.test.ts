/**
 * deploy/grafana/zlm-doctor.json: valid JSON that Grafana imports (panels with unique ids, a datasource input,
 * a `node` variable), every PromQL expression reads only metrics src/monitor/metrics.ts registers, with label
 * names those metrics have, and promtool parses every expression (skipped with one line without promtool).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MonitorMetrics } from '../../src/monitor/metrics.ts';
import { promBinary, promqlMetricNames, promSkipNote, promtoolCheckExprs } from '../support/prometheus.ts';

if (!promBinary('promtool')) process.stderr.write(`grafana: expression parse check ${promSkipNote('promtool')}\n`);

interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: { expr: string; refId: string }[];
  panels?: Panel[];
}
const FILE = join(import.meta.dirname, '../../deploy/grafana/zlm-doctor.json');
const dash = JSON.parse(readFileSync(FILE, 'utf8')) as { uid: string; title: string; panels: Panel[]; templating: { list: { name: string; query: unknown; definition?: string }[] }; __inputs: { name: string }[] };
const panels = dash.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const targets = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
/** Grafana's variables, replaced the way a query sees them */
const concrete = (e: string) => e.replaceAll('$__rate_interval', '1m').replaceAll('$node', '.*');

const metrics = new MonitorMetrics();
const labelsOf = new Map(metrics.registry.getMetricsAsArray().map((m) => [m.name, new Set((m as unknown as { labelNames: string[] }).labelNames)]));

describe('deploy/grafana/zlm-doctor.json', () => {
  it('is an importable dashboard: datasource input, node variable, unique panel ids, every panel has a query', () => {
    expect(dash.uid).toBe('zlm-doctor-fleet');
    expect(dash.__inputs.map((i) => i.name)).toEqual(['DS_PROMETHEUS']);
    expect(dash.templating.list.map((v) => v.name)).toEqual(['DS_PROMETHEUS', 'node']);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels) if (p.type !== 'row') expect(p.targets?.length, p.title).toBeGreaterThan(0);
  });

  it('shows fleet readiness, up, probe phases, hooks, drift, findings, thread load, streams/readers and schedule lag', () => {
    const all = targets.map((t) => t.expr).join('\n');
    for (const m of ['zlm_doctor_readiness', 'zlm_doctor_up', 'zlm_doctor_probe_duration_seconds', 'zlm_doctor_hook_up', 'zlm_doctor_drift_keys', 'zlm_doctor_findings', 'zlm_doctor_thread_load_max', 'zlm_doctor_thread_delay_max_seconds', 'zlm_doctor_streams', 'zlm_doctor_readers', 'zlm_doctor_schedule_lag_max_seconds', 'zlm_doctor_restarts_total', 'zlm_doctor_demo', 'zlm_doctor_monitor_isolated']) expect(all).toContain(m);
  });

  it('reads only metrics serve registers, with labels they have', () => {
    const exprs = [...targets.map((t) => ({ where: t.panel, expr: t.expr })), ...dash.templating.list.flatMap((v) => (v.definition ? [{ where: `$${v.name}`, expr: v.definition.replace(/^label_values\((\w+),.*$/, '$1') }] : []))];
    const bad: string[] = [];
    for (const { where, expr } of exprs) {
      const names = promqlMetricNames(concrete(expr));
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const n of names) {
        const labels = labelsOf.get(n);
        if (!labels) {
          bad.push(`${where}: unknown metric ${n}`);
          continue;
        }
        // label matchers on this metric
        for (const sel of expr.matchAll(new RegExp(`${n}\\{([^}]*)\\}`, 'g'))) for (const l of sel[1]!.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)) if (!labels.has(l[1]!)) bad.push(`${where}: ${n} has no label ${l[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it.skipIf(!promBinary('promtool'))('every expression parses (promtool)', () => {
    const r = promtoolCheckExprs(targets.map((t) => concrete(t.expr)));
    expect(r.output).toContain(`SUCCESS: ${targets.length} rules found`);
    expect(r.code).toBe(0);
  });
});
