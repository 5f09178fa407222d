// Sends the requests of requests.mjs to a running kr-server and checks each answer against
// schemas/openapi.yaml: the status is the expected one and documented for that operation, the
// content type is one the spec lists, JSON bodies validate against the response schema (which
// forbids unknown members), documented headers are present, and successful requests use only
// declared parameters. Also checks that the spec's vocabulary enums equal the live taxonomy and
// that every operation was exercised with a 200.
// Usage: node check_live.mjs --spec FILE --base http://127.0.0.1:PORT --key SECRET
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { liveRequests } from './requests.mjs';

const { values: args } = parseArgs({
  options: { spec: { type: 'string' }, base: { type: 'string' }, key: { type: 'string' } },
});
const spec = YAML.parse(fs.readFileSync(args.spec, 'utf8'));
const root = path.resolve(path.dirname(args.spec), '..');
const base = new URL(args.base);
const failures = [];
const fail = (what, why) => failures.push(`${what}: ${why}`);

// components.schemas become the $defs of one JSON Schema 2020-12 document ("kr").
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addKeyword('example');
const defs = JSON.parse(
  JSON.stringify(spec.components.schemas).replaceAll('#/components/schemas/', 'kr#/$defs/'));
ajv.addSchema({ $id: 'kr', $defs: defs });
const validators = new Map();
function validatorFor(schema) {
  const text = JSON.stringify(schema).replaceAll('#/components/schemas/', 'kr#/$defs/');
  if (!validators.has(text)) validators.set(text, ajv.compile(JSON.parse(text)));
  return validators.get(text);
}

const deref = (obj) => {
  while (obj && obj.$ref) {
    obj = obj.$ref.slice(2).split('/').reduce((o, k) => o[k], spec);
  }
  return obj;
};

/** The spec path template and operation matching a request path, or null. */
function findOperation(method, pathname) {
  const segments = pathname.split('/').slice(1);
  for (const [template, item] of Object.entries(spec.paths)) {
    const parts = template.split('/').slice(1);
    const ok = template === '/' ? pathname === '/' :
      parts.every((p, i) => (p.startsWith('{') ? segments[i] !== undefined && segments[i] !== '' : p === segments[i])) &&
      (parts.length === segments.length || (template.startsWith('/static/') && segments.length > parts.length));
    if (ok) {
      const op = item[method === 'HEAD' ? 'get' : method.toLowerCase()] ?? null;
      return { template, op: op && { ...op, parameters: (op.parameters ?? []).map(deref) } };
    }
  }
  return null;
}

function send({ path: target, method = 'GET', headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: base.hostname, port: base.port, path: target, method,
      headers: body ? { ...headers, 'Content-Length': Buffer.byteLength(body) } : headers,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                    body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const exercised = new Set();

async function check(r) {
  const method = r.method ?? 'GET';
  const what = `${method} ${r.path.length > 120 ? r.path.slice(0, 120) + '…' : r.path}` +
               (r.headers?.Authorization ? ' [key]' : '');
  let res;
  try {
    res = await send(r);
  } catch (e) {
    return fail(what, `request failed: ${e.message}`);
  }
  const wanted = [r.status].flat();
  if (!wanted.includes(res.status)) return fail(what, `status ${res.status}, want ${wanted}: ${res.body.slice(0, 300)}`);

  // Not new URL(): it would resolve %2e%2e segments that the server sees as they are.
  const [pathname, query = ''] = r.path.split('?');
  const found = findOperation(method, pathname);
  let response;
  if (found?.op) {
    response = deref(found.op.responses[String(res.status)]);
    if (!response) return fail(what, `status ${res.status} is not documented for ${found.template}`);
    if (res.status === 200) {
      exercised.add(found.template);
      const declared = new Set(found.op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
      for (const name of new URLSearchParams(query).keys()) {
        if (!declared.has(name)) fail(what, `parameter '${name}' is not declared in the spec`);
      }
    }
  } else if (res.status === 404 || res.status === 405) {
    response = deref({ $ref: `#/components/responses/${res.status === 404 ? 'NotFound' : 'MethodNotAllowed'}` });
  } else {
    return fail(what, `no operation in the spec for ${method} ${pathname}`);
  }

  for (const [name, h] of Object.entries(response.headers ?? {})) {
    const got = res.headers[name.toLowerCase()];
    if (got === undefined) fail(what, `header ${name} missing`);
    else if (h.schema?.const !== undefined && got !== h.schema.const) fail(what, `header ${name}: '${got}'`);
  }
  const type = (res.headers['content-type'] ?? '').split(';')[0].trim();
  const media = response.content?.[type];
  if (!media) return fail(what, `content type '${type}' is not documented (${Object.keys(response.content ?? {})})`);
  if (method === 'HEAD') {
    if (res.body !== '') fail(what, 'HEAD answered with a body');
    return console.log(`ok       ${what}`);
  }
  if (type === 'application/json') {
    let body;
    try {
      body = JSON.parse(res.body);
    } catch (e) {
      return fail(what, `invalid JSON: ${e.message}`);
    }
    const validate = validatorFor(media.schema);
    if (!validate(body)) {
      return fail(what, ajv.errorsText(validate.errors, { separator: '\n    ' }) +
                        `\n    body: ${res.body.slice(0, 400)}`);
    }
    if (r.expect && !r.expect(body)) return fail(what, `unexpected content: ${res.body.slice(0, 300)}`);
    r.json = body;
  } else if (type === 'application/atom+xml') {
    if (!/<feed[^>]*xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/.test(res.body)) fail(what, 'not an Atom feed');
  } else if (type === 'application/xml') {
    if (!res.body.includes('<record')) fail(what, 'not a record file');
  } else if (res.body.length === 0) {
    fail(what, 'empty body');
  }
  console.log(`ok       ${what}`);
}

/** The spec's vocabulary enums must be the taxonomy's (the live /api/v1/taxonomy). */
function checkVocabularies(taxonomy) {
  const pairs = [['TypeId', 'types'], ['RegionId', 'regions'], ['ThemeId', 'themes'],
                 ['PillarId', 'pillars'], ['LanguageId', 'languages']];
  for (const [schema, list] of pairs) {
    const inSpec = [...spec.components.schemas[schema].enum].sort().join(' ');
    const live = taxonomy[list].map((e) => e.id).sort().join(' ');
    if (inSpec !== live) fail(`components.schemas.${schema}`, `enum [${inSpec}] != taxonomy ${list} [${live}]`);
  }
  const audiences = taxonomy.audiences.map((e) => e.id).sort().join(' ');
  const inSpec = [...spec.components.schemas.Record.properties.audience.enum].sort().join(' ');
  if (audiences !== inSpec) fail('Record.audience', `enum [${inSpec}] != taxonomy [${audiences}]`);
}

/** An id of the first non-comment line of corpus/records/practices/INTERNAL.txt. */
function internalRecordId() {
  const text = fs.readFileSync(path.join(root, 'corpus/records/practices/INTERNAL.txt'), 'utf8');
  const line = text.split('\n').find((l) => l.trim() && !l.startsWith('#'));
  return line.split('|')[0].trim();
}

const first = await send({ path: '/api/v1/search?type=practice&per_page=1&sort=date' });
const publicId = JSON.parse(first.body).hits[0].id;
const requests = liveRequests({ publicId, internalId: internalRecordId(), auth: `Bearer ${args.key}` });
for (const r of requests) await check(r);

const taxonomy = requests.find((r) => r.path === '/api/v1/taxonomy').json;
if (taxonomy) checkVocabularies(taxonomy);
for (const [template, item] of Object.entries(spec.paths)) {
  if (item.get && !exercised.has(template)) fail(template, 'no request exercised this operation with a 200');
}

console.log(`\n${requests.length} requests, ${failures.length} failures`);
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
