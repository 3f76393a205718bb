import { describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, browserAvailable, expectAccessible, signIn, skipReason, useBrowser } from './browser.js';

const b = useBrowser();


describe.skipIf(!browserAvailable)(`every page passes axe (WCAG 2.2 AA) ${browserAvailable ? '' : `— skipped: ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('signed-out pages, the 404 page and sign-in errors', async () => {
    const page = await b.page(true);
    const context = page.context();
    await page.goto(`${b.base}/sign-in`);
    await expectAccessible(page, 'sign in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page, 'sign in with errors');
    await page.goto(`${b.base}/accessibility`);
    await expectAccessible(page, 'accessibility statement');
    await page.goto(`${b.base}/dev/outbox`);
    await expectAccessible(page, 'development outbox');
    const missing = await page.goto(`${b.base}/no-such-page`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await expectAccessible(page, '404');
    await context.close();
  });

  it('a social worker’s pages, including every form with its errors', async () => {
    const page = await b.page(true);
    const context = page.context();
    await signIn(page, b.base, DEMO.worker);
    await expectAccessible(page, 'home');
    await page.goto(`${b.base}/people`);
    await expectAccessible(page, 'people');
    await page.getByLabel('Search by name, NHS number, postcode or reference').fill('ashworth');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectAccessible(page, 'search results');
    await page.getByRole('button', { name: 'Search' }).click(); // search again with the same words still works
    await page.goto(`${b.base}/people/new`);
    await expectAccessible(page, 'add a person');
    await page.getByLabel('NHS number (optional)').fill('943 476 5918');
    await page.getByLabel('Postcode (optional)').fill('CR2 6CX');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('1950');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.govuk-error-summary__list li').count()).toBeGreaterThanOrEqual(5);
    await expectAccessible(page, 'add a person with errors');

    await page.goto(`${b.base}/people`);
    await page.getByRole('link', { name: 'Clarke, Thomas' }).click();
    await expectAccessible(page, 'person');
    const personUrl = page.url();
    for (const [link, label] of [
      ['Change details', 'edit'],
      ['Close this record', 'close'],
      ['Add a representative', 'add representative'],
      ['Link an unpaid carer', 'link carer'],
    ] as const) {
      await page.goto(personUrl);
      await page.getByRole('link', { name: link }).click();
      await expectAccessible(page, label);
      await page.getByRole('button').filter({ hasNotText: 'Sign out' }).last().click();
      await expectAccessible(page, `${label} after submitting`);
    }
    await page.goto(personUrl);
    await page.getByRole('link', { name: /^End/ }).first().click();
    await expectAccessible(page, 'end a representative');
    await page.getByRole('button', { name: 'End it' }).click();
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page, 'end a representative with errors');

    const forbidden = await page.goto(`${b.base}/admin/users`);
    expect(forbidden?.status()).toBe(403);
    await expectAccessible(page, '403');
    await context.close();
  });

  it('a manager’s record history, an analyst’s report and the administrator’s pages', async () => {
    const managerPage = await b.page(true);
    const manager = { page: managerPage, context: managerPage.context() };
    await signIn(manager.page, b.base, DEMO.manager);
    await manager.page.goto(`${b.base}/people`);
    await manager.page.getByRole('link', { name: 'Ashworth, Margaret' }).click();
    await manager.page.getByRole('link', { name: 'Record history' }).click();
    await expectAccessible(manager.page, 'record history');
    await manager.context.close();

    const analystPage = await b.page(true);
    const analyst = { page: analystPage, context: analystPage.context() };
    await signIn(analyst.page, b.base, DEMO.analyst);
    await analyst.page.goto(`${b.base}/reports/people`);
    await expectAccessible(analyst.page, 'report');
    await analyst.context.close();

    const adminPage = await b.page(true);
    const admin = { page: adminPage, context: adminPage.context() };
    await signIn(admin.page, b.base, DEMO.admin);
    await expectAccessible(admin.page, 'admin home');
    for (const [url, label] of [
      ['/admin/users', 'users'],
      ['/admin/users/new', 'add user'],
      ['/admin/teams', 'teams'],
      ['/admin/teams/new', 'add team'],
      ['/admin/migration', 'bring records in'],
      ['/admin/jobs', 'scheduled jobs and backups'],
    ] as const) {
      await admin.page.goto(`${b.base}${url}`);
      await expectAccessible(admin.page, label);
    }
    // Bringing records in: no files, then a small folder's preview, then cancelled.
    await admin.page.goto(`${b.base}/admin/migration`);
    await admin.page.getByRole('button', { name: 'Check the files' }).click();
    await expectAccessible(admin.page, 'bring records in with errors');
    const file = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await admin.page.getByLabel('people.csv').setInputFiles(file('people.csv', 'person_ref,nhs_number,given_name,family_name,date_of_birth,date_of_death,gender,ethnicity,postcode,client_type,primary_support_reason,team\r\nAXE-1,,Ann,Axe,1950-01-01,,Female,White: Irish,AT1 2AB,Service user,,North Locality Team\r\n'));
    await admin.page.getByLabel('carers.csv').setInputFiles(file('carers.csv', 'carer_ref,cared_for_ref,relationship,hours_caring_per_week\r\n'));
    await admin.page.getByLabel('events.csv').setInputFiles(file('events.csv', 'event_ref,person_ref,event_type,start_date,end_date,outcome,route_of_access,assessment_type,eligible_needs_identified,service_type,service_component,delivery_mechanism,unit_cost_pence,cost_frequency,planned_units_per_week,weekly_cost_pence,provider_name,provider_cqc_location_id,review_reason,review_outcomes_achieved\r\n'));
    await admin.page.getByRole('button', { name: 'Check the files' }).click();
    expect(await admin.page.locator('h1').textContent()).toBe('Check what the import will do');
    await expectAccessible(admin.page, 'migration preview');
    await admin.page.getByRole('button', { name: 'Cancel and remove the files' }).click();
    expect(await admin.page.locator('.govuk-notification-banner').innerText()).toContain('Cancelled: nothing was imported');
    await admin.page.goto(`${b.base}/admin/users/new`);
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await expectAccessible(admin.page, 'add user with errors');
    await admin.page.goto(`${b.base}/admin/users`);
    await admin.page.getByRole('link', { name: 'Sam Worker' }).click();
    await expectAccessible(admin.page, 'edit user');
    // An invited account: the link shown once, the page its owner opens, the manager's notice.
    await admin.page.goto(`${b.base}/admin/users/new`);
    await admin.page.getByLabel('Work email address').fill('invited.worker@anytown.example');
    await admin.page.getByLabel('Full name').fill('Ira Invited');
    await admin.page.getByLabel('Social worker').check();
    await admin.page.getByLabel('North Locality Team').check();
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await expectAccessible(admin.page, 'user added, with the invitation link');
    const link = /\/invitations\/[A-Za-z0-9_-]{43}/.exec((await admin.page.locator('.govuk-notification-banner').textContent()) ?? '')![0];
    const owner = await b.page(false, 320);
    await owner.goto(`${b.base}${link}`);
    await owner.getByRole('button', { name: 'Set my password' }).click();
    expect(await owner.locator('.govuk-error-summary').count()).toBe(1);
    const ownerJs = await b.page(true, 320);
    await ownerJs.goto(`${b.base}${link}`);
    await expectAccessible(ownerJs, 'invitation, at 320 px');
    await ownerJs.context().close();
    await owner.getByLabel('Password', { exact: true }).fill('a-long-password-123');
    await owner.getByLabel('Enter the password again').fill('a-long-password-123');
    await owner.getByRole('button', { name: 'Set my password' }).click();
    expect(await owner.locator('h1').textContent()).toContain('Sign in');
    await owner.context().close();
    const told = await b.page(true, 320);
    await signIn(told, b.base, DEMO.manager);
    expect(await told.locator('.app-notices').textContent()).toContain('Ira Invited');
    await expectAccessible(told, 'manager home with a notice, at 320 px');
    expect(await told.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await told.context().close();
    await admin.page.goto(`${b.base}/admin/teams`);
    await admin.page.getByRole('link', { name: 'North Locality Team' }).click();
    await expectAccessible(admin.page, 'edit team');
    await admin.page.getByLabel('Team name').fill('');
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await expectAccessible(admin.page, 'edit team with errors');
    await admin.context.close();
  });
});

describe.skipIf(!browserAvailable)('journeys without JavaScript and by keyboard', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('with JavaScript off: sign in, add a person, fix an error, find them, change them, sign out', async () => {
    const page = await b.page(false);
    const context = page.context();
    await signIn(page, b.base, DEMO.worker);
    await page.getByRole('link', { name: 'Add a person' }).first().click();
    await page.getByLabel('Needs care and support').check();
    await page.getByLabel('First name').fill('Nadia');
    await page.getByLabel('Last name').fill('Nojavascript');
    await page.getByLabel('NHS number (optional)').fill('943 476 5918');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: /Enter a real NHS number/ }).click();
    expect(await page.locator('#nhs_number').inputValue()).toBe('943 476 5918');
    await page.getByLabel('NHS number (optional)').fill('943 476 5919');
    await page.getByLabel('Postcode (optional)').fill('cr2 6xh');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('h1').textContent()).toContain('Nadia Nojavascript');
    expect(await page.locator('.govuk-notification-banner').textContent()).toMatch(/Record AC-\d+ created/);
    await page.goto(`${b.base}/people`);
    await page.getByLabel('Search by name, NHS number, postcode or reference').fill('9434765919');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(page.url()).toMatch(new RegExp(`^${b.base}/people/search/[0-9a-f-]{36}$`));
    await page.getByRole('link', { name: 'Nojavascript, Nadia' }).click();
    await page.getByRole('link', { name: 'Change details' }).click();
    await page.getByLabel('Preferred name (optional)').fill('Nad');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('h1').textContent()).toContain('known as Nad');
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(page.url()).toBe(`${b.base}/sign-in`);
    await context.close();
  });

  it('by keyboard alone: skip link, sign in, reach the people list', async () => {
    const page = await b.page(true);
    const context = page.context();
    await page.goto(`${b.base}/sign-in`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await page.getByLabel('Email address').focus();
    await page.keyboard.type(DEMO.worker);
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-password-1');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${b.base}/`);
    await page.getByRole('link', { name: 'People' }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${b.base}/people`);
    expect(await page.locator('h1').textContent()).toBe('People');
    await context.close();
  });
});

describe.skipIf(!browserAvailable)('printed', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('a printed page shows the council’s name without “(/)” after it', async () => {
    const page = await b.page(true);
    await signIn(page, b.base, DEMO.worker);
    await page.goto(`${b.base}/people`);
    await page.locator('main a[href^="/people/"]', { hasText: 'Margaret' }).first().click();
    await page.locator('main a[href^="/plans/"]').first().click();
    await page.goto(`${page.url()}/print`);
    await page.emulateMedia({ media: 'print' });
    const after = await page.evaluate(() => [...document.querySelectorAll('header a')].map((a) => getComputedStyle(a, '::after').content));
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((c) => c.includes('(/)') || c.includes('attr('))).toEqual([]);
    // A link in the page still prints where it goes.
    await page.context().close();
  });
});

/** Pages with tables, by who sees them. `person` is the first record on the people list. */
const NARROW_PAGES: Record<string, string[]> = {
  [DEMO.worker]: ['/', '/my-cases', '/people', 'person', 'plan', 'plan-print', 'timeline', '/directory', '/directory/checks-due', '/worklists', '/worklists/self-assessment', '/worklists/review'],
  [DEMO.manager]: ['/sign-off', '/reports/people', '/caseloads', 'history'],
  [DEMO.panel]: ['/panel'],
  [DEMO.finance]: ['/direct-payments', '/payment-runs', '/direct-payments/waiting/audits-due'],
  [DEMO.analyst]: ['/analytics'],
  [DEMO.admin]: ['/admin/users', '/admin/teams', '/admin/jobs', '/schemes'],
};

describe.skipIf(!browserAvailable)('at 320 px (WCAG 1.4.10 reflow): no page with a table is wider than the window; a wide table scrolls in its own box, which a keyboard can reach', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it.each(Object.entries(NARROW_PAGES))('%s', async (email, paths) => {
    const page = await b.page(true, 320);
    await signIn(page, b.base, email);
    for (const path of paths) {
      if (['person', 'plan', 'plan-print', 'timeline', 'history'].includes(path)) {
        // Margaret: a record with an agreed plan, notes and a history.
        await page.goto(`${b.base}/people`);
        await page.locator('main a[href^="/people/"]', { hasText: 'Margaret' }).first().click();
        const person = page.url();
        if (path === 'timeline' || path === 'history') await page.goto(`${person}/${path}`);
        if (path.startsWith('plan')) {
          await page.locator('main a[href^="/plans/"]').first().click();
          if (path === 'plan-print') await page.goto(`${page.url()}/print`);
        }
      } else {
        const response = await page.goto(`${b.base}${path}`);
        expect(response?.status(), path).toBe(200);
      }
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
      expect(widths.page, `${page.url()} is wider than the window`).toBeLessThanOrEqual(widths.window);
      await expectAccessible(page, `${path} at 320 px`);
    }
    await page.context().close();
  });
});
