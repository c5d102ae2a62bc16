/**
 * The overview at 1,000 nodes in Chromium: the server counts and pages, the page renders only the visible rows
 * (the DOM never holds the fleet), scrolling to the end shows the last node, a filter answers from the server,
 * and the first rows come quickly. The fleet is test/support/fleet-sim.ts (one light simulator for all nodes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { freshDirs } from '../support/temp-tree.ts';
import { startFleetSim, type FleetSim } from '../support/fleet-sim.ts';
import { buildWeb, e2eMissing, launch, shot, startServe, until, type RunningServe } from './browser.ts';

const N = 1000;
const dir = freshDirs('zd-e2e-fleet-');

if (e2eMissing) it.skip(`browser test at 1,000 nodes (skipped: ${e2eMissing})`, () => {});
else
  describe('the overview at 1,000 nodes', () => {
    let browser: Browser;
    let sim: FleetSim;
    let serve: RunningServe;
    beforeAll(async () => {
      buildWeb();
      sim = await startFleetSim();
      const d = dir();
      const nodes = Array.from({ length: N }, (_, i) => `  - { name: node-${String(i).padStart(4, '0')}, api: "${sim.nodeApi(i)}", secret: "\${FLEET_SECRET}", labels: { site: s${i % 10}, rack: r${i % 7} } }\n`).join('');
      // one probe round during the test: the point is the page, not the monitor
      writeFileSync(join(d, 'zlm-doctor.yml'), `listen: 127.0.0.1:0\nstate-dir: ${JSON.stringify(join(d, 'state'))}\ndefaults: { interval: 10m, timeout: 5s, jitter: 0s }\nnodes:\n${nodes}`);
      serve = await startServe({ config: join(d, 'zlm-doctor.yml') }, { FLEET_SECRET: sim.secret });
      browser = await launch();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      expect(await serve?.stop()).toBe(0);
      await sim?.close();
    }, 60_000);

    it('renders only the visible rows, scrolls to the last node, filters on the server', async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const t0 = Date.now();
      // the server's share (it is busy with its first probe round of 1,000 nodes) and the page's share, apart
      const listed = page.waitForResponse((r) => r.url().includes('/api/nodes?'), { timeout: 30_000 });
      await page.goto(`${serve.base}/#/`);
      await (await listed).finished();
      const answered = Date.now() - t0;
      await page.locator('[data-testid=node-row]').first().waitFor({ timeout: 15_000 });
      const firstRows = Date.now() - t0;
      await page.locator('[data-testid=shown]', { hasText: `${N} of ${N} nodes shown` }).waitFor({ timeout: 15_000 });
      // sort by name, then the DOM holds a window of rows, not the fleet
      await page.click('[data-sort=name]');
      await page.locator('[data-testid=node-row][data-node="node-0000"]').waitFor();
      const rendered = await page.locator('[data-testid=node-row]').count();
      expect(rendered).toBeGreaterThan(10);
      expect(rendered).toBeLessThan(80);
      // to the end: the pages the window needs are fetched, the last node shows
      await page.locator('[data-testid=node-list]').evaluate((el: { scrollTop: number; scrollHeight: number }) => {
        el.scrollTop = el.scrollHeight;
      });
      await page.locator('[data-testid=node-row][data-node="node-0999"]').waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-testid=node-row]').count()).toBeLessThan(80);
      // a label filter: counted and paged by the server
      await page.fill('[data-testid=filter-label]', 'site:s3');
      await page.locator('[data-testid=shown]', { hasText: `${N / 10} of ${N} nodes shown` }).waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-testid=node-row][data-node="node-0003"]').count()).toBe(1);
      await until('probed', async () => (await page.locator('[data-testid=count-up] b').textContent()) !== '0', 60_000);
      await shot(page, 'overview-1000');
      console.log(`overview at ${N} nodes: first page of the API after ${answered} ms, first rows after ${firstRows} ms, ${rendered} rows in the DOM`);
      expect(firstRows - answered).toBeLessThan(3_000);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  });
