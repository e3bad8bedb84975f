// An error as the UI tells it: the API's own description (src/api knows no command titles), and
// for a missing or refused key, how to set one here.
import { describeError as describeApiError, isNotteApiError } from '../../api/errors';

export const SET_KEY_HINT = 'Set one with "Notte: Set API Key" (or NOTTE_API_KEY).';

export function describeError(error: unknown): string {
  const text = describeApiError(error);
  return isNotteApiError(error) && error.kind === 'auth' ? `${text} ${SET_KEY_HINT}` : text;
}
