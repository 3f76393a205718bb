/** The kinds of representative a person may have, as the council names them. */
export const REPRESENTATIVE_KINDS = {
  'nominated-person': 'Nominated person',
  'authorised-person': 'Authorised person',
  advocate: 'Advocate',
  'family-member': 'Family member',
} as const;
