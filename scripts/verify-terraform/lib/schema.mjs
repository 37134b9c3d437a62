// The AWS provider's schema, read from @cdktf/provider-aws (generated from AWS provider 6.25.0).
// For each resource, lib/<name>/index.js holds the generated synthesizeHclAttributes() of the
// resource class and a <struct>ToHclTerraform() function per nested block; both list every
// argument under its Terraform (snake_case) name with isBlock true/false. index.d.ts marks the
// required arguments (no "?" on the property whose doc link names the snake_case argument), and
// the resource class's getters name the attributes one can read (getStringAttribute('arn'), ...).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Providers other than AWS that the configuration uses, with the arguments of the resources we
// use (from their registry docs: hashicorp/random 3.x random_bytes, hashicorp/time 0.12 time_static).
const OTHER_PROVIDERS = {
  random_bytes: { args: { length: false, keepers: false }, required: ['length'], readable: ['base64', 'hex', 'id', 'length', 'keepers'] },
  time_static: { args: { rfc3339: false, triggers: false }, required: [], readable: ['rfc3339', 'unix', 'year', 'month', 'day', 'hour', 'minute', 'second', 'id', 'triggers'] },
};

export class ProviderSchema {
  constructor() {
    this.libDir = path.join(path.dirname(require.resolve('@cdktf/provider-aws/package.json')), 'lib');
    this.cache = new Map();
    this.providerVersion = (() => {
      const d = fs.readFileSync(path.join(this.libDir, 'lambda-function', 'index.d.ts'), 'utf8');
      return d.match(/providers\/hashicorp\/aws\/([0-9.]+)\//)?.[1] ?? 'unknown';
    })();
  }

  /** Schema of a resource ("resource") or data source ("data") type, or null when unknown. */
  get(kind, type) {
    const key = `${kind}:${type}`;
    if (!this.cache.has(key)) this.cache.set(key, this.#load(kind, type));
    return this.cache.get(key);
  }

  #load(kind, type) {
    if (!type.startsWith('aws_')) {
      const other = OTHER_PROVIDERS[type];
      if (!other || kind !== 'resource') return null;
      return { args: new Map(Object.entries(other.args).map(([n, b]) => [n, { isBlock: b }])), required: new Set(other.required), readable: new Set(other.readable), nested: () => null };
    }
    const dir = (kind === "data" ? "data-aws-" : "") + type.replace(/^aws_/, "").replace(/_/g, "-");
    const js = path.join(this.libDir, dir, 'index.js');
    if (!fs.existsSync(js)) return null;
    const src = fs.readFileSync(js, 'utf8');
    const dts = fs.readFileSync(path.join(this.libDir, dir, 'index.d.ts'), 'utf8');
    const declared = src.match(/\.tfResourceType = "([a-z0-9_]+)"/)?.[1];
    if (declared !== type) return null;

    const classStart = src.search(/\nclass \w+ extends cdktf\.(TerraformResource|TerraformDataSource) \{/);
    const classText = src.slice(classStart);
    const topAttrs = attrsIn(sliceFrom(classText, 'synthesizeHclAttributes() {'));
    const configName = dts.match(/export interface (\w+Config) extends cdktf\.TerraformMetaArguments/)?.[1];
    const readable = new Set(topAttrs.keys());
    for (const m of classText.matchAll(/this\.(?:get\w*Attribute|interpolationForAttribute)\('([a-z0-9_]+)'\)/g)) readable.add(m[1]);
    for (const m of classText.matchAll(/new \w+\(this, "([a-z0-9_]+)"/g)) readable.add(m[1]);

    const structs = new Map();
    const nestedOf = (fnName) => {
      if (!fnName) return null;
      if (!structs.has(fnName)) {
        const body = sliceFrom(src, `function ${fnName}ToHclTerraform(struct) {`);
        const iface = fnName[0].toUpperCase() + fnName.slice(1);
        structs.set(fnName, body == null ? null : {
          args: attrsIn(body),
          required: requiredIn(dts, iface),
          readable: new Set(attrsIn(body).keys()),
          nested: (n) => nestedOf(attrsIn(body).get(n)?.struct),
        });
      }
      return structs.get(fnName);
    };
    return {
      args: topAttrs,
      required: configName ? requiredIn(dts, configName) : new Set(),
      readable,
      nested: (name) => nestedOf(topAttrs.get(name)?.struct),
    };
  }
}

function sliceFrom(text, marker) {
  const at = text.indexOf(marker);
  if (at < 0) return null;
  const end = text.indexOf('\n    return', at);
  const end2 = text.indexOf('\n}\n', at);
  const stop = [end, end2].filter((x) => x > 0).reduce((a, b) => Math.min(a, b), text.length);
  return text.slice(at, stop);
}

/** name => {isBlock, struct} from a generated "const attrs = { name: { value, isBlock, type, storageClassType } }". */
function attrsIn(body) {
  const out = new Map();
  if (!body) return out;
  const re = /\n\s{8,16}([a-z0-9_]+): \{\n\s+value: ([^\n]*),\n\s+isBlock: (true|false),/g;
  for (const m of body.matchAll(re)) {
    const struct = m[2].match(/(?<![.\w])([a-z]\w*)ToHclTerraform/)?.[1] ?? null;
    out.set(m[1], { isBlock: m[3] === 'true', struct });
  }
  return out;
}

/** snake_case names of the non-optional properties of a generated TypeScript interface. */
function requiredIn(dts, iface) {
  const out = new Set();
  const start = dts.search(new RegExp(`export interface ${iface}( extends [\\w.]+)? \\{`));
  if (start < 0) return out;
  const end = dts.indexOf('\n}', start);
  const body = dts.slice(start, end);
  for (const m of body.matchAll(/#([a-z0-9_]+) [\w#]+\}\s*\*\/\s*readonly (\w+)(\?)?:/g)) {
    if (!m[3]) out.add(m[1]);
  }
  return out;
}
