/**
 * /metrics is rendered by exposition.ts, not by prom-client's registry.metrics(): the text must stay the same
 * as prom-client's, through escapes, odd values, series that come and go, and repeated scrapes (the cache).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Exposition, valueText } from '../../src/monitor/exposition.ts';
import { MonitorMetrics } from '../../src/monitor/metrics.ts';
import { initialState } from '../../src/monitor/state.ts';

describe('exposition', () => {
  it('renders the same text as prom-client, scrape after scrape', async () => {
    const reg = new Registry();
    const g = new Gauge({ name: 'g_x', help: 'a \\ help\nwith a newline', labelNames: ['node', 'phase'], registers: [reg] });
    const c = new Counter({ name: 'c_total', help: 'count', labelNames: ['node'], registers: [reg] });
    const plain = new Gauge({ name: 'plain', help: 'no labels', registers: [reg] });
    new Gauge({ name: 'empty', help: 'never set', labelNames: ['node'], registers: [reg] });
    const h = new Histogram({ name: 'h_seconds', help: 'a histogram (rendered by prom-client)', labelNames: ['node'], buckets: [0.1, 1], registers: [reg] });
    g.set({ node: 'a', phase: 'total' }, 0.125);
    g.set({ node: 'b"q\\u\nz', phase: 'connect' }, Number.NaN);
    g.set({ node: 'c', phase: 'x' }, Number.POSITIVE_INFINITY);
    g.set({ node: 'c' }, Number.NEGATIVE_INFINITY);
    c.inc({ node: 'a' }, 3);
    plain.set(7);
    h.observe({ node: 'a' }, 0.5);
    const x = new Exposition();
    expect(await x.render(reg)).toBe(await reg.metrics());
    // values move, a series goes, another comes: the cache follows
    g.set({ node: 'a', phase: 'total' }, 1e-7);
    g.remove({ node: 'c', phase: 'x' });
    g.set({ node: 'd', phase: 'total' }, 12345678.5);
    c.inc({ node: 'a' });
    expect(await x.render(reg)).toBe(await reg.metrics());
    // many series removed: the trie is rebuilt, the text still right
    for (let i = 0; i < 500; i++) g.set({ node: `n${i}`, phase: 'total' }, i);
    expect(await x.render(reg)).toBe(await reg.metrics());
    for (let i = 0; i < 500; i++) g.remove({ node: `n${i}`, phase: 'total' });
    expect(await x.render(reg)).toBe(await reg.metrics());
    expect(await x.render(reg)).toBe(await reg.metrics());
  });

  it('writes values as prom-client does', () => {
    expect([0, 1, -2, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(valueText)).toEqual(['0', '1', '-2', '0.5', 'Nan', '+Inf', '-Inf']);
  });

  it("MonitorMetrics' /metrics equals prom-client's own rendering of its registry", async () => {
    const m = new MonitorMetrics();
    m.setNodes(['n1', 'n2']);
    for (const node of ['n1', 'n2']) {
      m.onProbe(
        {
          node,
          at: 1_000,
          readiness: 'ready',
          api: { at: 1_000, ok: true, readiness: 'ready', phases: { connect: 0.4, firstByte: 1.25, total: 3 }, streams: 2, readers: 5, threadLoad: [{ load: 3, delay: 2 }] },
          hooks: { at: 1_000, hooks: { 'hook.on_play': { status: 'ok' }, 'hook.on_publish': { status: 'timeout' } } },
          drift: 1,
        },
        { ...initialState(node, {}, 0), health: 'up' },
        { restarts: 1, hooksProbed: true, findings: { error: 1, warning: 2, info: 0, errors: [] } } as never,
      );
    }
    expect(await m.text()).toBe(await m.registry.metrics());
  });
});
