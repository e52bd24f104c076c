// The CLI's stdout written to fd 1 directly. Making process.stdout loads Node's stream modules
// (and net for a pipe): ~13 M instructions of a one-file lint through a pipe, which writes one
// finished report. Node writes a pipe, a file or a POSIX terminal synchronously too.
import { fstatSync, writeSync } from 'node:fs';

/** Writes `bytes` from `offset`, returns how many were written (fs.writeSync to a file descriptor). */
export type WriteBytes = (bytes: Uint8Array, offset: number) => number;

/**
 * A pipe its maker left non-blocking answers EAGAIN when full: from then on the text goes through
 * `stream()`, which waits for the reader. What a reader that went away (EPIPE: `lint | head`)
 * would have read is dropped; the run goes on to its own exit code.
 */
export function syncWriter(write: WriteBytes, stream: () => { write(text: string | Uint8Array): unknown }): (text: string) => void {
  let streaming = false;
  let readerGone = false;
  return (text) => {
    if (readerGone) return;
    if (streaming) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length; ) {
      try {
        offset += write(bytes, offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          streaming = true;
          stream().write(bytes.subarray(offset));
          return;
        }
        if (code === 'EPIPE') {
          readerGone = true;
          return;
        }
        throw error;
      }
    }
  };
}

export const writeToFd =
  (fd: number): WriteBytes =>
  (bytes, offset) =>
    writeSync(fd, bytes, offset);

/** A terminal is a character device (so is /dev/null); a pipe or a file is not, and needs no node:tty to tell. */
export function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}
