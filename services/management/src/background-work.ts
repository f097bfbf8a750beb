/**
 * Work a request leaves running after its answer has gone (the login link is made after the
 * "check your e-mail" answer, so that its timing tells nothing). It is tracked, so that the
 * server waits for it when it closes, and tests can wait for it instead of guessing.
 */
export class BackgroundWork {
  readonly #pending = new Set<Promise<void>>();

  /** Starts `task`; a failure goes to `onError` (the request's logger), not to the answer. */
  run(task: () => Promise<void>, onError: (error: unknown) => void): void {
    const running: Promise<void> = task()
      .catch(onError)
      .finally(() => this.#pending.delete(running));
    this.#pending.add(running);
  }

  /** Resolves once all work started so far, and any it started in turn, has ended. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }
}
