import { common } from '../texts/resident.texts';

// Every refusal the product gives is a DomainError: a stable code for programs,
// a message in Chinese for people, and the HTTP status the one error handler uses.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const errors = {
  validation: (message: string, details?: Record<string, unknown>) =>
    new DomainError('VALIDATION_FAILED', message, 400, details),
  unauthenticated: () => new DomainError('UNAUTHENTICATED', common.errors.unauthenticated, 401),
  tokenInvalid: () => new DomainError('TOKEN_INVALID', common.errors.tokenInvalid, 401),
  forbidden: () => new DomainError('FORBIDDEN', common.errors.forbidden, 403),
  notFound: (what: string) => new DomainError('NOT_FOUND', common.errors.notFound(what), 404),
  conflict: (code: string, message: string, details?: Record<string, unknown>) =>
    new DomainError(code, message, 409, details),
  upstream: (code: string, message: string) => new DomainError(code, message, 502),
};
