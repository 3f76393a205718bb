import { z } from 'zod';
import type { Role } from '../../db/schema.js';
import { ROLES } from '../../policies/index.js';
import { blankToNull } from '../../web/forms.js';

const teamIdsField = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

const role = z.enum(ROLES as [Role, ...Role[]], { error: 'Select a role' });
const displayName = z.preprocess(blankToNull, z.string({ error: 'Enter the person’s name' }).max(100, 'Name must be 100 characters or fewer'));

export const newUserSchema = z.object({
  email: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.email('Enter an email address in the correct format, like name@anytown.example').max(254),
  ),
  display_name: displayName,
  role,
  team_ids: teamIdsField,
});

export const editUserSchema = z.object({
  display_name: displayName,
  role,
  team_ids: teamIdsField,
  active: z.enum(['yes', 'no'], { error: 'Select whether the account can sign in' }),
  version: z.coerce.number().int().positive(),
});

export const teamSchema = z.object({
  name: z.preprocess(blankToNull, z.string({ error: 'Enter a team name' }).max(100, 'Team name must be 100 characters or fewer')),
});

export const editTeamSchema = teamSchema.extend({ version: z.coerce.number().int().positive() });
