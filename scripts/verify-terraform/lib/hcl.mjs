// Reads terraform/*.tf with HashiCorp's HCL parser (@cdktf/hcl2json, a WebAssembly build) and
// indexes the blocks. hcl2json renders attributes as JSON values and every expression as a
// "${...}" string; blocks become arrays of objects.
import { parse } from '@cdktf/hcl2json';
import fs from 'node:fs';
import path from 'node:path';

export const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);

/**
 * @returns {{files: object[], resources: object[], data: object[], variables: object[], outputs: object[],
 *            locals: Map<string, {value: any, file: string}>, parseErrors: string[]}}
 */
export async function loadTerraform(root) {
  const dir = path.join(root, 'terraform');
  const model = { files: [], resources: [], data: [], variables: [], outputs: [], locals: new Map(), parseErrors: [], duplicates: [] };
  if (!fs.existsSync(dir)) {
    model.parseErrors.push('terraform/: directory is missing');
    return model;
  }
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  for (const name of names) {
    const rel = `terraform/${name}`;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    let json;
    try {
      json = await parse(rel, text);
    } catch (e) {
      // The parser's message names file:line,column (e.g. "terraform/api.tf:12,3-4: Invalid expression").
      model.parseErrors.push(String(e.message ?? e).replace(/^parse config: /, '').trim().replace(/^\[([\s\S]*)\]$/, '$1'));
      continue;
    }
    model.files.push({ name: rel, text, json });
    for (const [kind, target] of [['resource', model.resources], ['data', model.data]]) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const [blockName, bodies] of Object.entries(byName)) {
          for (const body of bodies) {
            target.push({ kind, type, name: blockName, body, file: rel, address: `${kind === 'data' ? 'data.' : ''}${type}.${blockName}` });
          }
        }
      }
    }
    for (const [varName, bodies] of Object.entries(json.variable ?? {})) {
      for (const body of bodies) model.variables.push({ name: varName, body, file: rel });
    }
    for (const [outName, bodies] of Object.entries(json.output ?? {})) {
      for (const body of bodies) model.outputs.push({ name: outName, body, file: rel });
    }
    for (const block of json.locals ?? []) {
      for (const [localName, value] of Object.entries(block)) {
        if (model.locals.has(localName)) model.duplicates.push(`local.${localName} is defined twice (${model.locals.get(localName).file}, ${rel})`);
        model.locals.set(localName, { value, file: rel });
      }
    }
  }
  return model;
}

/** Every expression string ("${...}") found anywhere in a value, for reference scanning. */
export function expressions(value, out = []) {
  if (typeof value === 'string') {
    out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) expressions(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k); // object keys can be expressions too ("${local.x}" = ...)
      expressions(v, out);
    }
  }
  return out;
}

/** "${ a  ?  b : c }" -> "a ? b : c": an expression without its template wrapper and extra spaces. */
export function bare(value) {
  if (typeof value !== 'string') return null;
  const m = value.match(/^\$\{([\s\S]*)\}$/);
  const inner = m && balancedTemplate(value) ? m[1] : value;
  return inner.replace(/\s+/g, ' ').trim();
}

// "${a}-${b}" also matches ^\$\{...\}$; only a single interpolation counts as an expression.
function balancedTemplate(s) {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      if (depth === 0 && i !== 0) return false;
      depth++;
      i++;
    } else if (s[i] === '{') {
      depth++;
    } else if (s[i] === '}') {
      depth--;
      if (depth === 0 && i !== s.length - 1) return false;
    }
  }
  return depth === 0;
}

/** Splits "a, f(b, c), {d = e}" at top-level commas (outside brackets and strings). */
export function splitTopLevel(text, separator = ',') {
  const parts = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

/** Line number (1-based) of the first occurrence of a needle in a file's text, for messages. */
export function lineOf(file, needle) {
  const at = file?.text?.indexOf(needle) ?? -1;
  return at < 0 ? null : file.text.slice(0, at).split('\n').length;
}
