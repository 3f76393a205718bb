import type { RasScheme } from '../../domain/ras/scheme.js';
import { formatExactPence, formatPence } from '../../domain/money/pence.js';
import { decimalOf, decimalText } from '../../domain/ras/exact.js';
import { escapeHtml as escape, formatDate } from '../../web/format.js';
import { captionedTable } from '../../web/tables.js';

/** Pure views of schemes: the allocation rules as tables, and two versions side by side. */
const rateText = (pencePerPoint: number) => formatExactPence(decimalText(decimalOf(pencePerPoint)));

export function allocationTable(scheme: RasScheme) {
  const panel = scheme.allocation.panelReview;
  const panelText = panel
    ? [panel.abovePoints !== undefined ? `more than ${panel.abovePoints} points` : null, panel.aboveWeeklyPence !== undefined ? `more than ${formatPence(panel.aboveWeeklyPence)} a week` : null].filter(Boolean).join(' or ')
    : null;
  if (scheme.allocation.type === 'rate') {
    return {
      panelText,
      table: captionedTable('Rates by group', [{ text: 'Group' }, { text: 'Primary support reasons' }, { text: 'Per point', format: 'numeric' }, { text: 'Fixed weekly amount', format: 'numeric' }, { text: 'Budget starts at', format: 'numeric' }], scheme.allocation.groups.map((g) => [
          { text: g.title },
          { text: g.primarySupportReasons.join('; ') || 'None' },
          { text: rateText(g.pencePerPoint), format: 'numeric' },
          { text: formatPence(g.fixedPence ?? 0), format: 'numeric' },
          { text: `${g.minimumPoints ?? 0} points`, format: 'numeric' },
        ])),
    };
  }
  return {
    panelText,
    table: captionedTable('Bands', [{ text: 'Points' }, { text: 'Yearly amount', format: 'numeric' }], scheme.allocation.bands.map((b) => [{ text: b.maxPoints === null ? `${b.minPoints} or more` : `${b.minPoints} to ${b.maxPoints}` }, { text: formatPence(b.annualPence), format: 'numeric' }])),
  };
}

export function schemeFacts(scheme: RasScheme, status: string) {
  return {
    rows: [
      { key: { text: 'Scheme' }, value: { text: `${scheme.id}, version ${scheme.version}` } },
      { key: { text: 'For' }, value: { text: scheme.kind === 'adult' ? 'Adults who need care and support' : 'Unpaid carers' } },
      { key: { text: 'In force from' }, value: { text: formatDate(scheme.effectiveFrom) } },
      { key: { text: 'Weeks in a year' }, value: { text: String(scheme.weeksPerYear ?? 52) } },
      { key: { text: 'Status' }, value: { text: status === 'published' ? 'Published: it never changes' : 'Draft: not used for assessments until published' } },
    ],
  };
}

/** Every question, answer, adjustment and allocation figure of two versions, side by side, with changes marked. */
export function comparison(a: RasScheme, b: RasScheme) {
  const rows: { cells: [{ text: string }, { text: string }, { text: string }]; changed: boolean }[] = [];
  const add = (what: string, x: string | undefined, y: string | undefined) => rows.push({ cells: [{ text: what }, { text: x ?? 'Not in this version' }, { text: y ?? 'Not in this version' }], changed: x !== y });
  const questions = (s: RasScheme) => new Map(s.domains.flatMap((d) => d.questions.map((q) => [q.id, { domain: d, q }] as const)));
  const qa = questions(a);
  const qb = questions(b);
  const domainIds = [...new Set([...a.domains.map((d) => d.id), ...b.domains.map((d) => d.id)])];
  for (const id of domainIds) {
    const da = a.domains.find((d) => d.id === id);
    const db = b.domains.find((d) => d.id === id);
    add(`Domain: ${(da ?? db)!.title}`, da ? `up to ${da.maxPoints ?? 'any'} points` : undefined, db ? `up to ${db.maxPoints ?? 'any'} points` : undefined);
  }
  for (const id of new Set([...qa.keys(), ...qb.keys()])) {
    const x = qa.get(id)?.q;
    const y = qb.get(id)?.q;
    const text = (x ?? y)!.text;
    for (const answerId of new Set([...(x?.answers ?? []), ...(y?.answers ?? [])].map((ans) => ans.id))) {
      const ax = x?.answers.find((ans) => ans.id === answerId);
      const ay = y?.answers.find((ans) => ans.id === answerId);
      add(`${text}: ${(ax ?? ay)!.text}`, ax ? `${ax.points} points` : undefined, ay ? `${ay.points} points` : undefined);
    }
  }
  const adjustments = (s: RasScheme) => new Map((s.adjustments ?? []).flatMap((adj) => Object.entries(adj.reductions).map(([answer, r]) => [`${adj.title} (answer ${answer})`, `${decimalText(decimalOf(r))} reduction`] as const)));
  const adjA = adjustments(a);
  const adjB = adjustments(b);
  for (const key of new Set([...adjA.keys(), ...adjB.keys()])) add(`Adjustment: ${key}`, adjA.get(key), adjB.get(key));
  const allocation = (s: RasScheme) =>
    new Map(
      s.allocation.type === 'rate'
        ? s.allocation.groups.flatMap((g) => [
            [`${g.title}: per point`, rateText(g.pencePerPoint)],
            [`${g.title}: fixed weekly amount`, formatPence(g.fixedPence ?? 0)],
            [`${g.title}: budget starts at`, `${g.minimumPoints ?? 0} points`],
          ] as [string, string][])
        : s.allocation.bands.map((band) => [`Band from ${band.minPoints} points`, `${band.maxPoints === null ? 'open' : `to ${band.maxPoints}`}: ${formatPence(band.annualPence)} a year`] as [string, string]),
    );
  const alA = allocation(a);
  const alB = allocation(b);
  for (const key of new Set([...alA.keys(), ...alB.keys()])) add(key, alA.get(key), alB.get(key));
  add('In force from', formatDate(a.effectiveFrom), formatDate(b.effectiveFrom));
  add('Weeks in a year', String(a.weeksPerYear ?? 52), String(b.weeksPerYear ?? 52));
  const differ = rows.filter((r) => r.changed);
  const same = rows.filter((r) => !r.changed);
  const head = [{ text: 'What' }, { text: `${a.id} ${a.version}` }, { text: `${b.id} ${b.version}` }];
  const table = (caption: string, list: typeof rows, cells: (r: (typeof rows)[number]) => object[]) => (list.length ? { caption, captionClasses: 'govuk-table__caption--m', firstCellIsHeader: true, head, rows: list.map(cells) } : null);
  // What differs comes first; everything that is the same follows, for checking.
  return {
    summary: differ.length === 0 ? 'The two versions are the same.' : `${differ.length} ${differ.length === 1 ? 'figure differs' : 'figures differ'} between the two versions. They are listed first.`,
    differences: table(`What differs (${differ.length})`, differ, (r) => [r.cells[0], { html: `<strong>${escape(r.cells[1].text)}</strong>` }, { html: `<strong>${escape(r.cells[2].text)}</strong>` }]),
    same: table(`The same in both (${same.length})`, same, (r) => r.cells),
  };
}
