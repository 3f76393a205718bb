/** The words of a safeguarding concern's record (Care and Support Statutory Guidance, chapter 14). Pure. */
export const ABUSE_CATEGORIES = {
  physical: 'Physical abuse',
  domestic: 'Domestic abuse',
  sexual: 'Sexual abuse',
  psychological: 'Psychological or emotional abuse',
  financial: 'Financial or material abuse',
  'modern-slavery': 'Modern slavery',
  discriminatory: 'Discriminatory abuse',
  organisational: 'Organisational abuse',
  neglect: 'Neglect or acts of omission',
  'self-neglect': 'Self-neglect',
} as const;
export type AbuseCategory = keyof typeof ABUSE_CATEGORIES;

export const SECTION_42 = { yes: 'Yes: a Section 42 enquiry is being made', no: 'No: the duty to make enquiries does not apply', 'not-decided': 'Not decided yet' } as const;
export type Section42 = keyof typeof SECTION_42;

export const STAGES = {
  'concern-received': 'Concern received',
  'initial-enquiries': 'Initial enquiries (is it a Section 42 case?)',
  'section-42-enquiry': 'Section 42 enquiry under way',
  'safeguarding-plan': 'Safeguarding plan in place',
  review: 'Reviewing the safeguarding plan',
  closed: 'Closed',
} as const;
export type Stage = keyof typeof STAGES;

export const RISKS = { low: 'Low', medium: 'Medium', high: 'High' } as const;
export type Risk = keyof typeof RISKS;

/** A concern that finance officers must know of on the person's direct payment account. */
export const mattersToFinance = (c: { category: string | null; status: string }) => c.category === 'financial' && c.status === 'open';
