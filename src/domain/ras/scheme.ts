import { decimalPlaces } from './exact.js';
import { isIsoDate } from '../calendar/iso-date.js';
import { inRelease2, isUnpaidCarer } from '../cld/code-lists.js';

/** A Resource Allocation System scheme in the `selfdirect-ras/1` interchange format. */
export const RAS_FORMAT = 'selfdirect-ras/1';

export interface RasAnswer {
  id: string;
  text: string;
  points: number;
}
export interface RasQuestion {
  id: string;
  text: string;
  guidance?: string;
  answers: RasAnswer[];
}
export interface RasDomain {
  id: string;
  title: string;
  maxPoints?: number;
  questions: RasQuestion[];
}
export interface RasAdjustment {
  questionId: string;
  title: string;
  reductions: Record<string, number>;
}
export interface RasGroup {
  id: string;
  title: string;
  primarySupportReasons: string[];
  pencePerPoint: number;
  fixedPence?: number;
  minimumPoints?: number;
}
export interface RasBand {
  minPoints: number;
  maxPoints: number | null;
  annualPence: number;
}
export interface PanelReview {
  abovePoints?: number;
  aboveWeeklyPence?: number;
}
export type RasAllocation =
  | { type: 'rate'; groups: RasGroup[]; panelReview?: PanelReview }
  | { type: 'bands'; bands: RasBand[]; panelReview?: PanelReview };

export interface RasScheme {
  format: typeof RAS_FORMAT;
  id: string;
  version: string;
  title: string;
  kind: 'adult' | 'carer';
  effectiveFrom: string;
  weeksPerYear?: number;
  domains: RasDomain[];
  adjustments?: RasAdjustment[];
  allocation: RasAllocation;
}

export interface SchemeProblem {
  path: string;
  message: string;
}

/**
 * A valid scheme comes with its warnings: Primary Support Reasons written in Release 1 wording are
 * read as their Release 2 equivalents (the returned scheme has them so) and each is named.
 */
export type SchemeValidation = { ok: true; scheme: RasScheme; warnings: SchemeProblem[] } | { ok: false; problems: SchemeProblem[] };

/** Column names the batch files already use, so no question may be called this. */
const RESERVED_COLUMNS = new Set(['person_id', 'group']);

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWhole = (v: Json): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * Checks a parsed JSON document against the format and every rule in the formats README. Returns
 * every problem found, each named by its JSON path ($.domains[0].questions[1].answers[2].points).
 */
export function validateScheme(doc: Json): SchemeValidation {
  const problems: SchemeProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });

  if (!isObject(doc)) return { ok: false, problems: [{ path: '$', message: 'must be a JSON object' }] };

  const text = (path: string, value: Json, what: string, optional = false) => {
    if (value === undefined && optional) return;
    if (typeof value !== 'string' || value.trim() === '') problem(path, `${what} must be a non-empty string`);
  };

  if (doc.format !== RAS_FORMAT) problem('$.format', `must be "${RAS_FORMAT}"`);
  if (typeof doc.id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(doc.id)) problem('$.id', 'must be a slug of a-z, 0-9 and "-", like "anytown-adults"');
  text('$.version', doc.version, 'version');
  text('$.title', doc.title, 'title');
  if (doc.kind !== 'adult' && doc.kind !== 'carer') problem('$.kind', 'must be "adult" or "carer"');
  if (typeof doc.effectiveFrom !== 'string' || !isIsoDate(doc.effectiveFrom)) problem('$.effectiveFrom', 'must be a date written YYYY-MM-DD');
  if (doc.weeksPerYear !== undefined && (typeof doc.weeksPerYear !== 'number' || !(doc.weeksPerYear > 0) || !Number.isFinite(doc.weeksPerYear))) {
    problem('$.weeksPerYear', 'must be a number greater than 0, like 52 or 52.1429');
  }

  const questionAnswers = new Map<string, Set<string>>();
  if (!Array.isArray(doc.domains) || doc.domains.length === 0) {
    problem('$.domains', 'must be a list of at least one domain');
  } else {
    const domainIds = new Set<string>();
    doc.domains.forEach((domain, d) => {
      const at = `$.domains[${d}]`;
      if (!isObject(domain)) return problem(at, 'must be an object');
      text(`${at}.id`, domain.id, 'id');
      if (typeof domain.id === 'string') {
        if (domainIds.has(domain.id)) problem(`${at}.id`, `domain id "${domain.id}" is used more than once`);
        domainIds.add(domain.id);
      }
      text(`${at}.title`, domain.title, 'title');
      if (domain.maxPoints !== undefined && (!isWhole(domain.maxPoints) || domain.maxPoints < 0)) problem(`${at}.maxPoints`, 'must be a whole number of 0 or more');
      if (!Array.isArray(domain.questions) || domain.questions.length === 0) return problem(`${at}.questions`, 'must be a list of at least one question');
      domain.questions.forEach((question, q) => {
        const qat = `${at}.questions[${q}]`;
        if (!isObject(question)) return problem(qat, 'must be an object');
        text(`${qat}.id`, question.id, 'id');
        if (typeof question.id === 'string') {
          if (questionAnswers.has(question.id)) problem(`${qat}.id`, `question id "${question.id}" is used more than once in the scheme (question ids are CSV column names)`);
          if (RESERVED_COLUMNS.has(question.id)) problem(`${qat}.id`, `"${question.id}" is a column of the batch files already; choose another question id`);
        }
        text(`${qat}.text`, question.text, 'text');
        if (question.guidance !== undefined && typeof question.guidance !== 'string') problem(`${qat}.guidance`, 'must be a string');
        const answerIds = new Set<string>();
        if (!Array.isArray(question.answers) || question.answers.length < 2) {
          problem(`${qat}.answers`, 'must be a list of at least two answers');
        } else {
          question.answers.forEach((answer, a) => {
            const aat = `${qat}.answers[${a}]`;
            if (!isObject(answer)) return problem(aat, 'must be an object');
            text(`${aat}.id`, answer.id, 'id');
            if (typeof answer.id === 'string') {
              if (answerIds.has(answer.id)) problem(`${aat}.id`, `answer id "${answer.id}" is used more than once in this question`);
              answerIds.add(answer.id);
            }
            text(`${aat}.text`, answer.text, 'text');
            if (!isWhole(answer.points) || answer.points < 0) problem(`${aat}.points`, 'must be a whole number of 0 or more');
          });
        }
        if (typeof question.id === 'string' && !questionAnswers.has(question.id)) questionAnswers.set(question.id, answerIds);
      });
    });
  }

  if (doc.adjustments !== undefined) {
    if (!Array.isArray(doc.adjustments)) problem('$.adjustments', 'must be a list');
    else
      doc.adjustments.forEach((adjustment, i) => {
        const at = `$.adjustments[${i}]`;
        if (!isObject(adjustment)) return problem(at, 'must be an object');
        text(`${at}.title`, adjustment.title, 'title');
        const answers = typeof adjustment.questionId === 'string' ? questionAnswers.get(adjustment.questionId) : undefined;
        if (!answers) problem(`${at}.questionId`, `must be the id of a question in the scheme`);
        if (!isObject(adjustment.reductions)) return problem(`${at}.reductions`, 'must be an object of answer id to reduction');
        for (const [answerId, reduction] of Object.entries(adjustment.reductions)) {
          if (answers && !answers.has(answerId)) problem(`${at}.reductions.${answerId}`, `"${answerId}" is not an answer of question "${String(adjustment.questionId)}"`);
          if (typeof reduction !== 'number' || !(reduction >= 0 && reduction < 1)) problem(`${at}.reductions.${answerId}`, 'must be a number from 0 up to but not including 1');
        }
      });
  }

  const warnings: SchemeProblem[] = [];
  const release2 = validateAllocation(doc.allocation, problem, (path, message) => warnings.push({ path, message }));

  if (problems.length > 0) return { ok: false, problems };
  if (warnings.length === 0) return { ok: true, scheme: doc as unknown as RasScheme, warnings };
  const scheme = structuredClone(doc) as unknown as RasScheme;
  if (scheme.allocation.type === 'rate') scheme.allocation.groups.forEach((group, g) => (group.primarySupportReasons = release2[g] ?? group.primarySupportReasons));
  return { ok: true, scheme, warnings };
}

/** Checks the allocation; returns each group's Primary Support Reasons in Release 2 wording. */
function validateAllocation(allocation: Json, problem: (path: string, message: string) => void, warn: (path: string, message: string) => void): string[][] {
  const release2: string[][] = [];
  const at = '$.allocation';
  if (!isObject(allocation)) {
    problem(at, 'must be an object');
    return release2;
  }
  if (allocation.panelReview !== undefined) {
    const panel = allocation.panelReview;
    if (!isObject(panel)) problem(`${at}.panelReview`, 'must be an object');
    else {
      if (panel.abovePoints !== undefined && (!isWhole(panel.abovePoints) || panel.abovePoints < 0)) problem(`${at}.panelReview.abovePoints`, 'must be a whole number of 0 or more');
      if (panel.aboveWeeklyPence !== undefined && (!isWhole(panel.aboveWeeklyPence) || panel.aboveWeeklyPence < 0)) {
        problem(`${at}.panelReview.aboveWeeklyPence`, 'must be a whole number of pence, 0 or more');
      }
    }
  }
  if (allocation.type === 'rate') {
    if (!Array.isArray(allocation.groups) || allocation.groups.length === 0) {
      problem(`${at}.groups`, 'must be a list of at least one group');
      return release2;
    }
    const ids = new Set<string>();
    const reasons = new Map<string, string>();
    allocation.groups.forEach((group, g) => {
      const gat = `${at}.groups[${g}]`;
      if (!isObject(group)) return problem(gat, 'must be an object');
      if (typeof group.id !== 'string' || group.id.trim() === '') problem(`${gat}.id`, 'id must be a non-empty string');
      else {
        if (ids.has(group.id)) problem(`${gat}.id`, `group id "${group.id}" is used more than once`);
        ids.add(group.id);
      }
      if (typeof group.title !== 'string' || group.title.trim() === '') problem(`${gat}.title`, 'title must be a non-empty string');
      if (typeof group.pencePerPoint !== 'number' || !(group.pencePerPoint >= 0) || !Number.isFinite(group.pencePerPoint)) {
        problem(`${gat}.pencePerPoint`, 'must be a number of pence, 0 or more');
      } else if (decimalPlaces(group.pencePerPoint) > 4) problem(`${gat}.pencePerPoint`, 'must have at most 4 decimal places');
      if (group.fixedPence !== undefined && !isWhole(group.fixedPence)) problem(`${gat}.fixedPence`, 'must be a whole number of pence (it may be negative)');
      if (group.minimumPoints !== undefined && (!isWhole(group.minimumPoints) || group.minimumPoints < 0)) problem(`${gat}.minimumPoints`, 'must be a whole number of 0 or more');
      if (!Array.isArray(group.primarySupportReasons)) return problem(`${gat}.primarySupportReasons`, 'must be a list of Primary Support Reasons');
      const own: string[] = [];
      release2[g] = own;
      group.primarySupportReasons.forEach((given, r) => {
        const rat = `${gat}.primarySupportReasons[${r}]`;
        if (typeof given !== 'string' || given.trim() === '') return problem(rat, 'must be a non-empty string');
        const known = inRelease2('Primary_Support_Reason', given);
        if (!known) return problem(rat, `"${given}" is not a CLD Release 2 Primary Support Reason`);
        if (known.value === null) return warn(rat, `"${given}" is Release 1 wording with no Release 2 equivalent: it is left out`);
        if (known.mapped) warn(rat, `"${given}" is Release 1 wording: read as "${known.value}"`);
        const reason = known.value;
        const other = reasons.get(reason);
        if (other !== undefined) problem(rat, `"${reason}" is already in group "${other}": a Primary Support Reason may be in one group only`);
        else reasons.set(reason, String(group.id));
        own.push(reason);
      });
    });
  } else if (allocation.type === 'bands') {
    if (!Array.isArray(allocation.bands) || allocation.bands.length === 0) {
      problem(`${at}.bands`, 'must be a list of at least one band');
      return release2;
    }
    let expectedMin = 0;
    allocation.bands.forEach((band, b) => {
      const bat = `${at}.bands[${b}]`;
      if (!isObject(band)) return problem(bat, 'must be an object');
      const last = b === (allocation.bands as Json[]).length - 1;
      if (!isWhole(band.minPoints) || band.minPoints < 0) problem(`${bat}.minPoints`, 'must be a whole number of 0 or more');
      else if (band.minPoints !== expectedMin) {
        problem(`${bat}.minPoints`, b === 0 ? 'the first band must start at 0 points' : `must be ${expectedMin}, one more than the band before ends: bands must be contiguous and must not overlap`);
      }
      if (band.maxPoints === null) {
        if (!last) problem(`${bat}.maxPoints`, 'only the last band may be open-ended (maxPoints null)');
      } else if (!isWhole(band.maxPoints) || (isWhole(band.minPoints) && band.maxPoints < band.minPoints)) {
        problem(`${bat}.maxPoints`, 'must be a whole number no less than minPoints, or null for an open top band');
      }
      if (!isWhole(band.annualPence) || band.annualPence < 0) problem(`${bat}.annualPence`, 'must be a whole number of pence, 0 or more');
      expectedMin = isWhole(band.maxPoints) ? band.maxPoints + 1 : expectedMin;
    });
  } else {
    problem(`${at}.type`, 'must be "rate" or "bands"');
  }
  return release2;
}

/** Parses scheme text: JSON syntax errors are problems too. */
export function parseScheme(text: string): SchemeValidation {
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '$', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  return validateScheme(doc);
}

/** Which kind of scheme assesses a person of this CLD client type: unpaid carers have carers' schemes. */
export function schemeKindFor(clientType: string): 'adult' | 'carer' {
  return isUnpaidCarer(clientType) ? 'carer' : 'adult';
}
