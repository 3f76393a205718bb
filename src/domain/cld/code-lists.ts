import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../root.js';

/**
 * The adult social care Client Level Data (CLD) code lists, read from the versioned data files
 * beside this module (`release-2.json`, and `release-1-to-2.json` for older wording). The forms,
 * the validation, the statutory extract and the migration all read them from here, so a council
 * corrects a list in the file, not in code. See ../shared/docs/statutory-returns.md.
 */
export const CODE_LIST_NAMES = [
  'Event_Type',
  'Client_Type',
  'Gender',
  'Ethnicity',
  'Primary_Support_Reason',
  'Accommodation_Status',
  'Employment_Status',
  'Yes_No',
  'Client_Funding_Status',
  'Event_Outcome',
  'Request_Route_of_Access',
  'Assessment_Type',
  'Method_of_Assessment',
  'Service_Type',
  'Service_Component',
  'Delivery_Mechanism',
  'Review_Reason',
  'Review_Outcomes_Achieved',
  'Method_of_Review',
  'Cost_Frequency_Unit_Type',
] as const;
export type CodeListName = (typeof CODE_LIST_NAMES)[number];

export interface CodeList {
  name: CodeListName;
  /** False when the full wording could not be checked against the published specification. */
  confirmed: boolean;
  /** False when the list is known to be only part of the specification's. */
  complete: boolean;
  source: string;
  values: readonly [string, ...string[]];
}

export interface CodeLists {
  release: string;
  lists: Record<CodeListName, CodeList>;
  /** Older wording → Release 2 (null: no equivalent, cleared), for the lists that changed. */
  release1: Partial<Record<CodeListName, ReadonlyMap<string, string | null>>>;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the two documents and builds the lists. Every problem is named (a council edits these
 * files): a missing list, an empty or repeated value, a mapping to a value not in the list.
 */
export function parseCodeLists(listsDoc: Json, mapDoc: Json): CodeLists {
  const problems: string[] = [];
  if (!isObject(listsDoc) || listsDoc.format !== 'selfdirect-cld-code-lists/1' || !isObject(listsDoc.lists)) {
    throw new Error('The CLD code lists must be a selfdirect-cld-code-lists/1 document with "lists"');
  }
  const lists = {} as Record<CodeListName, CodeList>;
  for (const name of CODE_LIST_NAMES) {
    const list = listsDoc.lists[name];
    if (!isObject(list) || !Array.isArray(list.values) || list.values.length === 0) {
      problems.push(`lists.${name}: must be an object with a non-empty "values" list`);
      continue;
    }
    const values = list.values as Json[];
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (typeof v !== 'string' || v.trim() === '' || v.trim() !== v) problems.push(`lists.${name}.values[${i}]: must be text without surrounding spaces`);
      else if (seen.has(v)) problems.push(`lists.${name}.values[${i}]: "${v}" is listed twice`);
      else seen.add(v);
    });
    if (typeof list.confirmed !== 'boolean') problems.push(`lists.${name}.confirmed: must be true or false`);
    lists[name] = { name, confirmed: list.confirmed === true, complete: list.complete !== false, source: typeof list.source === 'string' ? list.source : '', values: values as [string, ...string[]] };
  }
  const release1: CodeLists['release1'] = {};
  const maps = isObject(mapDoc) && mapDoc.format === 'selfdirect-cld-release-map/1' && isObject(mapDoc.maps) ? mapDoc.maps : null;
  if (!maps) problems.push('The Release 1 map must be a selfdirect-cld-release-map/1 document with "maps"');
  else {
    for (const [name, map] of Object.entries(maps)) {
      if (!(CODE_LIST_NAMES as readonly string[]).includes(name) || !isObject(map)) {
        problems.push(`maps.${name}: is not a code list`);
        continue;
      }
      const target = lists[name as CodeListName];
      const entries = new Map<string, string | null>();
      for (const [from, to] of Object.entries(map)) {
        if (to !== null && (typeof to !== 'string' || !target?.values.includes(to))) problems.push(`maps.${name}["${from}"]: "${String(to)}" is not a Release ${String(listsDoc.release)} value of ${name}`);
        else entries.set(from, to);
      }
      release1[name as CodeListName] = entries;
    }
  }
  if (problems.length > 0) throw new Error(`The CLD code lists are not valid:\n  ${problems.join('\n  ')}`);
  return { release: String(listsDoc.release), lists, release1 };
}

function loadCodeLists(): CodeLists {
  const read = (file: string) => JSON.parse(readFileSync(path.join(projectRoot, 'src/domain/cld', file), 'utf8')) as Json;
  return parseCodeLists(read('release-2.json'), read('release-1-to-2.json'));
}

export const CLD: CodeLists = loadCodeLists();

export function codeValues(name: CodeListName): readonly [string, ...string[]] {
  return CLD.lists[name].values;
}

export function isCodeValue(name: CodeListName, value: string): boolean {
  return CLD.lists[name].values.includes(value);
}

/**
 * A value in Release 2 wording: itself when it already is, its equivalent when it is older wording
 * (`mapped`), `null` when the older value has no equivalent, `undefined` when it is neither.
 */
export function inRelease2(name: CodeListName, value: string): { value: string | null; mapped: boolean } | undefined {
  if (isCodeValue(name, value)) return { value, mapped: false };
  const map = CLD.release1[name];
  if (map?.has(value)) return { value: map.get(value) ?? null, mapped: true };
  return undefined;
}

/** Both kinds of unpaid carer: they have carers' assessments and carers' schemes. */
export function isUnpaidCarer(clientType: string): boolean {
  return clientType === 'Unpaid carer' || clientType === 'Unpaid carer known by association';
}
