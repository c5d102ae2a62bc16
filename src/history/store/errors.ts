/**
 * The one error of the history store: a one-line reason in English and 简体中文,
 * always saying what to do next. The CLI prints `zlm-doctor: <message>` and exits 2.
 */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly zh: string,
    /** a short machine tag (tests, callers that recover) */
    readonly kind: StoreErrorKind,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export type StoreErrorKind = 'unsafe-dir' | 'not-dir' | 'damaged' | 'locked' | 'unknown-node' | 'unknown-rev' | 'source' | 'io';
