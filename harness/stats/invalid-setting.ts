import { HarnessError } from '../errors/harness-error.js';

/**
 * A setting the user chose (confidence, minimum effect, SLO, search bounds) that cannot work: exit 2
 * with the field, the value and the fix. Malformed data (an empty sample) stays a RangeError: that
 * is the caller's bug, not the user's input.
 */
export function invalidSetting(message: string): HarnessError {
  return new HarnessError('E_USAGE', message, { hint: 'fix the setting named in the message' });
}
