// An error as the UI tells it (the one describeError): the error's own message (src/api knows no
// command titles), and for a missing or refused key, how to set one here.
import { isNotteApiError, messageOf } from '../../api/errors';

export const SET_KEY_HINT = 'Set one with "Notte: Set API Key" (or NOTTE_API_KEY).';

export function describeError(error: unknown): string {
  const text = messageOf(error);
  return isNotteApiError(error) && error.kind === 'auth' ? `${text} ${SET_KEY_HINT}` : text;
}
