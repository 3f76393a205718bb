import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3125';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
async function as(email, width, js, pages) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: js });
  const page = await ctx.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', 'demo-password-1');
  await page.click('button[type=submit]');
  for (const [name, go] of pages) {
    await go(page);
    await page.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: true });
  }
  await ctx.close();
}
await as('worker@anytown.example', 320, false, [
  ['worklist-step', (p) => p.goto(`${base}/worklists/self-assessment`)],
  ['search', async (p) => { await p.goto(`${base}/people`); await p.fill('#query', 'ash'); await p.click('button:has-text("Search")'); }],
]);
await as('finance@anytown.example', 1024, true, [
  ['dp-index', (p) => p.goto(`${base}/direct-payments`)],
  ['dp-queue', (p) => p.goto(`${base}/direct-payments/waiting/audits-due`)],
]);
await browser.close();
