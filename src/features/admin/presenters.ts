import type { Role } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { ROLE_NAMES } from '../../policies/index.js';
import { formatDateTime } from '../../web/format.js';
import type { HomeNotice } from '../../web/slice.js';

const REACH: Partial<Record<Role, string>> = {
  'panel-member': 'plans waiting for the panel from',
  'finance-officer': 'the direct payments of',
};

export interface CaseAccessNoticeRow {
  id: string;
  role: Role;
  change: 'account-created' | 'access-given';
  given_by: string;
  given_at: Date;
  display_name: string;
  email: string;
  team_name: string;
  accepted_at: Date | null;
}

/** One notice on a team manager's home page, in plain words. Pure. */
export function caseAccessNotice(row: CaseAccessNoticeRow): HomeNotice {
  const what = row.change === 'account-created' ? 'a new account' : 'a change to their account';
  const password = row.accepted_at ? `They set their own password on ${formatDateTime(row.accepted_at)}.` : 'They have not set their password yet.';
  return {
    text: `${row.display_name} (${ROLE_NAMES[row.role]}, ${row.email}) can now open ${REACH[row.role] ?? 'the cases of'} ${row.team_name}: ${what} by ${row.given_by} on ${formatDateTime(row.given_at)}. ${password} If you did not expect this, tell your information governance lead.`,
    action: { url: paths.seeAccessNotice(row.id), text: 'Mark as seen', hiddenText: `: ${row.display_name}, ${row.team_name}` },
  };
}
