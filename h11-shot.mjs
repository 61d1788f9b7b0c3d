import { chromium } from 'playwright-core';
const [,, file, out] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
page.on('console', (m) => console.log('console', m.type(), m.text()));
await page.goto('file://' + file);
const h = await page.evaluate(() => document.body.scrollHeight);
console.log('height', h);
for (const id of ['summary', 'metrics', 'cost', 'confusion', 'tags', 'disagreements', 'prompts']) {
  await page.evaluate((id) => document.getElementById(id).scrollIntoView(), id);
  await page.screenshot({ path: `${out}-${id}.png` });
}
await browser.close();
