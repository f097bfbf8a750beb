/**
 * Errors at the edge of the domain. The HTTP layer maps each to one problem+json
 * status in one place; nothing else needs to know about status codes.
 */

export abstract class DomainError extends Error {
  /** The input field the error is about, when there is one (e.g. `managerId`). */
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/** The thing named in the path does not exist (404). */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

/** The request conflicts with what is stored, such as a second answer (409). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
}

/** Well-formed input that cannot be applied, such as a reference to an unknown employee (422). */
export class UnprocessableError extends DomainError {
  override name = 'UnprocessableError';
}
