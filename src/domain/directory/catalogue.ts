/** The council's lists for the directory: service categories, areas served, and what a listing may show. */
export const SERVICE_CATEGORIES = [
  'Personal care',
  'Help at home',
  'Night support',
  'Short breaks and respite',
  'Day opportunities',
  'Getting out and about',
  'Meals',
  'Employment and volunteering support',
  'Support planning',
  'Care brokerage',
  'Support brokerage',
] as const;

export const AREAS = ['Anytown Central', 'Northfield', 'Southgate', 'Riverside', 'Hillcrest', 'Eastbrook'] as const;

export const SUPPORT_FUNCTIONS = { 'support-planning': 'Support planning', 'care-brokerage': 'Care brokerage', 'support-brokerage': 'Support brokerage' } as const;

export const CONTRACT_STATUSES = { contracted: 'Contracted', preferred: 'Preferred provider', spot: 'Spot purchase', none: 'No contract' } as const;

/** Fields an entry may agree to show in the public directory. Its name is shown whenever it is listed. */
export const PUBLIC_FIELDS = {
  description: 'What they offer',
  services: 'Services',
  areas: 'Areas',
  availability: 'Availability',
  contact_name: 'Contact name',
  phone: 'Telephone',
  email: 'Email',
  website: 'Website',
  address: 'Address',
  rates: 'Rates',
} as const;
export type PublicField = keyof typeof PUBLIC_FIELDS;
