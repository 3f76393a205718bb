/**
 * A person as a FHIR R4 UK Core Patient (issue 18), so the NHS side can read who Selfdirect
 * supports: the NHS number with its verification status, names, birth and death, address and
 * contact details. Pure.
 */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const UK_CORE_PATIENT = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';
const VERIFICATION_EXTENSION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
const VERIFICATION_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';

export interface PatientFacts {
  id: string;
  reference: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  dateOfDeath: string | null;
  nhsNumber: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
  /** CLD's gender wording ('Male', 'Female', 'Other', 'Unknown'…). */
  gender: string | null;
  closedOn: string | null;
}

export type FhirResource = Record<string, unknown> & { resourceType: string };

/** CLD's gender → FHIR's administrative gender. */
function administrativeGender(gender: string | null): 'male' | 'female' | 'other' | 'unknown' {
  const word = (gender ?? '').trim().toLowerCase();
  if (word.startsWith('male')) return 'male';
  if (word.startsWith('female')) return 'female';
  if (word === '' || word.startsWith('unknown') || word.startsWith('not')) return 'unknown';
  return 'other';
}

/**
 * `localSystem` names the council's own identifiers (the person's Selfdirect reference). Selfdirect
 * checks an NHS number's check digit but does not trace it against the Personal Demographics
 * Service, so its status is 02, "Number present but not traced".
 */
export function patientResource(p: PatientFacts, localSystem: string): FhirResource {
  const lines = [p.addressLine1, p.addressLine2].filter((l): l is string => Boolean(l));
  const telecom = [
    ...(p.phone ? [{ system: 'phone', value: p.phone, use: 'home' }] : []),
    ...(p.email ? [{ system: 'email', value: p.email, use: 'home' }] : []),
  ];
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: { profile: [UK_CORE_PATIENT] },
    identifier: [
      ...(p.nhsNumber
        ? [
            {
              extension: [{ url: VERIFICATION_EXTENSION, valueCodeableConcept: { coding: [{ system: VERIFICATION_SYSTEM, code: '02', display: 'Number present but not traced' }] } }],
              system: NHS_NUMBER_SYSTEM,
              value: p.nhsNumber.replace(/\s+/g, ''),
            },
          ]
        : []),
      { system: localSystem, value: p.reference },
    ],
    active: p.closedOn === null,
    name: [
      { use: 'official', family: p.familyName, given: [p.givenName] },
      ...(p.preferredName ? [{ use: 'usual', given: [p.preferredName], family: p.familyName }] : []),
    ],
    ...(telecom.length ? { telecom } : {}),
    gender: administrativeGender(p.gender),
    ...(p.dateOfBirth ? { birthDate: p.dateOfBirth } : {}),
    ...(p.dateOfDeath ? { deceasedDateTime: p.dateOfDeath } : {}),
    ...(lines.length || p.town || p.postcode ? { address: [{ use: 'home', ...(lines.length ? { line: lines } : {}), ...(p.town ? { city: p.town } : {}), ...(p.postcode ? { postalCode: p.postcode } : {}) }] } : {}),
  };
}
