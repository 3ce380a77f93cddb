/**
 * An expected failure the user can act on (bad flag, not a git repository,
 * git missing...). The CLI prints its message on one line and exits 2 (or
 * `exitCode`); anything else that is thrown is a bug.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
