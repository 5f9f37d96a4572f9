// Structural checks of an OpenAPI 3.1 document (OpenAPI 3.1 §4.8) that a generator can get wrong; the contract tests use it.
type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolve(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), doc);
}

/** Every problem found (empty: the document holds together). */
export function openApiProblems(doc: Json): string[] {
  const out: string[] = [];
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1.')) out.push('openapi must be 3.1.x');
  const info = doc.info as Json | undefined;
  if (typeof info?.title !== 'string' || typeof info?.version !== 'string') out.push('info needs title and version');
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) out.push(`${path}: paths start with /`);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(item)) {
      const at = `${method} ${path}`;
      if (!METHODS.includes(method)) {
        out.push(`${at}: not an HTTP method`);
        continue;
      }
      const o = op as Json;
      const responses = (o.responses ?? {}) as Record<string, Json>;
      if (Object.keys(responses).length === 0) out.push(`${at}: no responses`);
      for (const [status, r] of Object.entries(responses)) {
        if (!/^[1-5]\d\d$/.test(status)) out.push(`${at} ${status}: not a status code`);
        if (typeof r.description !== 'string') out.push(`${at} ${status}: description is required`);
      }
      const params = (o.parameters ?? []) as Json[];
      for (const name of templated) {
        const p = params.find((x) => x.name === name && x.in === 'path');
        if (!p) out.push(`${at}: path parameter ${name} is not declared`);
        else if (p.required !== true) out.push(`${at}: path parameter ${name} must be required`);
      }
      for (const p of params) {
        if (!['path', 'query', 'header', 'cookie'].includes(String(p.in))) out.push(`${at}: parameter ${String(p.name)} has no valid "in"`);
        if (p.in === 'path' && !templated.includes(String(p.name))) out.push(`${at}: path parameter ${String(p.name)} is not in the path`);
      }
      if (typeof o.operationId === 'string') {
        if (operationIds.has(o.operationId)) out.push(`${at}: operationId ${o.operationId} repeats`);
        operationIds.add(o.operationId);
      }
    }
  }
  for (const ref of refs(doc)) if (resolve(doc, ref) === undefined) out.push(`unresolved $ref ${ref}`);
  const components = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
  const used = new Set(refs(doc).map((r) => r.replace('#/components/schemas/', '')));
  for (const name of Object.keys(components)) if (!used.has(name)) out.push(`component ${name} is never referenced`);
  return out;
}
