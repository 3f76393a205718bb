/**
 * Typed errors. Services throw these; the one error handler in src/web/errors.ts maps each to an
 * HTTP status and a GOV.UK-style page. Anything else is a 500 with nothing leaked.
 */
export abstract class SelfdirectError extends Error {
  abstract readonly status: number;
}

/** Also used when a record exists but the user may not see it, so that an id reveals nothing. */
export class NotFoundError extends SelfdirectError {
  readonly status = 404;
  constructor(what = 'page') {
    super(`The ${what} could not be found`);
  }
}

export class ForbiddenError extends SelfdirectError {
  readonly status = 403;
  constructor(message = 'You do not have permission to do this') {
    super(message);
  }
}

export class NotSignedInError extends SelfdirectError {
  readonly status = 401;
  /** Where to sign in: the staff sign-in, or My Selfdirect's. */
  constructor(readonly signInPath?: string) {
    super('Sign in to continue');
  }
}

export interface FieldError {
  field: string;
  message: string;
}

/** Bad input. Routes catch it and re-render their form; if it escapes, it is a 400 page. */
export class ValidationError extends SelfdirectError {
  readonly status = 400;
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/** Someone else changed the record since it was read: never overwrite their change. */
export class ConflictError extends SelfdirectError {
  readonly status = 409;
  constructor(message = 'Someone else changed this record while you were working on it') {
    super(message);
  }
}

export class TooManyAttemptsError extends SelfdirectError {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('Too many attempts');
  }
}
