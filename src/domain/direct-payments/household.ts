/**
 * Close relatives living with the person (Care and Support (Direct Payments) Regulations 2014,
 * reg 3): a direct payment may not pay them unless the council has decided it is necessary. A
 * relative is someone linked to the person as a carer with a relationship, or a family member
 * representing them; they share the household when their address is the person's (the first line
 * and the postcode, ignoring case, spaces and punctuation). Pure.
 */
export interface Address {
  line1: string | null;
  postcode: string | null;
}

const squash = (s: string | null | undefined) => (s ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Both addresses known, the same first line and postcode. */
export function sameHousehold(a: Address, b: Address): boolean {
  const [l1, p1, l2, p2] = [squash(a.line1), squash(a.postcode), squash(b.line1), squash(b.postcode)];
  return l1 !== '' && p1 !== '' && l1 === l2 && p1 === p2;
}

/** A free-text address (a representative's) holds the person's first line and postcode. */
export function addressTextIsHousehold(text: string | null, home: Address): boolean {
  const all = squash(text);
  const [line1, postcode] = [squash(home.line1), squash(home.postcode)];
  return line1 !== '' && postcode !== '' && all.includes(line1) && all.includes(postcode);
}

export interface HouseholdRelative {
  /** The names a statement might show them by. */
  names: string[];
  relationship: string;
}
