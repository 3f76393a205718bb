import { z } from 'zod';

/**
 * What the open API takes and answers (ADR 0021): the same schemas check requests and make the
 * OpenAPI document (`openapi.ts`). Money is integer pence, dates ISO (YYYY-MM-DD).
 */
const day = z.iso.date().describe('A date, YYYY-MM-DD');
const pence = z.int().describe('An amount in pence');

export const nhsSearch = z.object({ nhsNumber: z.string().min(1).max(20).describe('Ten digits; spaces are ignored') }).strict();

export const person = z
  .object({
    id: z.uuid(),
    reference: z.string().describe('The council’s reference for the person in Selfdirect'),
    name: z.object({ given: z.string(), family: z.string(), preferred: z.string().nullable() }),
    dateOfBirth: day.nullable(),
    dateOfDeath: day.nullable(),
    nhsNumber: z.string().nullable(),
    address: z.object({ line1: z.string().nullable(), line2: z.string().nullable(), town: z.string().nullable(), postcode: z.string().nullable() }),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    teamId: z.uuid(),
    closedOn: day.nullable().describe('When the record was closed; null while it is open'),
    version: z.int().describe('Goes up by one with each change'),
  })
  .describe('A person the council supports');

export const peopleFound = z.object({ people: z.array(person) });

const money = z.object({ costPence: pence, contributionPence: pence, councilPence: pence });

export const plan = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    planNumber: z.int().describe('The version: 1 for the first plan'),
    agreedOn: day.nullable(),
    supportStartsOn: day.nullable(),
    indicativeWeeklyPence: pence.nullable().describe('The indicative personal budget a week the plan was made from'),
    outcomes: z.array(z.object({ id: z.string(), text: z.string() })),
    lines: z.array(
      z.object({
        id: z.string(),
        description: z.string(),
        providerName: z.string(),
        frequency: z.enum(['hours-a-week', 'visits-a-week', 'one-off']),
        quantityHundredths: z.int().describe('Hours or visits a week, or one-off purchases, × 100'),
        unitCostPence: pence,
        management: z.string().describe('How the money is managed: direct-payment, council-managed, individual-service-fund…'),
        fundingStream: z.string(),
        outcomes: z.array(z.string()).describe('The ids of the outcomes this line is for'),
      }),
    ),
    statement: z
      .object({
        weekly: money,
        annual: money,
        oneOffPence: pence,
        directPayment: z.object({ netWeeklyPence: pence, paymentPence: pence, frequency: z.string() }).nullable(),
      })
      .nullable()
      .describe('The budget statement the person was given when the plan was agreed'),
  })
  .describe('An agreed support plan (a version of it)');

export const fhirResource = z.object({ resourceType: z.string() }).catchall(z.unknown()).describe('A FHIR R4 resource (https://hl7.org/fhir/R4/)');

export const problem = z
  .object({
    type: z.string().describe('A URI naming the kind of problem'),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

export const assessmentListing = z.object({
  assessments: z.array(z.object({ id: z.uuid(), kind: z.string(), completedAt: z.string().describe('ISO 8601 date and time'), schemeId: z.string(), schemeVersion: z.string(), indicativeWeeklyPence: pence.nullable() })),
});

export const explainedAssessment = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    completedAt: z.string().nullable(),
    scheme: z.object({ id: z.string(), version: z.string(), title: z.string(), kind: z.string() }),
    answers: z.array(z.object({ domainId: z.string(), questionId: z.string(), question: z.string(), answerId: z.string(), answer: z.string(), points: z.number() })),
    domains: z.array(z.object({ id: z.string(), title: z.string(), points: z.number(), uncappedPoints: z.number(), maxPoints: z.number().nullable(), capped: z.boolean() })),
    totalPoints: z.number(),
    adjustments: z.array(z.record(z.string(), z.unknown())),
    factor: z.string().describe('An exact decimal'),
    allocation: z.record(z.string(), z.unknown()).describe('How points became pounds: a rate per point or a band, with exact figures before the one rounding'),
    outcome: z.unknown(),
    panelReasons: z.array(z.string()),
    panelDecision: z.object({ decision: z.enum(['agreed', 'changed']), weeklyPence: pence, reasons: z.string() }).nullable(),
  })
  .describe('A completed assessment and the explanation of every pound of its indicative budget');

export const directoryPage = z.object({
  entries: z.array(
    z.object({
      id: z.uuid(),
      reference: z.string(),
      kind: z.enum(['provider', 'personal-assistant', 'support-organisation']),
      name: z.string(),
      description: z.string().nullable(),
      services: z.array(z.string()),
      areas: z.array(z.string()),
      acceptingNew: z.boolean(),
      hourlyRatePence: pence.nullable(),
      cqcLocationId: z.string().nullable(),
      contact: z.object({ phone: z.string().nullable(), email: z.string().nullable(), website: z.string().nullable(), address: z.string().nullable(), postcode: z.string().nullable() }).nullable().describe('Organisations only: a personal assistant’s contact details are not given'),
    }),
  ),
  page: z.int(),
  pages: z.int(),
  total: z.int(),
});

export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1).describe('From 1; 100 entries a page') }).strict();
export const periodQuery = z.object({ period: z.string().regex(/^\d{4}(-Q[1-4])?$/).describe('A financial year (2025: April 2025 to March 2026) or a quarter (2025-Q1)') }).strict();

export const ascof = z
  .object({
    period: z.object({ from: day, to: day }),
    workedOutAt: z.string().describe('When the figures were worked out (ISO 8601)'),
    measures: z.array(z.object({ id: z.string(), group: z.string(), numerator: z.int(), denominator: z.int(), outcome: z.number() })),
    unknownDeliveryMechanism: z.object({ clients: z.int(), carers: z.int() }),
  })
  .describe('ASCOF 3D for the period, as DHSC works it out from the CLD return');

export const paymentAccount = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    personId: z.uuid(),
    startOn: day,
    endOn: day.nullable(),
    netWeeklyPence: pence,
    frequency: z.enum(['weekly', 'four-weekly', 'monthly']),
    contingencyPence: pence,
    paidInPence: pence.describe('The council’s payments into the account so far'),
    spentPence: pence,
    reclaimedPence: pence,
    balancePence: pence.describe('What the account should hold now'),
  })
  .describe('A direct payment account');

export const transactionsPage = z.object({
  transactions: z.array(
    z.object({
      transactionId: z.string(),
      postedOn: day,
      amountPence: z.int().describe('Positive for money in, negative for money out'),
      counterparty: z.string(),
      description: z.string(),
      merchantCategoryCode: z.string().nullable(),
      matchedBy: z.string().describe('payee, officer, council-payment, reclaim-return or none'),
      planLineId: z.string().nullable(),
      flags: z.array(z.string()),
    }),
  ),
  page: z.int(),
  pages: z.int(),
  total: z.int(),
});

export const statement = z
  .object({
    lines: z
      .array(
        z
          .object({
            transactionId: z.string().min(1).max(100).describe('Unique within the account: a line sent again is not added again'),
            postedOn: day,
            amountPence: z.int().refine((n) => n !== 0, 'must not be 0').describe('Positive for money in, negative for money out'),
            counterparty: z.string().max(200),
            description: z.string().max(500),
            merchantCategoryCode: z.string().regex(/^\d{4}$/).nullable().optional().describe('The card scheme’s 4-digit code (6011 is a cash withdrawal)'),
          })
          .strict(),
      )
      .min(1)
      .max(5000),
  })
  .strict();

export const statementImported = z.object({
  rows: z.int(),
  added: z.int(),
  alreadyImported: z.int(),
  flagged: z.int().describe('Lines an officer should look at (cash, a relative, an unusual payee…)'),
  unmatched: z.int().describe('Money out not yet matched to a line of the plan'),
});
