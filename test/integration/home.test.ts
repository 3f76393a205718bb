import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type TestApp, Visitor, html, testApp } from '../helpers/app.js';

/** Each role's home page links to everything the role uses (issue 17): every part of the service in its navigation has a card. */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('home pages', () => {
  for (const [role, email] of Object.entries({ worker: DEMO.worker, manager: DEMO.manager, panel: DEMO.panel, finance: DEMO.finance, analyst: DEMO.analyst, admin: DEMO.admin })) {
    it(`the ${role}'s home links to every part of the service in their navigation`, async () => {
      const v = new Visitor(t.app);
      await v.signIn(email);
      const $ = html(await v.get('/'));
      const navigation = $('.govuk-service-navigation__list a').map((_, a) => $(a).attr('href')).get().filter((href) => href !== '/');
      const inMain = new Set($('main a').map((_, a) => $(a).attr('href')).get());
      expect(navigation.length).toBeGreaterThan(0);
      expect(navigation.filter((href) => !inMain.has(href))).toEqual([]);
    });
  }
});
