import { PipelineError } from '../../core/errors.js';

/**
 * Runs `f` and returns null when it succeeded or failed with a PipelineError (a message for the
 * user); anything else is an internal error, returned as a string for the property to report.
 */
export async function internalError(f: () => Promise<unknown> | unknown): Promise<string | null> {
  try {
    await f();
    return null;
  } catch (e) {
    if (e instanceof PipelineError) return null;
    return (e as Error)?.stack ?? String(e);
  }
}
