// The dashboard in a real browser: an administrator's first page after sign-in draws
// its charts (vendored Chart.js, no network) from the center's figures, and a report
// page draws its chart over its table.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { api, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';

let server;
let context;
let page;

before(
  async () => {
    server = await startServer();
    context = await launchBrowser();
    page = await newPage(context);
  },
  { timeout: 90_000 },
);

after(async () => {
  await context?.close().catch((error) => console.error(`closing the browser: ${error.message}`));
  await server?.stop();
});

/** Whether Chart.js drew a chart on the canvas of CHART_ID. */
function drawn(chartId) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
    return Boolean(canvas && window.Chart && window.Chart.getChart(canvas));
  }, chartId);
}

test('the dashboard charts the center and a report charts its table', { timeout: 120_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  try {
    t.diagnostic('signing up; the first page is the dashboard');
    await page.goto(`${server.baseUrl}/signup`);
    await page.fill('input[name="company"]', 'Hopper Contact');
    await page.fill('input[name="name"]', 'Grace Hopper');
    await page.fill('input[name="email"]', `grace+${suffix}@example.com`);
    await page.fill('input[name="password"]', PASSWORD);
    await page.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs(page, '/');

    t.diagnostic('a queue with calls, a case with a contact attempt');
    const queue = await api(page, 'POST', '/queues', { name: 'Sales line', service_level_seconds: 20 });
    const campaign = await api(page, 'POST', '/dialer-campaigns', { name: 'Renewals', queue_id: queue.id });
    const me = await api(page, 'GET', '/me');
    const kase = await api(page, 'POST', '/cases', { campaign_id: campaign.id, customer: { name: 'Ada' }, assignee_id: me.user.id });
    await api(page, 'POST', `/cases/${kase.id}/attempts`, { channel: 'call', result: 'contacted' });
    const now = Date.now();
    const at = (secondsAgo) => new Date(now - secondsAgo * 1000).toISOString();
    await api(page, 'POST', '/interactions', { channel: 'call', direction: 'inbound', queue_id: queue.id, started_at: at(120), answered_at: at(110), ended_at: at(60) });
    await api(page, 'POST', '/interactions', { channel: 'call', direction: 'inbound', queue_id: queue.id, started_at: at(100), ended_at: at(40) });

    await page.goto(`${server.baseUrl}/`);
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    assert.equal((await page.locator('#contacts-today').innerText()).trim(), '1');
    for (const chart of ['chart-status', 'chart-contacts', 'chart-operators', 'chart-queues']) {
      await page.waitForFunction((id) => {
        const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
        return Boolean(canvas && window.Chart && window.Chart.getChart(canvas));
      }, chart);
      assert.ok(await drawn(chart), `${chart} is drawn`);
    }
    const queueRow = page.locator('#dashboard-queues tbody tr', { hasText: 'Sales line' });
    assert.match(await queueRow.innerText(), /50\.0 %/, 'one of two calls answered within 20 s');
    await screenshot(page, 'dashboard');

    t.diagnostic('the queue report: chart and table');
    await page.locator('#menu a[href="/reports"]').click();
    await pathIs(page, '/reports');
    await page.locator('a[href="/reports/queues"]').click();
    await pathIs(page, '/reports/queues');
    await page.locator('#report-table tbody tr', { hasText: 'Sales line' }).waitFor({ state: 'visible' });
    await page.waitForFunction(() => {
      const canvas = document.querySelector('canvas[data-chart="report-chart"]');
      return Boolean(canvas && window.Chart && window.Chart.getChart(canvas));
    });
    await screenshot(page, 'report-queues');
  } catch (error) {
    await screenshotOnFailure(page, 'dashboard');
    throw error;
  }
});
