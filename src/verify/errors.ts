// Errors verify, trace, diff and report raise on purpose: a message for the user and the exit
// code it maps to (1: the database refused or cannot be reached; 2: bad input).
export class VerifyError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'VerifyError';
  }
}
