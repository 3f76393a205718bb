import { tmpdir } from 'node:os';
import { isCodeValue } from './domain/cld/code-lists.js';
import { parseDeliveryMechanisms } from './domain/cld/services.js';
import type { Management } from './domain/planning/plan.js';
import path from 'node:path';
import { z } from 'zod';
import { parseAuditKeys } from './features/audit/keys.js';

/**
 * Configuration comes from the environment, parsed once. A bad value stops start-up with a
 * message naming the variable.
 */
const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    UPLOAD_DIR: z.string().min(1).optional(),
    /** ClamAV's daemon for scanning documents added to records: a Unix socket path or host:port. */
    CLAMD_ADDRESS: z.string().regex(/^(\/.+|[^/:]+:\d{1,5})$/, 'must be clamd’s Unix socket, like /run/clamav/clamd.ctl, or host:port, like 127.0.0.1:3310').optional().or(z.literal('').transform(() => undefined)),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    MIGRATION_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    AUDIT_KEYS: z.string().optional().or(z.literal('').transform(() => undefined)),
    AUDIT_ANCHOR_FILE: z.string().optional().or(z.literal('').transform(() => undefined)),
    BACKUP_KEY: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 48)').optional().or(z.literal('').transform(() => undefined)),
    /** Where the daily backups are written (issue 18): a folder on another disk or a mounted share, ideally. */
    BACKUP_DIR: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
    BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
    /** When the daily backup runs, as cron (minute hour day month weekday), London time. */
    BACKUP_SCHEDULE: z.string().regex(/^(\S+\s+){4}\S+$/, 'must be a cron schedule of five fields, like 30 2 * * * (02:30 every day)').default('30 2 * * *'),
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be the address people use to reach Selfdirect, like https://selfdirect.anytown.gov.uk' }).optional().or(z.literal('').transform(() => undefined)),
    /** Read templates again on every request, for someone changing them (development only; slow). */
    RELOAD_TEMPLATES: z.enum(['yes', 'no']).default('no'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    COUNCIL_NAME: z.string().min(1).default('Anytown Council'),
    COUNCIL_CONTACT: z.string().min(1).max(500).default('call 01632 960 000 (Monday to Friday, 9am to 5pm), email direct.payments@anytown.example, or write to the Direct Payments Team, Town Hall, Anytown AN1 1AA.'),
    /** The council's code in the CLD return (its ONS local authority code). */
    STATUTORY_WORK_OUT_NOW_UP_TO: z.coerce.number().int().min(0).max(1_000_000).default(20_000),
    COUNCIL_LA_CODE: z.string().regex(/^[A-Z0-9]{3,9}$/, 'must be the council’s local authority code, like E10000014').default('E06000999'),
    /** The ONS mid-year estimate of the council's population aged 18 and over, for NI 130, and the date it refers to. */
    POPULATION_18_PLUS: z.coerce.number().int().min(1).optional().or(z.literal('').transform(() => undefined)),
    /** How each way of managing a plan line is reported to CLD: `management=Delivery mechanism;…` over the defaults. */
    CLD_DELIVERY_MECHANISMS: z.string().default(''),
    POPULATION_18_PLUS_DATE: z.iso.date({ error: 'must be a date written YYYY-MM-DD' }).optional().or(z.literal('').transform(() => undefined)),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(60).max(1_000_000).default(3000),
    DBS_RECHECK_MONTHS: z.coerce.number().int().min(1).max(120).default(36),
    /** How messages leave the outbox: GOV.UK Notify, or (development and tests) kept for /dev/outbox. */
    MESSAGE_DELIVERY: z.enum(['notify', 'development']).optional(),
    NOTIFY_API_KEY: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
    /** Notify's address: only ever changed for a test double of Notify run locally. */
    NOTIFY_BASE_URL: z.url({ protocol: /^https?$/ }).optional().or(z.literal('').transform(() => undefined)),
    /** Notify template ids, one per kind of message: name=template-id, comma-separated. */
    NOTIFY_TEMPLATES: z.string().optional().or(z.literal('').transform(() => undefined)),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    /** My Selfdirect through the council's identity provider (NHS login, GOV.UK One Login, its own): all three, or none. */
    PORTAL_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the identity provider’s issuer address, like https://auth.login.nhs.uk' }).optional().or(z.literal('').transform(() => undefined)),
    PORTAL_OIDC_CLIENT_ID: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
    PORTAL_OIDC_CLIENT_SECRET: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
    PORTAL_OIDC_NAME: z.string().min(1).max(60).default('your council account'),
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
    STAFF_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the identity provider’s issuer address, like https://login.microsoftonline.com/TENANT/v2.0' }).optional().or(z.literal('').transform(() => undefined)),
    STAFF_OIDC_CLIENT_ID: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
    STAFF_OIDC_CLIENT_SECRET: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
    STAFF_OIDC_NAME: z.string().min(1).max(60).default('your council account'),
    STAFF_OIDC_TRUST_EMAIL: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
    STAFF_PASSWORD_SIGN_IN: z.enum(['yes', 'no'], { error: 'must be yes or no' }).default('yes'),
    TWO_FACTOR_REQUIRED_FOR: z.enum(['administrators', 'everyone', 'nobody'], { error: 'must be administrators, everyone or nobody' }).default('administrators'),
    /** How long a message being sent is left to its sender before another may send it (a sender that died). */
    OUTBOX_CLAIM_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
    CHECK_DUE_SOON_DAYS: z.coerce.number().int().min(0).max(365).default(30),
    SIGN_OFF_MANAGER_PERCENT: z.coerce.number().int().min(0).max(1000).default(10),
    SIGN_OFF_MANAGER_WEEKLY_PENCE: z.coerce.number().int().min(0).default(10_000),
    DP_RECLAIM_THRESHOLD_WEEKS: z.coerce.number().int().min(0).max(104).default(8),
    DP_HOLIDAY_ACCRUAL_PERCENT: z.coerce.number().min(0).max(100).default(12.07),
    DP_NOTICE_WEEKS: z.coerce.number().int().min(0).max(52).default(1),
    DP_CONTRIBUTION_GRACE_WEEKS: z.coerce.number().int().min(0).max(52).default(4),
    /** The statutory cap on a week's pay for redundancy, in pence: £719 from 6 April 2025. */
    DP_REDUNDANCY_WEEKLY_CAP_PENCE: z.coerce.number().int().min(0).default(71_900),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (env.NODE_ENV === 'production' && !env.AUDIT_KEYS) {
      ctx.addIssue({ code: 'custom', path: ['AUDIT_KEYS'], message: 'is required when NODE_ENV=production (id=secret, the secret at least 32 characters)' });
    }
    if (env.NODE_ENV === 'production' && !env.BACKUP_KEY) {
      ctx.addIssue({ code: 'custom', path: ['BACKUP_KEY'], message: 'is required when NODE_ENV=production: backups hold special-category data and are encrypted with it' });
    }
    if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['MIGRATION_DATABASE_URL'], message: 'needs DATABASE_URL too: it is the owner role that migrates the PostgreSQL database the service uses' });
    }
    const delivery = env.MESSAGE_DELIVERY ?? (env.NODE_ENV === 'production' ? 'notify' : 'development');
    if (env.NODE_ENV === 'production' && delivery !== 'notify') {
      ctx.addIssue({ code: 'custom', path: ['MESSAGE_DELIVERY'], message: 'must be notify when NODE_ENV=production: messages go to people through GOV.UK Notify' });
    }
    if (delivery === 'notify' && !env.NOTIFY_API_KEY) ctx.addIssue({ code: 'custom', path: ['NOTIFY_API_KEY'], message: 'is required to send messages through GOV.UK Notify' });
    if (env.NOTIFY_TEMPLATES) {
      const problem = templateProblem(env.NOTIFY_TEMPLATES);
      if (problem) ctx.addIssue({ code: 'custom', path: ['NOTIFY_TEMPLATES'], message: problem });
    } else if (delivery === 'notify') ctx.addIssue({ code: 'custom', path: ['NOTIFY_TEMPLATES'], message: `is required to send through GOV.UK Notify: ${MESSAGE_TEMPLATES.map((t) => `${t}=<template id>`).join(',')}` });
    const oidc = [env.PORTAL_OIDC_ISSUER, env.PORTAL_OIDC_CLIENT_ID, env.PORTAL_OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) ctx.addIssue({ code: 'custom', path: ['PORTAL_OIDC_ISSUER'], message: 'needs PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET too (or none of the three)' });
    if (env.NODE_ENV === 'production' && env.PORTAL_OIDC_ISSUER?.startsWith('http://')) ctx.addIssue({ code: 'custom', path: ['PORTAL_OIDC_ISSUER'], message: 'must use https when NODE_ENV=production' });
    const staffOidc = [env.STAFF_OIDC_ISSUER, env.STAFF_OIDC_CLIENT_ID, env.STAFF_OIDC_CLIENT_SECRET];
    if (staffOidc.some(Boolean) && !staffOidc.every(Boolean)) ctx.addIssue({ code: 'custom', path: ['STAFF_OIDC_ISSUER'], message: 'needs STAFF_OIDC_CLIENT_ID and STAFF_OIDC_CLIENT_SECRET too (or none of the three)' });
    if (env.NODE_ENV === 'production' && env.STAFF_OIDC_ISSUER?.startsWith('http://')) ctx.addIssue({ code: 'custom', path: ['STAFF_OIDC_ISSUER'], message: 'must use https when NODE_ENV=production' });
    if (env.STAFF_PASSWORD_SIGN_IN === 'no' && !env.STAFF_OIDC_ISSUER) ctx.addIssue({ code: 'custom', path: ['STAFF_PASSWORD_SIGN_IN'], message: 'can be no only when staff sign in through an identity provider (STAFF_OIDC_ISSUER)' });
    const mechanisms = parseDeliveryMechanisms(env.CLD_DELIVERY_MECHANISMS, (v) => isCodeValue('Delivery_Mechanism', v));
    if (!mechanisms.ok) ctx.addIssue({ code: 'custom', path: ['CLD_DELIVERY_MECHANISMS'], message: mechanisms.problem });
    if (env.AUDIT_KEYS) {
      try {
        parseAuditKeys(env.AUDIT_KEYS);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['AUDIT_KEYS'], message: (error as Error).message.replace(/^AUDIT_KEYS: /, '') });
      }
    }
  });

/** The kinds of message Selfdirect sends, each a template in GOV.UK Notify. */
export const MESSAGE_TEMPLATES = ['sign-in-code', 'portal-invitation', 'staff-invitation', 'letter'] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

function parseTemplates(value: string): Map<string, string> {
  return new Map(value.split(',').map((pair) => pair.trim().split('=').map((s) => s.trim()) as [string, string]));
}

function templateProblem(value: string): string | null {
  const templates = parseTemplates(value);
  for (const [name, id] of templates) {
    if (!(MESSAGE_TEMPLATES as readonly string[]).includes(name)) return `${name} is not a kind of message (${MESSAGE_TEMPLATES.join(', ')})`;
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return `${name} needs a Notify template id, like ${name}=f33517ff-2a88-4f6e-b855-c550268ce08a`;
  }
  const missing = MESSAGE_TEMPLATES.filter((t) => !templates.has(t));
  return missing.length ? `has no template for ${missing.join(', ')}` : null;
}

export interface Config {
  environment: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDir: string;
  /** Where uploads are streamed while a request reads them; what a crash leaves is removed at start-up. */
  uploadDir: string;
  /** ClamAV's clamd, when the council runs one: documents are scanned before they are kept. */
  clamdAddress: string | undefined;
  databaseUrl: string | undefined;
  /** PostgreSQL: the owner role that runs migrations, so the service's own role cannot alter the audit table. */
  migrationDatabaseUrl: string | undefined;
  /** `id=secret` pairs, the signing key first (src/features/audit/keys.ts). */
  auditKeys: string | undefined;
  /** A file the audit trail's head is appended to, to keep somewhere the database is not. */
  auditAnchorFile: string | undefined;
  /** Encrypts backups (AES-256-GCM); required in production. */
  backupKey: string | undefined;
  /** The daily backup: where it is written, how long files are kept, when it runs (ADR 0019). */
  backups: { dir: string; retentionDays: number; schedule: string };
  /** Where people reach the service: invitation links are made from it. */
  publicUrl: string;
  /** Signing in to My Selfdirect through the council's identity provider, when configured. */
  portalOidc: { issuer: string; clientId: string; clientSecret: string; name: string } | null;
  /** Staff signing in through the council's identity provider (issue 18): `trustEmail` accepts its addresses unchecked (a tenant that owns its domains). */
  staffOidc: { issuer: string; clientId: string; clientSecret: string; name: string; trustEmail: boolean } | null;
  /** Whether staff may sign in with a password here (off when everyone signs in through the provider). */
  staffPasswords: boolean;
  /** Who must use a code from an authenticator app after their password (demo accounts never: they are refused in production). */
  twoFactorRequiredFor: 'administrators' | 'everyone' | 'nobody';
  sessionSecret: string | undefined;
  logLevel: string;
  councilName: string;
  /** How people reach the council about their support, printed in every letter. */
  councilContact: string;
  /** The CLD return's LA_Code, and the population NI 130 is a rate of (null until the council gives it). */
  statutory: {
    laCode: string;
    population18Plus: { people: number; on: string | null } | null;
    deliveryMechanisms: Record<Management, string>;
    /** ASCOF and data quality are worked out during the visit when at most this many events are open in the period; otherwise by the job (ADR 0018). */
    workOutNowUpTo: number;
  };
  /** Requests a minute from one API client's token before 429. */
  apiRateLimitPerMinute: number;
  /** Requests a minute from one address before 429: an office of staff shares one address. */
  rateLimitPerMinute: number;
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (for sign-in throttling). */
  trustProxy: boolean;
  /** When directory checks need renewing: council policy, so configuration. */
  checkPolicy: { dbsRecheckMonths: number; dueSoonDays: number };
  /** Delegated limits for agreeing support plans: a team manager up to the lesser of these above the indicative budget. */
  signOffLimits: { managerPercent: number; managerWeeklyPence: number };
  /** Direct payment monitoring: local policy, so configuration. */
  monitoring: { thresholdWeeks: number; holidayAccrualPercent: number; noticeWeeks: number; contributionGraceWeeks: number; redundancyWeeklyCapPence: number };
  /** How messages leave the outbox (ADR 0012). */
  messages: { delivery: 'notify' | 'development'; notifyApiKey: string | undefined; notifyBaseUrl: string | undefined; templates: Partial<Record<MessageTemplate, string>>; maxAttempts: number; claimSeconds: number };
  /** Demo data and demo passwords are refused in production. */
  allowDemoData: boolean;
  /** Templates compiled once, unless someone is changing them (RELOAD_TEMPLATES=yes, not in production). */
  reloadTemplates: boolean;
  /** Cookies are Secure everywhere but local development and tests over plain HTTP. */
  secureCookies: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new ConfigError(`Selfdirect cannot start: the configuration is not valid.\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    environment: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    uploadDir: path.resolve(e.UPLOAD_DIR ?? path.join(tmpdir(), `selfdirect-uploads-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`)),
    clamdAddress: e.CLAMD_ADDRESS,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    auditKeys: e.AUDIT_KEYS,
    auditAnchorFile: e.AUDIT_ANCHOR_FILE,
    backupKey: e.BACKUP_KEY,
    backups: { dir: path.resolve(e.BACKUP_DIR ?? path.join(e.DATA_DIR, 'backups')), retentionDays: e.BACKUP_RETENTION_DAYS, schedule: e.BACKUP_SCHEDULE },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    portalOidc: e.PORTAL_OIDC_ISSUER && e.PORTAL_OIDC_CLIENT_ID && e.PORTAL_OIDC_CLIENT_SECRET ? { issuer: e.PORTAL_OIDC_ISSUER, clientId: e.PORTAL_OIDC_CLIENT_ID, clientSecret: e.PORTAL_OIDC_CLIENT_SECRET, name: e.PORTAL_OIDC_NAME } : null,
    staffOidc: e.STAFF_OIDC_ISSUER && e.STAFF_OIDC_CLIENT_ID && e.STAFF_OIDC_CLIENT_SECRET ? { issuer: e.STAFF_OIDC_ISSUER, clientId: e.STAFF_OIDC_CLIENT_ID, clientSecret: e.STAFF_OIDC_CLIENT_SECRET, name: e.STAFF_OIDC_NAME, trustEmail: e.STAFF_OIDC_TRUST_EMAIL === 'true' } : null,
    staffPasswords: e.STAFF_PASSWORD_SIGN_IN === 'yes',
    twoFactorRequiredFor: e.TWO_FACTOR_REQUIRED_FOR,
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    councilName: e.COUNCIL_NAME,
    councilContact: e.COUNCIL_CONTACT,
    statutory: {
      laCode: e.COUNCIL_LA_CODE,
      workOutNowUpTo: e.STATUTORY_WORK_OUT_NOW_UP_TO,
      population18Plus: e.POPULATION_18_PLUS ? { people: e.POPULATION_18_PLUS, on: e.POPULATION_18_PLUS_DATE ?? null } : null,
      deliveryMechanisms: (parseDeliveryMechanisms(e.CLD_DELIVERY_MECHANISMS, (v) => isCodeValue('Delivery_Mechanism', v)) as { ok: true; value: Record<Management, string> }).value,
    },
    trustProxy: e.TRUST_PROXY === 'true',
    checkPolicy: { dbsRecheckMonths: e.DBS_RECHECK_MONTHS, dueSoonDays: e.CHECK_DUE_SOON_DAYS },
    signOffLimits: { managerPercent: e.SIGN_OFF_MANAGER_PERCENT, managerWeeklyPence: e.SIGN_OFF_MANAGER_WEEKLY_PENCE },
    monitoring: { thresholdWeeks: e.DP_RECLAIM_THRESHOLD_WEEKS, holidayAccrualPercent: e.DP_HOLIDAY_ACCRUAL_PERCENT, noticeWeeks: e.DP_NOTICE_WEEKS, contributionGraceWeeks: e.DP_CONTRIBUTION_GRACE_WEEKS, redundancyWeeklyCapPence: e.DP_REDUNDANCY_WEEKLY_CAP_PENCE },
    messages: {
      delivery: e.MESSAGE_DELIVERY ?? (e.NODE_ENV === 'production' ? 'notify' : 'development'),
      notifyApiKey: e.NOTIFY_API_KEY,
      notifyBaseUrl: e.NOTIFY_BASE_URL,
      templates: Object.fromEntries(parseTemplates(e.NOTIFY_TEMPLATES ?? '').entries()) as Partial<Record<MessageTemplate, string>>,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      claimSeconds: e.OUTBOX_CLAIM_SECONDS,
    },
    allowDemoData: e.NODE_ENV !== 'production',
    reloadTemplates: e.RELOAD_TEMPLATES === 'yes' && e.NODE_ENV !== 'production',
    secureCookies: e.NODE_ENV === 'production',
  };
}
