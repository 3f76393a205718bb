import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, Visitor, testApp } from '../helpers/app.js';
import { FACTORY_PASSWORD, factories } from '../helpers/factories.js';
import { pdfFonts, pdfInfo, pdfStructure, pdfStructureText, pdfText, pdfToolsAvailable, pdfToolsSkipReason } from '../helpers/pdf.js';

/**
 * Issue 18: every PDF Selfdirect makes is tagged (PDF/UA intent) — the person's copy of the plan,
 * the budget explanation, and letters — read with the tools a council's accessibility check uses:
 * `pdfinfo` says Tagged: yes and gives the title; the structure tree holds the headings, lists and
 * tables; the text comes out in reading order; every font is embedded; the language is English.
 */
let t: TestApp;
let urls: { plan: string; explanation: string; letter: string };
let worker: Visitor;
let finance: Visitor;

beforeAll(async () => {
  t = await testApp();
  const make = factories(t.database.db);
  const team = await make.team();
  const social = await make.staff('social-worker', [team.id]);
  const officer = await make.staff('finance-officer');
  const person = await make.person(team.id, { given_name: 'Ada', family_name: 'Lovelace' });
  const assessment = await make.assessment(person, social.id, { status: 'completed' });
  const plan = await make.plan(person, assessment.id, social.id, { status: 'agreed', outcomes: [{ id: 'o1', text: 'See my friends each week', needs: [] }] });
  const agreement = await make.agreement(plan, officer.id);
  const letter = await t.database.db
    .insertInto('dp_letters')
    .values({ agreement_id: agreement.id, kind: 'contribution', subject_id: null, title: 'Your contribution to your direct payment', address: JSON.stringify(['Ada Lovelace', '1 High Street', 'Anytown', 'AN1 2TW']), paragraphs: JSON.stringify(['Dear Ada,', 'We have not had your contribution for the last four weeks.', 'Please contact us.']), sent_on: '2026-12-01', sent_by: officer.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  urls = { plan: `/plans/${plan.id}/plan.pdf`, explanation: `/assessments/${assessment.id}/explanation.pdf`, letter: `/dp-letters/${letter.id}/letter.pdf` };
  worker = new Visitor(t.app);
  await worker.signIn(social.email, FACTORY_PASSWORD);
  finance = new Visitor(t.app);
  await finance.signIn(officer.email, FACTORY_PASSWORD);
});
afterAll(async () => t?.close());

async function pdfAt(v: Visitor, url: string) {
  const response = await v.get(url);
  expect(response.statusCode, url).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  return response.rawPayload;
}

const before = (text: string, first: string, second: string) => {
  expect(text.indexOf(first), first).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(first), `${first} before ${second}`).toBeLessThan(text.indexOf(second));
};

function expectTagged(pdf: Buffer, title: string) {
  const info = pdfInfo(pdf);
  expect(info.Tagged).toBe('yes');
  expect(info.Title).toBe(title);
  expect(pdf.toString('latin1')).toMatch(/\/Lang \(en-GB\)/);
  expect(pdf.toString('latin1')).toMatch(/\/DisplayDocTitle true/);
  const fonts = pdfFonts(pdf);
  expect(fonts.length).toBeGreaterThan(0);
  for (const font of fonts) expect(font.embedded, font.name).toBe(true);
  return pdfStructure(pdf);
}

describe.skipIf(!pdfToolsAvailable)(`tagged PDFs ${pdfToolsAvailable ? '' : `— skipped: ${pdfToolsSkipReason}`}`, () => {
  it('the person’s copy of their plan: headings, lists and tables in the structure tree, text in reading order', async () => {
    const pdf = await pdfAt(worker, urls.plan);
    const structure = expectTagged(pdf, 'My care and support plan: Ada Lovelace');
    expect(structure[0]).toBe('Document');
    expect(structure.filter((s) => s.trim() === 'H1')).toHaveLength(1);
    expect(structure.filter((s) => s.trim() === 'H2').length).toBeGreaterThan(2);
    expect(structure.some((s) => s.trim() === 'L')).toBe(true);
    expect(structure.some((s) => s.trim() === 'LI')).toBe(true);
    expect(structure.some((s) => s.trim().startsWith('Table'))).toBe(true);
    expect(structure.some((s) => s.trim().startsWith('TH'))).toBe(true);
    const text = pdfText(pdf);
    before(text, 'My care and support plan', 'See my friends each week');
    expect(text).not.toContain('(about: )'); // an outcome tied to no need says nothing of needs
    // Every page says which of how many it is, as a pagination artifact a screen reader skips.
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`Page ${page} of ${pages}`);
    const read = pdfStructureText(pdf);
    expect(read).toContain('See my friends each week');
    expect(read).not.toContain('Page 1 of');
  });

  it('the budget explanation', async () => {
    const pdf = await pdfAt(worker, urls.explanation);
    const structure = expectTagged(pdf, 'How the indicative personal budget was worked out: Ada Lovelace');
    expect(structure.filter((s) => s.trim() === 'H2').map(() => 'H2')).toHaveLength(3);
    expect(structure.some((s) => s.trim() === 'H3')).toBe(true);
    const text = pdfText(pdf);
    before(text, 'How the indicative personal budget was worked out', 'What this means');
    before(text, 'What this means', 'How it was worked out');
    before(text, 'How it was worked out', 'The answers and their points');
  });

  it('a letter, as it was sent', async () => {
    const pdf = await pdfAt(finance, urls.letter);
    expectTagged(pdf, 'Your contribution to your direct payment');
    const text = pdfText(pdf);
    before(text, 'Ada Lovelace', 'Your contribution to your direct payment');
    before(text, 'Dear Ada,', 'Please contact us.');
  });
});

describe('who may have them', () => {
  it('refuses a letter to someone who does not manage direct payments, as for the page', async () => {
    expect((await worker.get(urls.letter)).statusCode).toBe(403);
  });
});
