/**
 * The errors of a safe write (safe-write.ts), apart from its code: the command line tells them from other failures
 * in every run, and a check, which writes nothing, has no other use for the writer.
 */

/** The file changed on disk since it was read: nothing was written (English; `zh` in Chinese). */
export class ConcurrentModificationError extends Error {
  readonly zh: string;
  constructor(readonly file: string) {
    super(`${file}: changed on disk since it was read; nothing was written (run again to work on the current content)`);
    this.zh = `${file}：读取之后已在磁盘上被修改；未写入任何内容（请重新运行，以当前内容为准）`;
  }
}

/** An OS error while writing, as one line that says what happened and what to do (English; `zh` in Chinese). */
export class SafeWriteError extends Error {
  constructor(
    readonly file: string,
    readonly step: 'resolve' | 'backup' | 'write' | 'restore',
    readonly code: string | undefined,
    message: string,
    readonly zh: string = message,
  ) {
    super(message);
  }
}
