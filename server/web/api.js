// Calls to the Knowledge Register API. Every failure becomes an ApiError carrying the API's
// {"error":{"code","message"}} so the page can show it as the server phrased it.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status; // 0 when the server could not be reached
    this.code = code;
  }
}

/** GET `path` with `params` (URLSearchParams or object) and return the parsed JSON. */
export async function getJson(path, params, { signal } = {}) {
  const query = params ? new URLSearchParams(params).toString() : '';
  const url = query ? `${path}?${query}` : path;
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e.message);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    if (e.name === 'AbortError') throw e;
  }
  if (!response.ok) {
    const err = body && body.error;
    throw new ApiError(response.status, err?.code ?? `http_${response.status}`,
                       err?.message ?? `${response.status} ${response.statusText}`);
  }
  if (body === null) throw new ApiError(response.status, 'bad_json', 'the server sent no valid JSON');
  return body;
}

/** True when `path` answers 200 (used to show optional views only when the server has them). */
export async function available(path, params) {
  try {
    const query = params ? `?${new URLSearchParams(params)}` : '';
    const response = await fetch(path + query, { headers: { Accept: 'application/json' } });
    return response.status === 200;
  } catch {
    return false;
  }
}

export const search = (params, opts) => getJson('/api/v1/search', params, opts);
export const suggest = (q, opts) => getJson('/api/v1/suggest', { q, limit: '8' }, opts);
export const record = (id, opts) => getJson(`/api/v1/records/${encodeURIComponent(id)}`, null, opts);
export const similar = (id, scope, opts) =>
  getJson(`/api/v1/records/${encodeURIComponent(id)}/similar`, { scope, limit: '5' }, opts);
export const taxonomy = (uiLang, opts) => getJson('/api/v1/taxonomy', { ui_lang: uiLang }, opts);
export const coverage = (params, opts) => getJson('/api/v1/coverage', params, opts);

/** The URL of the record as stored (XML). */
export const recordXmlUrl = (id) => `/api/v1/records/${encodeURIComponent(id)}?format=xml`;
