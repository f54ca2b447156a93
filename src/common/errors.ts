/** The codes a client can rely on in `extensions.code`. */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error whose message is written for the person using the API. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * One thing wrong with the input: where (the path from the operation's argument, e.g.
 * ["input", "caseHistory", "nationalFields", 2, "value"]), what, in words for people, and which rule
 * (a class-validator constraint name such as "minLength", or a stable name of our own such as "partnerProfileRequires").
 */
export interface InputProblem {
  path: (string | number)[];
  message: string;
  constraint: string;
}

/**
 * Every BAD_USER_INPUT answers with `extensions.problems`, one entry per problem and all of them at once,
 * so a client can put each message next to the field it concerns whatever operation it called.
 */
export class BadUserInputError extends DomainError {
  readonly problems: InputProblem[];

  constructor(message: string, problems: InputProblem[], extra?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, { ...extra, problems });
    this.problems = problems;
  }

  /** A single problem; the message is the problem's own. */
  static at(path: (string | number)[], constraint: string, message: string): BadUserInputError {
    return new BadUserInputError(message, [{ path, constraint, message }]);
  }

  /** Several problems in one answer, listed after a lead such as "Invalid input". */
  static listing(lead: string, problems: InputProblem[]): BadUserInputError {
    return new BadUserInputError(`${lead}: ${problems.map((problem) => problem.message).join('; ')}.`, problems);
  }

  /** The same problems seen from one level up, e.g. from an input object to the argument that holds it. */
  under(...prefix: (string | number)[]): BadUserInputError {
    const problems = this.problems.map((problem) => ({ ...problem, path: [...prefix, ...problem.path] }));
    return new BadUserInputError(this.message, problems);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid API token is required: send it as "Authorization: Bearer <token>".') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}

/** "Not yours" and "does not exist" answer alike, so existence never leaks. */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** Too much at once: answered 429 with Retry-After (rateLimitedStatusPlugin). */
export class RateLimitedError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message, { retryAfterSeconds });
  }
}
