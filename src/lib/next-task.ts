// A turn of the event loop for long work done in slices: what else the thread has to do (recording, answering the
// page) runs between them.

/** Resolves in a later task, after the events waiting now. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
