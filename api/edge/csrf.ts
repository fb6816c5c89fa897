import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { apiError } from '../errors.js';

/**
 * CSRF prevention (graphql-yoga's plugin): a request a browser may send cross-site without a
 * CORS preflight — a GET, or a POST that is form-encoded, multipart or text/plain — must carry
 * the header below; `Content-Type: application/json` POSTs (every client here, GraphiQL
 * included) need nothing. The refusal gets the rulebook's FORBIDDEN, with 403.
 */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export function csrfPrevention(): Plugin {
  const inner = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  const check = inner.onRequestParse;
  if (!check) throw new Error('the CSRF prevention plugin no longer checks requests in onRequestParse');
  return {
    onRequestParse(payload) {
      try {
        return check(payload);
      } catch {
        // Its one refusal: the header is missing.
        throw apiError('FORBIDDEN', `A request that is not a JSON POST must carry the ${CSRF_HEADER} header (CSRF prevention)`, {
          http: { status: 403 },
        });
      }
    },
  };
}
