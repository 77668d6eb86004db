// The one API client: typed by the service's OpenAPI document (api-types.ts, generated), sending the session's
// token, and ending the session on a 401 so that the user is taken back to sign-in with the API's reason.
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './api-error';
import type { paths } from './api-types';
import { currentToken, signOut } from './session';

const auth: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token && !request.headers.has('authorization'))
      request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The data of a successful answer; an ApiError otherwise (a 401 also signs out). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw failed(result.response.status, result.error);
}

/** An ApiError for a failed answer; a 401 to a signed-in request ends the session. */
export function failed(status: number, body: unknown): ApiError {
  const error = ApiError.from(status, body);
  if (status === 401 && currentToken()) signOut(`You have been signed out: ${error.message}.`);
  return error;
}

/** Headers for requests made outside openapi-fetch (file downloads, uploads with progress). */
export function authHeaders(): Record<string, string> {
  const token = currentToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
