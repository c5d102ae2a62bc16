/**
 * The dashboard in real Chromium against `serve` on 127.0.0.1, monitoring a simulated fleet (zlm-sim) and the real
 * MediaServer: the overview lists the nodes; setServerConfig on hook.on_play shows the drift diff with attribution;
 * the language switch; an XSS probe in a config value stays inert; the real MediaServer killed turns its row red and
 * the alert reaches a webhook receiver; a token-protected instance refuses requests without the token; --demo is
 * labelled DEMO. Screenshots: test-artifacts/e2e/*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freshDirs } from '../support/temp-tree.ts';
import { mediaServerPath } from '../support/shared.ts';
import { startZlmSim, type ZlmSim } from '../support/zlm-sim/index.ts';
import { freePort, realConfig, startRealZlm, type RealZlm } from '../support/zlm-sim/real.ts';
import { startReceiver, type Receiver } from '../support/hook-receivers.ts';
import { HOOK_URL_KEYS } from '../../src/zlm/hook-urls.ts';
import { buildWeb, e2eMissing, launch, shot, startServe, until, type RunningServe } from './browser.ts';

const dir = freshDirs('zd-e2e-');
const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
const hasReal = mediaServerPath() !== undefined;

if (e2eMissing) it.skip(`browser end-to-end tests (skipped: ${e2eMissing})`, () => {});
else
  describe('dashboard in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      buildWeb();
      browser = await launch();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
    });

    /** every API answer the browser received and every page as it was left (the secrets grep reads them) */
    const seen: string[] = [];
    const secrets: string[] = [];

    /** A fresh page that records every dialog and page error (an XSS would show as one of them). */
    async function open(base: string, hash = '#/'): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/api/') && !r.url().includes('/api/events/stream'))
          r.text().then(
            (t) => seen.push(t),
            () => undefined,
          );
      });
      const close = page.close.bind(page);
      page.close = async (o) => {
        seen.push(await page.content());
        return close(o);
      };
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/${hash}`);
      return { page, dialogs, errors };
    }

    describe('a simulated fleet and the real MediaServer', () => {
      const sims: ZlmSim[] = [];
      let hooks: Receiver;
      let alerts: Receiver;
      let real: RealZlm | undefined;
      let serve: RunningServe;
      const names = ['sim-0', 'sim-1', 'sim-xss'];

      beforeAll(async () => {
        hooks = await startReceiver('good');
        alerts = await startReceiver('good');
        // sim-1's on_publish receiver is gone (nothing listens there): a broken hook chain, an open alert to acknowledge
        // whether or not the real MediaServer takes part
        const deadHooks = `http://127.0.0.1:${await freePort()}`;
        for (const name of names) {
          const s = await startZlmSim({ emitHooks: false });
          const onPlay = name === 'sim-xss' ? `${hooks.url}/index/hook/on_play?x=${XSS}` : `${hooks.url}/index/hook/on_play`;
          const onPublish = `${name === 'sim-1' ? deadHooks : hooks.url}/index/hook/on_publish`;
          s.setConfig({ ...Object.fromEntries(HOOK_URL_KEYS.map((k) => [k, ''])), 'hook.enable': '1', 'hook.on_play': onPlay, 'hook.on_publish': onPublish });
          sims.push(s);
        }
        secrets.push(...sims.map((x) => x.secret));
        if (hasReal) real = await startRealZlm(realConfig(await freePort(), { 'hook.enable': '1', 'hook.on_play': `${hooks.url}/index/hook/on_play`, 'hook.on_publish': `${hooks.url}/index/hook/on_publish` }));
        if (real) secrets.push(real.secret);
        const d = dir();
        const nodes = sims.map((s, i) => `  - { name: ${names[i]}, api: "${s.base}", secret: "\${SIM_SECRET_${i}}", labels: { site: lab, kind: sim } }\n`).join('');
        const realNode = real ? `  - { name: real-zlm, api: "${real.base}", secret: "\${REAL_SECRET}", labels: { site: lab, kind: real } }\n` : '';
        const yml = `listen: 127.0.0.1:0\nstate-dir: ${JSON.stringify(join(d, 'state'))}\ndefaults: { interval: 1s, timeout: 800ms, down-after: 2, recover-after: 1, jitter: 0s }\nnodes:\n${nodes}${realNode}alerts:\n  channels:\n    - { name: ops, type: webhook, url: "${alerts.url}/alert" }\n`;
        writeFileSync(join(d, 'zlm-doctor.yml'), yml);
        const env: NodeJS.ProcessEnv = Object.fromEntries(sims.map((s, i) => [`SIM_SECRET_${i}`, s.secret]));
        if (real) env.REAL_SECRET = real.secret;
        serve = await startServe({ config: join(d, 'zlm-doctor.yml') }, env);
      }, 60_000);
      afterAll(async () => {
        expect(await serve?.stop()).toBe(0);
        await real?.close();
        for (const s of sims) await s.close();
        await hooks?.close();
        await alerts?.close();
      }, 30_000);

      it('the overview lists the nodes with their health, and counts them', async () => {
        const { page, dialogs, errors } = await open(serve.base);
        const all = real ? [...names, 'real-zlm'] : names;
        for (const n of all) await page.locator(`[data-testid=node-row][data-node="${n}"]`).waitFor({ timeout: 15_000 });
        // every node probed once: health known
        await until('all probed', async () => (await page.locator('[data-testid=node-row][data-health=unknown]').count()) === 0);
        expect(await page.locator('[data-testid=node-row]').count()).toBe(all.length);
        await page.locator('[data-testid=shown]', { hasText: `${all.length} of ${all.length} nodes shown` }).waitFor();
        // filter by name: the server answers, the list follows
        await page.fill('[data-testid=filter-name]', 'sim-');
        await page.locator('[data-testid=shown]', { hasText: `3 of ${all.length} nodes shown` }).waitFor();
        await page.fill('[data-testid=filter-name]', '');
        await page.locator('[data-testid=shown]', { hasText: `${all.length} of ${all.length}` }).waitFor();
        await shot(page, 'overview');
        expect(dialogs).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      }, 60_000);

      it('an XSS probe in a hook URL stays inert: shown as text, no dialog, no script run', async () => {
        const { page, dialogs, errors } = await open(serve.base, '#/node/sim-xss');
        await page.locator('[data-testid=diagnosis]').waitFor({ timeout: 15_000 });
        const cell = page.locator('[data-testid=config] tr[data-key="hook.on_play"] td.value');
        await cell.waitFor({ timeout: 15_000 });
        expect(await cell.textContent()).toContain(XSS);
        // the hook chain shows the same URL as text
        await until('hook chain URL', async () => ((await page.locator('[data-testid=hookchain]').textContent()) ?? '').includes('<script>window.__xss=1</script>'));
        await page.waitForTimeout(500);
        expect(await page.evaluate('window.__xss')).toBeUndefined();
        // no element was made from the value
        expect(await page.locator('#app script, #app img').count()).toBe(0);
        expect(dialogs).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      }, 60_000);

      it('the language switch turns every label to 简体中文 and back', async () => {
        const { page } = await open(serve.base);
        await page.locator('[data-testid=node-row]').first().waitFor({ timeout: 15_000 });
        await page.selectOption('[data-testid=lang]', 'zh');
        await page.locator('header nav', { hasText: '集群' }).waitFor();
        await page.locator('[data-sort=health]', { hasText: '健康度' }).waitFor();
        expect(await page.locator('[data-testid=shown]').textContent()).toMatch(/^显示 \d+ \/ \d+ 个节点$/);
        expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
        // kept across a reload
        await page.reload();
        await page.locator('header nav', { hasText: '告警' }).waitFor({ timeout: 15_000 });
        await page.selectOption('[data-testid=lang]', 'en');
        await page.locator('header nav', { hasText: 'Alerts' }).waitFor();
        await page.locator('[data-sort=health]', { hasText: 'Health' }).waitFor();
        await page.close();
      }, 60_000);

      it('the alert log acknowledges and silences; probe now answers', async () => {
        const { page, errors } = await open(serve.base, '#/alerts');
        // sim-1's broken on_publish hook: an open alert
        const ack = page.locator('[data-testid=alert-table] tr.alert-open [data-testid=ack]').first();
        await ack.waitFor({ timeout: 30_000 });
        const id = await page.locator('[data-testid=alert-table] tr.alert-open', { has: page.locator('[data-testid=ack]') }).first().getAttribute('data-alert');
        await ack.click();
        await page.locator(`[data-testid=alert-table] tr[data-alert="${id}"]`, { hasText: 'acknowledged' }).waitFor({ timeout: 10_000 });
        const alerts = (await (await fetch(`${serve.base}/api/alerts`)).json()) as { items: { id: string; acknowledged: { by: string | null } | null }[] };
        expect(alerts.items.find((a) => a.id === id)?.acknowledged?.by).toBe('dashboard');
        // a silence of one node for 30 minutes, then ended early
        await page.fill('[data-testid=silence-node]', 'sim-0');
        await page.fill('[data-testid=silence-duration]', '30m');
        await page.fill('[data-testid=silence-comment]', 'maintenance <b>now</b>');
        await page.click('[data-testid=silence-submit]');
        const row = page.locator('[data-testid=silences] tr', { hasText: 'sim-0' });
        await row.waitFor({ timeout: 10_000 });
        expect(await row.textContent()).toContain('maintenance <b>now</b>');
        await row.locator('button').click();
        await page.locator('[data-testid=silences]').waitFor({ state: 'detached', timeout: 10_000 });
        // probe now, from the node page
        await page.goto(`${serve.base}/#/node/sim-0`);
        await page.locator('[data-testid=diagnosis]').waitFor({ timeout: 15_000 });
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/nodes/sim-0/probe') && r.request().method() === 'POST', { timeout: 15_000 });
        await page.click('[data-testid=probe-now]');
        expect((await answered).status()).toBe(200);
        expect(errors).toEqual([]);
        await page.close();
      }, 60_000);

      describe.skipIf(!hasReal)(`the real MediaServer${hasReal ? '' : ' (skipped: no MediaServer)'}`, () => {
        it('setServerConfig on hook.on_play shows the drift diff with attribution', async () => {
          const { page, errors } = await open(serve.base, '#/node/real-zlm');
          await page.locator('[data-testid=diagnosis]').waitFor({ timeout: 15_000 });
          // the first config read is the baseline
          await page.locator('[data-testid=config] tr[data-key="hook.on_play"]').waitFor({ timeout: 15_000 });
          const moved = `${hooks.url}/moved/on_play`;
          const r = (await (await fetch(`${real!.base}/index/api/setServerConfig?secret=${real!.secret}&hook.on_play=${encodeURIComponent(moved)}`)).json()) as { code: number; changed: number };
          expect(r).toMatchObject({ code: 0, changed: 1 });
          const row = page.locator('[data-testid=drift-table] tr[data-key="hook.on_play"]');
          await row.waitFor({ timeout: 20_000 });
          expect(await row.locator('td.add').textContent()).toBe(moved);
          expect(await row.locator('td.del').textContent()).toBe(`${hooks.url}/index/hook/on_play`);
          const who = page.locator('[data-testid=drift-attribution]');
          await who.waitFor({ timeout: 20_000 });
          expect(['operator', 'wvp', 'zlm', 'zlm-doctor', 'mixed']).toContain(await who.getAttribute('data-actor'));
          expect(await who.textContent()).toMatch(/^Last change by (operator|WVP|ZLM|zlm-doctor|mixed): .*hook\.on_play/);
          // the history timeline has the revision, attributed
          await until('history revision', async () => (await page.locator('[data-testid=history] li[data-actor]').count()) > 1, 20_000);
          // the newest revision opens on its changes; the config view says who set the key
          await page.locator('[data-testid=history] li').first().locator('[data-testid=rev-toggle]').click();
          await page.locator('[data-testid=revision-changes] tr[data-key="hook.on_play"]').waitFor({ timeout: 10_000 });
          await until('blame of hook.on_play', async () => (await page.locator('[data-testid=config] tr[data-key="hook.on_play"] td.blame .actor').count()) === 1, 20_000);
          await page.locator('[data-testid=chart-latency]').waitFor({ timeout: 15_000 });
          await shot(page, 'node');
          expect(errors).toEqual([]);
          await page.close();
        }, 60_000);

        it('the real MediaServer killed turns its row red, and the alert reaches the webhook receiver', async () => {
          const { page, errors } = await open(serve.base);
          const row = page.locator('[data-testid=node-row][data-node="real-zlm"]');
          await row.waitFor({ timeout: 15_000 });
          // up, or degraded by what the earlier tests did to its hooks: anything but down
          await until('row answering', async () => ['up', 'degraded'].includes((await row.getAttribute('data-health')) ?? ''));
          await real!.close();
          await until('row down', async () => (await row.getAttribute('data-health')) === 'down', 30_000);
          // red: the row's own background
          expect(await row.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).toBe('rgb(254, 226, 226)');
          const alert = await until('alert at the webhook', () => alerts.requests.find((q) => q.body.includes('real-zlm') && /down/i.test(q.body)), 30_000);
          expect(alert.path).toBe('/alert');
          await shot(page, 'overview-down');
          // and the alert log shows it, open
          await page.click('[data-testid=nav-alerts]');
          await page.locator('[data-testid=alert-table] tr[data-node="real-zlm"]').first().waitFor({ timeout: 15_000 });
          expect(errors).toEqual([]);
          await page.close();
        }, 90_000);
      });
    });

    it('no secret in any page or API answer the browser saw', () => {
      expect(seen.length).toBeGreaterThan(10);
      const all = seen.join('\n');
      expect(all).toMatch(/‹secret[ :]/);
      for (const secret of secrets) expect(all).not.toContain(secret);
    });

    describe('a token-protected instance', () => {
      let sim: ZlmSim;
      let serve: RunningServe;
      const TOKEN = 'e2e-token-3f9a7c2d1b8e4a6f';
      beforeAll(async () => {
        sim = await startZlmSim({ emitHooks: false });
        const d = dir();
        writeFileSync(join(d, 'zlm-doctor.yml'), `listen: 127.0.0.1:0\nstate-dir: ${JSON.stringify(join(d, 'state'))}\ndefaults: { interval: 2s, timeout: 1s }\nnodes:\n  - { name: guarded, api: "${sim.base}", secret: "\${SIM_SECRET}" }\n`);
        serve = await startServe({ config: join(d, 'zlm-doctor.yml') }, { SIM_SECRET: sim.secret, ZLM_DOCTOR_TOKEN: TOKEN });
      }, 60_000);
      afterAll(async () => {
        expect(await serve?.stop()).toBe(0);
        await sim?.close();
      }, 30_000);

      it('refuses every API request without the token; the page asks for it and works with it', async () => {
        for (const path of ['/api/nodes', '/api/meta', '/api/nodes/guarded', '/api/events/stream']) {
          const r = await fetch(`${serve.base}${path}`, { signal: AbortSignal.timeout(5000) });
          expect(r.status, path).toBe(401);
          expect(await r.json()).toMatchObject({ error: 'unauthorized' });
        }
        expect((await fetch(`${serve.base}/api/nodes`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
        const ok = await fetch(`${serve.base}/api/nodes`, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(ok.status).toBe(200);

        const { page, errors } = await open(serve.base);
        await page.locator('[data-testid=token-form]').waitFor({ timeout: 15_000 });
        expect(await page.locator('[data-testid=node-row]').count()).toBe(0);
        await page.fill('[data-testid=token-input]', 'wrong-token');
        await page.click('[data-testid=token-form] button[type=submit]');
        await page.locator('[data-testid=token-form] .bad').waitFor();
        await page.fill('[data-testid=token-input]', TOKEN);
        await page.click('[data-testid=token-form] button[type=submit]');
        await page.locator('[data-testid=node-row][data-node="guarded"]').waitFor({ timeout: 15_000 });
        // the live stream connects with the token too
        await page.locator('[data-testid=live].up').waitFor({ timeout: 15_000 });
        // the token is never in the page
        expect(await page.content()).not.toContain(TOKEN);
        expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
        await page.close();
      }, 60_000);
    });

    describe('serve --demo', () => {
      let serve: RunningServe;
      beforeAll(async () => {
        serve = await startServe({ demo: true, stateDir: join(dir(), 'state') });
      }, 60_000);
      afterAll(async () => {
        expect(await serve?.stop()).toBe(0);
      }, 30_000);

      it('shows a simulated fleet with broken nodes, clearly labelled DEMO', async () => {
        const { page, errors } = await open(serve.base);
        await page.locator('[data-testid=demo-banner]').waitFor({ timeout: 15_000 });
        expect(await page.locator('[data-testid=demo-banner]').textContent()).toMatch(/DEMO/);
        await until('six demo nodes', async () => (await page.locator('[data-testid=node-row]').count()) === 6, 20_000);
        // the node with the broken keepalive hook shows it in its hook chain
        await page.goto(`${serve.base}/#/node/demo-2`);
        await page.locator('[data-testid=hookchain] [data-hook="hook.on_server_keepalive"]:not([data-status=ok])').waitFor({ timeout: 30_000 });
        await shot(page, 'demo-node');
        await page.goto(`${serve.base}/#/`);
        await page.locator('[data-testid=node-row]').first().waitFor({ timeout: 15_000 });
        await shot(page, 'demo-overview');
        expect(errors).toEqual([]);
        await page.close();
      }, 90_000);
    });
  });
