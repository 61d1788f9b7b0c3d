import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { HOSTILE_CONFIG, HOSTILE_TEXT, PAYLOAD_IMG, PAYLOAD_TITLE, writeAnnotatorRun } from './__fixtures__/annotator-run.js';
import { shippedExperimentRun } from './__fixtures__/shipped-run.js';
import { renderRunReport } from '../runner/index.js';

/**
 * The report in a real browser: headless Debian Chromium driven by playwright-core. Checks that report.html renders
 * its table and charts from file:// with no console error and no request besides the document itself, and that
 * script payloads in the data run nothing. Chromium missing: skipped with a loud message on a workstation, a
 * failure in CI (CI=... set), where .ci/run installs it.
 */
const CHROMIUM = process.env.SFT_LABEL_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(
    `\n*** SKIPPING the report browser test: ${CHROMIUM} not found. Install it (apt-get install -y chromium) to run it; ` +
      'in CI (env CI set) this test fails instead of skipping. ***\n',
  );
}

/** Screenshots go to reports/browser-test/ (git-ignored) so a person can look at what the test saw. */
function screenshotDir(): string {
  const dir = packagePath('reports', 'browser-test');
  mkdirSync(dir, { recursive: true });
  return dir;
}

interface Visit {
  page: Page;
  consoleErrors: string[];
  requests: string[];
}

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('report.html in headless Chromium', () => {
  let tmp: string;
  let context: BrowserContext;
  const reports: Record<string, string> = {};

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI is set but ${CHROMIUM} is missing: .ci/run installs the Debian chromium package`);
    tmp = mkdtempSync(join(tmpdir(), 'sft-label-browser-'));
    reports.shipped = renderRunReport(await shippedExperimentRun(join(tmp, 'shipped'))).html;
    reports.plain = renderRunReport(writeAnnotatorRun(join(tmp, 'annotators'))).html;
    reports.hostile = renderRunReport(writeAnnotatorRun(join(tmp, 'hostile'), { hostile: true })).html;
    // A fresh profile: nothing cached or installed can make or hide a request.
    context = await chromium.launchPersistentContext(join(tmp, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1400, height: 1000 } });
  });

  afterAll(async () => {
    await context?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function visit(file: string): Promise<Visit> {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, consoleErrors, requests };
  }

  async function expectRendered(v: Visit, file: string, configs: number): Promise<void> {
    expect(v.consoleErrors).toEqual([]);
    expect(v.requests).toEqual([pathToFileURL(file).href]);
    expect(await v.page.locator('#summary-table tbody tr').count()).toBe(configs);
    expect(await v.page.locator('#summary-table thead th').count()).toBe(1 + 9 + 1);
    // 9 metric bar charts, each with a drawn bar per configuration and a visible size.
    expect(await v.page.locator('#metric-charts svg.chart').count()).toBe(9);
    const box = await v.page.locator('#metric-charts svg.chart').first().boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(await v.page.locator('#metric-charts svg.chart').first().locator('rect.bar').count()).toBe(configs);
    expect(await v.page.locator('svg.chart').count()).toBeGreaterThan(9 + 3 * configs);
  }

  it('renders the shipped offline experiment (rules-baseline) with no console error and no network request', async () => {
    const v = await visit(reports.shipped!);
    await expectRendered(v, reports.shipped!, 1);
    await v.page.screenshot({ path: join(screenshotDir(), 'rules-baseline.png') });
    await v.page.locator('#confusion').scrollIntoViewIfNeeded();
    await v.page.screenshot({ path: join(screenshotDir(), 'rules-baseline-confusion.png') });
    await v.page.close();
  });

  it('renders a multi-configuration report with charts, the explorer filter and the prompt diff; saves a screenshot', async () => {
    const v = await visit(reports.plain!);
    await expectRendered(v, reports.plain!, 2);
    const all = await v.page.locator('#samples .sample:visible').count();
    expect(all).toBeGreaterThan(0);
    await v.page.selectOption('#dim-filter', 'constraint');
    const filtered = await v.page.locator('#samples .sample:visible').count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    expect(await v.page.locator('.diffview').count()).toBeGreaterThan(0);
    await v.page.selectOption('#dim-filter', '');
    const dir = screenshotDir();
    await v.page.screenshot({ path: join(dir, 'report.png') });
    await v.page.locator('#cost').scrollIntoViewIfNeeded();
    await v.page.screenshot({ path: join(dir, 'report-charts.png') });
    expect(existsSync(join(dir, 'report.png'))).toBe(true);
    expect(v.consoleErrors).toEqual([]);
    await v.page.close();
  });

  it('runs nothing from <script> and onerror= payloads in conversation text, tags, model and configuration names', async () => {
    const v = await visit(reports.hostile!);
    await expectRendered(v, reports.hostile!, 3);
    // A string expression: this project compiles without the DOM library.
    const state = (await v.page.evaluate(`({
      pwned: window.__pwned,
      title: document.title,
      scripts: document.querySelectorAll('script').length,
      imgs: document.querySelectorAll('img').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      text: document.body.innerText,
    })`)) as { pwned: unknown; title: string; scripts: number; imgs: number; handlers: number; text: string };
    expect(state.pwned).toBeUndefined();
    expect(state.title).toBe(`sft-label report: hostile ${PAYLOAD_TITLE}`);
    expect(state.scripts).toBe(1);
    expect(state.imgs).toBe(0);
    expect(state.handlers).toBe(0);
    // The payloads are shown as text, where they came from.
    expect(state.text).toContain(PAYLOAD_IMG);
    expect(state.text).toContain(HOSTILE_CONFIG);
    expect(state.text).toContain(PAYLOAD_TITLE);
    expect(state.text).toContain(`user: ${HOSTILE_TEXT}`); // the conversation excerpt
    await v.page.close();
  });

  it('shows the whole report with JavaScript off (the script only filters)', async () => {
    const noJs = await chromium.launchPersistentContext(join(tmp, 'profile-nojs'), { executablePath: CHROMIUM, args: ARGS, headless: true, javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      await page.goto(pathToFileURL(reports.plain!).href);
      expect(await page.locator('#samples .sample:visible').count()).toBeGreaterThan(0);
      expect(await page.locator('#metric-charts svg.chart').count()).toBe(9);
      expect(await page.locator('#summary-table tbody tr').count()).toBe(2);
    } finally {
      await noJs.close();
    }
  });
});
