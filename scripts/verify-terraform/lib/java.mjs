// What the Java code reads from the environment, found by scanning sources (no compiler needed).
//
// A function reads: the Java sources of its own module (src/main/java), plus every shared-core
// class they reach through imports or same-package references (transitively), plus shared-core's
// resources (log4j2.xml's ${env:X} lookups). A read is:
//   env.require("X")                        -> required (fails at init when unset)
//   env.integer("X"), flag, text            -> through the declaration (settings.json): required
//                                              when the declaration says so, else defaulted
//   env.table(Tables.KEYS)                  -> the table's variable (tables.json), required
//   env.get("X", ...), getLong, getBoolean, getInt, System.getenv("X"), Map get("X")
//                                            -> optional (has a default)
// where "X" may also be a constant: static final String NAME = "X", referenced as NAME or
// Owner.NAME. Only SCREAMING_SNAKE names count, so JSON lookups such as node.get("models") are
// not mistaken for settings. A table's variable can also be read through the table definitions:
// Tables.spec(Tables.KEYS).envVar() (or Tables.spec("keys")) in a file counts as reading that
// table's env name from tables.json, required when the file calls require(...).
import fs from 'node:fs';
import path from 'node:path';

// receiver . method ( "NAME" | CONSTANT | Owner.CONSTANT
const READ_CALL = /(\w+(?:\(\))?)\s*\.\s*(require|get|getLong|getBoolean|getInt|getDouble|getenv|getOrDefault|integer|flag|text|table)\(\s*("([A-Z][A-Z0-9_]*)"|([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?))/g;
// Plain map lookups (get, getOrDefault) and the declaration's readers count only on an environment-like receiver.
const ENV_RECEIVER = /env|^system\(\)$|^getenv\(\)$/i;
const RECEIVER_BOUND = new Set(['get', 'getOrDefault', 'integer', 'flag', 'text', 'table']);
const DECLARED_READ = new Set(['integer', 'flag', 'text']);
const CONSTANT = /static\s+final\s+String\s+([A-Z][A-Z0-9_]*)\s*=\s*"([^"]*)"/g;

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.java')) out.push(p);
  }
  return out;
}

class JavaFile {
  constructor(root, file) {
    this.path = file;
    this.rel = path.relative(root, file);
    this.text = fs.readFileSync(file, 'utf8');
    this.pkg = this.text.match(/^\s*package\s+([\w.]+)\s*;/m)?.[1] ?? '';
    this.simpleName = path.basename(file, '.java');
    this.fqn = this.pkg ? `${this.pkg}.${this.simpleName}` : this.simpleName;
    this.constants = new Map();
    for (const m of this.text.matchAll(CONSTANT)) this.constants.set(m[1], m[2]);
  }
}

/** The Java sources of the repository: per module and shared-core, indexed by FQN. */
export class JavaSources {
  constructor(root) {
    this.root = root;
    this.shared = walk(path.join(root, 'shared-core', 'src', 'main', 'java')).map((f) => new JavaFile(root, f));
    this.byFqn = new Map(this.shared.map((f) => [f.fqn, f]));
    this.bySimple = new Map();
    for (const f of this.shared) this.bySimple.set(f.simpleName, [...(this.bySimple.get(f.simpleName) ?? []), f]);
  }

  moduleFiles(module) {
    return walk(path.join(this.root, module, 'src', 'main', 'java')).map((f) => new JavaFile(this.root, f));
  }

  /** shared-core classes that a file refers to: imports (single, wildcard, static, inline FQNs) and same-package names. */
  referencedShared(file) {
    const out = new Set();
    const words = new Set(file.text.match(/\b[A-Z]\w*\b/g) ?? []);
    for (const m of file.text.matchAll(/\bcom\.llmgateway\.core\.[\w.]*[\w*]/g)) {
      const name = m[0];
      if (name.endsWith('.*')) {
        const pkg = name.slice(0, -2);
        for (const f of this.shared) if (f.pkg === pkg && words.has(f.simpleName)) out.add(f);
        continue;
      }
      // com.llmgateway.core.a.B or com.llmgateway.core.a.B.member (static import)
      const parts = name.split('.');
      for (let i = parts.length; i > 3; i--) {
        const f = this.byFqn.get(parts.slice(0, i).join('.'));
        if (f) {
          out.add(f);
          break;
        }
      }
    }
    for (const f of this.shared) if (f.pkg === file.pkg && f !== file && words.has(f.simpleName)) out.add(f);
    return out;
  }

  /** Every source a function's jar runs from: its module plus the reachable shared-core classes. */
  closure(module) {
    const start = this.moduleFiles(module);
    const seen = new Set(start);
    const queue = [...start];
    while (queue.length) {
      const f = queue.shift();
      for (const g of this.referencedShared(f)) {
        if (!seen.has(g)) {
          seen.add(g);
          queue.push(g);
        }
      }
    }
    return [...seen];
  }

  resolveConstant(file, ident) {
    if (!ident.includes('.')) {
      if (file.constants.has(ident)) return file.constants.get(ident);
      // a static import or same-package constant
      for (const f of this.shared) if (f.constants.has(ident) && (f.pkg === file.pkg || file.text.includes(`${f.fqn}.${ident}`) || file.text.includes(`${f.fqn}.*`))) return f.constants.get(ident);
      return null;
    }
    const [owner, name] = ident.split('.');
    for (const f of [...(this.bySimple.get(owner) ?? []), ...(owner === file.simpleName ? [file] : [])]) {
      if (f.constants.has(name)) return f.constants.get(name);
    }
    return null;
  }
}

/**
 * name => {required, where: [file:line]} for one function module.
 * tables: the parsed tables.json ("tables" object) to resolve Tables.spec(...).envVar() and env.table(...);
 * settings: the parsed settings.json ("settings" object), whose "required" applies to env.integer/flag/text.
 */
export function envReads(sources, module, tables, settings = {}) {
  const reads = new Map();
  const add = (name, required, where) => {
    const r = reads.get(name) ?? { required: false, where: [] };
    r.required ||= required;
    if (!r.where.includes(where)) r.where.push(where);
    reads.set(name, r);
  };
  const tableConstants = sources.byFqn.get('com.llmgateway.core.store.Tables')?.constants ?? new Map();
  for (const file of sources.closure(module)) {
    if (file.fqn === 'com.llmgateway.core.config.Env') continue; // the reader itself: require(name) etc.
    const lineAt = (i) => file.text.slice(0, i).split('\n').length;
    for (const m of file.text.matchAll(READ_CALL)) {
      const [, receiver, method, , literal, ident] = m;
      if (RECEIVER_BOUND.has(method) && !ENV_RECEIVER.test(receiver)) continue;
      if (method === 'table') {
        const logical = ident ? (ident.includes('.') ? sources.resolveConstant(file, ident) ?? tableConstants.get(ident.split('.').pop()) : tableConstants.get(ident)) : null;
        const env = tables?.[logical]?.env;
        if (env) add(env, true, `${file.rel}:${lineAt(m.index)}`);
        continue;
      }
      const name = literal ?? sources.resolveConstant(file, ident);
      if (!name || !/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
      add(name, method === 'require' || (DECLARED_READ.has(method) && settings?.[name]?.required === true), `${file.rel}:${lineAt(m.index)}`);
    }
    if (/\.envVar\(\)/.test(file.text) && tables) {
      const requires = /\brequire\(/.test(file.text);
      for (const m of file.text.matchAll(/Tables\.spec\(\s*(?:Tables\.([A-Z_]+)|"([a-z_]+)"|([A-Z_]+))\s*\)/g)) {
        const logical = m[2] ?? tableConstants.get(m[1] ?? m[3]);
        const env = tables[logical]?.env;
        if (env) add(env, requires, `${file.rel}:${lineAt(m.index)}`);
      }
    }
  }
  // Resources packaged from shared-core (every function jar has them).
  const resDir = path.join(sources.root, 'shared-core', 'src', 'main', 'resources');
  if (fs.existsSync(resDir)) {
    for (const name of fs.readdirSync(resDir).filter((n) => /\.(xml|properties)$/.test(n))) {
      const text = fs.readFileSync(path.join(resDir, name), 'utf8');
      for (const m of text.matchAll(/\$\{env:([A-Z][A-Z0-9_]*)/g)) add(m[1], false, `shared-core/src/main/resources/${name}`);
    }
  }
  return reads;
}

/** True when <module>/src/main/java/<class path>.java declares the class and the method. */
export function handlerExists(root, module, handler) {
  const m = handler.match(/^([\w.]+)::(\w+)$/) ?? handler.match(/^([\w.]+)$/);
  if (!m) return { ok: false, why: `"${handler}" is not of the form package.Class::method` };
  const cls = m[1];
  const method = m[2] ?? 'handleRequest';
  const file = path.join(root, module, 'src', 'main', 'java', ...cls.split('.')) + '.java';
  const rel = path.relative(root, file);
  if (!fs.existsSync(file)) return { ok: false, why: `${rel} does not exist` };
  const text = fs.readFileSync(file, 'utf8');
  const simple = cls.split('.').pop();
  if (!new RegExp(`\\bclass\\s+${simple}\\b`).test(text)) return { ok: false, why: `${rel} declares no class ${simple}` };
  if (!new RegExp(`\\bpublic\\s+[\\w<>, ]+\\s+${method}\\s*\\(`).test(text)) return { ok: false, why: `${rel} has no public method ${method}(...)` };
  return { ok: true, rel };
}
