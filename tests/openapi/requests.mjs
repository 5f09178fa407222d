// The requests check_live.mjs sends to kr-server: every endpoint, successes and errors, public and
// with a key. `status` is what the server must answer; the body is then validated against the
// schema the spec gives for that path, method, status and content type.
//
// ids: { publicId, internalId, neighbourId } found at run time; auth: the Authorization header.
export function liveRequests({ publicId, internalId, auth }) {
  const key = { Authorization: auth };
  return [
    // search
    { path: '/api/v1/search', status: 200 },
    { path: '/api/v1/search?q=diaspora', status: 200, expect: (b) => b.total > 0 },
    { path: '/api/v1/search?q=diaspra', status: 200, expect: (b) => typeof b.suggestion === 'string' },
    { path: '/api/v1/search?q=diaspora&per_page=2&page=2&sort=-date&ui_lang=fr', status: 200 },
    { path: '/api/v1/search?region=africa-west&region=asia&theme=labour-migration&ui_lang=es', status: 200 },
    { path: '/api/v1/search?lang=fr&year_from=2010&year_to=2022&sort=date&type=practice', status: 200 },
    { path: '/api/v1/search?country=MA&pillar=legal-migration&sort=relevance', status: 200 },
    { path: '/api/v1/search?q=title%3Adiaspora%20OR%20partner%3Aministry&per_page=100', status: 200 },
    { path: '/api/v1/search?page=10000', status: 200, expect: (b) => b.hits.length === 0 },
    { path: '/api/v1/search?q=', headers: key, status: 200 },
    { path: '/api/v1/search?per_page=0', status: 400 },
    { path: '/api/v1/search?per_page=1000000', status: 400 },
    { path: '/api/v1/search?page=-3', status: 400 },
    { path: '/api/v1/search?year_from=20x', status: 400 },
    { path: '/api/v1/search?year_from=2020&year_to=2010', status: 400 },
    { path: '/api/v1/search?region=atlantis', status: 400 },
    { path: '/api/v1/search?country=ZZ', status: 400 },
    { path: '/api/v1/search?sort=newest', status: 400 },
    { path: '/api/v1/search?ui_lang=de', status: 400 },
    { path: '/api/v1/search?q=%FF', status: 400 },
    { path: '/api/v1/search?colour=red', status: 400 },
    { path: '/api/v1/search?q=diaspora%20AND', status: 400 },
    { path: '/api/v1/search?q=' + 'a'.repeat(1001), status: 400 },
    { path: '/api/v1/search', headers: { Authorization: 'Bearer not-a-key' }, status: 401 },
    { path: '/api/v1/search', method: 'POST', status: 405 },
    { path: '/api/v1/search', method: 'DELETE', status: 405 },
    { path: '/api/v1/search', body: 'x'.repeat(10000), status: 413 },
    { path: '/api/v1/search', headers: manyHeaders(80), status: 413 },
    { path: '/api/v1/search?q=' + 'a'.repeat(9000), status: 414 },
    // search.atom
    { path: '/api/v1/search.atom?q=diaspora', status: 200 },
    { path: '/api/v1/search.atom?region=africa-west&sort=-date', headers: key, status: 200 },
    { path: '/api/v1/search.atom?per_page=0', status: 400 },
    // records
    { path: `/api/v1/records/${publicId}`, status: 200 },
    { path: `/api/v1/records/${publicId}?format=json`, status: 200 },
    { path: `/api/v1/records/${publicId}?format=xml`, status: 200 },
    { path: `/api/v1/records/${internalId}`, headers: key, status: 200,
      expect: (b) => b.audience === 'internal' },
    { path: `/api/v1/records/${internalId}`, status: 404 },
    { path: '/api/v1/records/no-such-record', status: 404 },
    { path: `/api/v1/records/${publicId}?format=pdf`, status: 400 },
    { path: `/api/v1/records/${publicId}`, method: 'PUT', status: 405 },
    // attachments (pub-2018-illegal-recruitment-handbook has a PDF, see corpus ATTACHMENTS.txt)
    { path: '/api/v1/records/pub-2018-illegal-recruitment-handbook/attachment', status: 200 },
    { path: '/api/v1/records/pub-2022-consular-crisis-manual/attachment', status: 200 },
    { path: `/api/v1/records/${internalId}/attachment`, status: 404 },
    { path: '/api/v1/records/no-such-record/attachment', status: 404 },
    // similar
    { path: `/api/v1/records/${publicId}/similar`, status: 200 },
    { path: `/api/v1/records/${publicId}/similar?scope=neighbours`, status: 200 },
    { path: `/api/v1/records/${publicId}/similar?scope=region&limit=3`, status: 200 },
    { path: `/api/v1/records/${internalId}/similar?scope=all&limit=50`, headers: key, status: 200 },
    { path: `/api/v1/records/${internalId}/similar`, status: 404 },
    { path: `/api/v1/records/${publicId}/similar?scope=planet`, status: 400 },
    { path: `/api/v1/records/${publicId}/similar?limit=0`, status: 400 },
    { path: `/api/v1/records/${publicId}/similar?limit=51`, status: 400 },
    // taxonomy and suggest
    { path: '/api/v1/taxonomy', status: 200 },
    { path: '/api/v1/taxonomy?ui_lang=fr', headers: key, status: 200 },
    { path: '/api/v1/taxonomy?ui_lang=xx', status: 400 },
    { path: '/api/v1/suggest?q=dias', status: 200, expect: (b) => b.completions.length > 0 },
    { path: '/api/v1/suggest?q=migra&limit=5', headers: key, status: 200 },
    { path: '/api/v1/suggest', status: 200 },
    { path: '/api/v1/suggest?q=dias&limit=0', status: 400 },
    // factsheet and coverage
    { path: '/api/v1/factsheet?theme=diaspora-engagement&format=json', status: 200 },
    { path: '/api/v1/factsheet?region=africa-west&pillar=legal-migration&format=json&ui_lang=fr',
      headers: key, status: 200 },
    { path: '/api/v1/factsheet?theme=labour-migration&format=html', status: 200 },
    { path: '/api/v1/factsheet?theme=labour-migration&format=md', status: 200 },
    { path: '/api/v1/factsheet?theme=atlantis&format=json', status: 400 },
    { path: '/api/v1/factsheet?format=json', status: 400 },
    { path: '/api/v1/factsheet?theme=labour-migration&format=pdf', status: 400 },
    { path: '/api/v1/coverage?rows=region&cols=pillar', status: 200 },
    { path: '/api/v1/coverage?rows=year&cols=type&q=diaspora&ui_lang=es', headers: key, status: 200, },
    { path: '/api/v1/coverage?rows=country&cols=theme&region=africa-west', status: 200 },
    { path: '/api/v1/coverage?rows=region&cols=region', status: 400 },
    { path: '/api/v1/coverage?rows=region', status: 400 },
    { path: '/api/v1/coverage?rows=region&cols=pillar&sort=date', status: 400 },
    { path: '/api/v1/coverage?rows=colour&cols=pillar', status: 400 },
    // operations and static files
    { path: '/healthz', status: 200 },
    { path: '/healthz', headers: key, status: 200 },
    { path: '/healthz?verbose=1', status: 400 },
    { path: '/metrics', status: 200 },
    { path: '/metrics', method: 'PATCH', status: 405 },
    { path: '/', status: 200 },
    { path: '/', method: 'HEAD', status: 200 },
    { path: '/static/app.js', status: 200 },
    { path: '/static/style.css?v=3', status: 200 },
    { path: '/static/no-such-file.js', status: 404 },
    { path: '/static/%2e%2e/%2e%2e/etc/passwd', status: [400, 404] },
    { path: '/api/v1/nothing', status: 404 },
  ];
}

function manyHeaders(n) {
  const h = {};
  for (let i = 0; i < n; i++) h[`X-Header-${i}`] = 'v';
  return h;
}
