/**
 * The parent-death watch: a console started by another program (`npm start`'s launcher, the e2e
 * harness, a test) stops when that program dies, however it dies.
 *
 * Signal handlers cannot do this alone. A parent killed with SIGKILL runs no handler, and the
 * console lives in its own process group (so that one Ctrl-C is forwarded exactly once), so a
 * signal to the parent's group (turbo aborting a run) never reaches it either. What always
 * happens when a process dies is that the kernel closes its file descriptors. So the parent
 * spawns the console with stdin as a pipe it never writes to, and passes {@link exitOnStdinEofFlag};
 * when the last write end closes, the console reads EOF and stops the way SIGTERM stops it.
 *
 * It is opt-in: someone running the console by hand in a terminal must not stop it with Ctrl-D,
 * and a console started with stdin at /dev/null would stop at once.
 *
 * @since 0.0.0
 */

/**
 * The option that turns the watch on. The spawning side (Node's `child_process.spawn`) passes it
 * with `stdio: ["pipe", …]` and keeps `child.stdin` open, unwritten, for as long as it lives.
 *
 * @since 0.0.0
 */
export const exitOnStdinEofFlag = "--exit-on-stdin-eof"

/**
 * Reads `stdin` to its end, discarding what arrives, and calls `onParentGone` once when it ends
 * or fails (both mean the write end is gone). Returns `unwatch`, which stops watching without
 * calling `onParentGone` and releases stdin, so the watch keeps no process alive after a
 * graceful stop. Works with Node's `Readable.toWeb(process.stdin)`, Bun's `Bun.stdin.stream()`
 * and Deno's `Deno.stdin.readable`.
 *
 * @since 0.0.0
 */
export const watchStdinEof = (stdin: ReadableStream<Uint8Array>, onParentGone: () => void): (() => void) => {
  const reader = stdin.getReader()
  let watching = true
  void (async () => {
    try {
      while (!(await reader.read()).done) {
        // The parent never writes; whatever arrives is discarded.
      }
    } catch {
      // A failed read (EIO, EBADF) means the same: nobody holds the other end any more.
    }
    if (!watching) return
    watching = false
    onParentGone()
  })()
  return () => {
    if (!watching) return
    watching = false
    // Cancelling ends the pending read (it resolves as done, which the loop above now ignores)
    // and closes stdin: on all three runtimes a pending read keeps the process alive.
    reader.cancel().catch(() => {})
  }
}
