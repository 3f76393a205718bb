/**
 * Values from the adult social care Client Level Data (CLD) specification, stored as written there
 * so that CLD returns need no mapping. See ../shared/docs/domain.md, "Codes".
 */
export const PRIMARY_SUPPORT_REASONS = [
  'Physical Support: Access & mobility only',
  'Physical Support: Personal care support',
  'Sensory Support: Support for visual impairment',
  'Sensory Support: Support for hearing impairment',
  'Sensory Support: Support for dual impairment',
  'Support with Memory & Cognition',
  'Learning Disability Support',
  'Mental Health Support',
  'Social Support: Substance misuse support',
  'Social Support: Asylum seeker support',
  'Social Support: Support for Social Isolation/Other',
  'Social Support: Support to Carer',
  'Unknown',
] as const;
export type PrimarySupportReason = (typeof PRIMARY_SUPPORT_REASONS)[number];

export const CLIENT_TYPES = ['Service User', 'Carer'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** CLD Gender. */
export const GENDERS = ['Male', 'Female', 'Other', 'Unknown'] as const;

/** CLD Ethnicity: the 2011 census groups, written "Group: Background". */
export const ETHNICITIES = [
  'White: English / Welsh / Scottish / Northern Irish / British',
  'White: Irish',
  'White: Gypsy or Irish Traveller',
  'White: Any other White background',
  'Mixed / Multiple ethnic groups: White and Black Caribbean',
  'Mixed / Multiple ethnic groups: White and Black African',
  'Mixed / Multiple ethnic groups: White and Asian',
  'Mixed / Multiple ethnic groups: Any other Mixed / Multiple ethnic background',
  'Asian / Asian British: Indian',
  'Asian / Asian British: Pakistani',
  'Asian / Asian British: Bangladeshi',
  'Asian / Asian British: Chinese',
  'Asian / Asian British: Any other Asian background',
  'Black / African / Caribbean / Black British: African',
  'Black / African / Caribbean / Black British: Caribbean',
  'Black / African / Caribbean / Black British: Any other Black / African / Caribbean background',
  'Other ethnic group: Arab',
  'Other ethnic group: Any other ethnic group',
  'Refused',
  'Undeclared / Not known',
] as const;

export const REPRESENTATIVE_KINDS = {
  'nominated-person': 'Nominated person',
  'authorised-person': 'Authorised person',
  advocate: 'Advocate',
  'family-member': 'Family member',
} as const;
