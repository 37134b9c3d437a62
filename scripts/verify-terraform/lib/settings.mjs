// The settings declaration (shared-core's settings.json) and the demo team (demo-team.json)
// against the Terraform and the README: variables.tf's defaults and validations are the
// declared ones, local.setting_values links each declared variable to itself, the seeded team
// takes its fields from demo-team.json, and the README's configuration table is the one
// generated from the declaration.
import fs from 'node:fs';
import path from 'node:path';
import { bare, splitTopLevel } from './hcl.mjs';

export const RESOURCES_DIR = 'shared-core/src/main/resources';
export const SETTINGS_FILE = `${RESOURCES_DIR}/settings.json`;
export const DEMO_TEAM_FILE = `${RESOURCES_DIR}/demo-team.json`;
export const README_BEGIN = '<!-- settings table: generated from shared-core/src/main/resources/settings.json by `node scripts/verify-terraform/settings-table.mjs --write`; verify-terraform fails when it differs -->';
export const README_END = '<!-- end of settings table -->';

const SET_BY = ['terraform', 'lambda', 'local-runtime', 'default'];
const TYPES = ['integer', 'boolean', 'string', 'table'];
const TF_TYPE = { integer: 'number', boolean: 'bool', string: 'string' };
const LOCAL_RUNTIME = 'local-runtime';

/** Names of the settings that only the local runtime and tests set (never on Lambda). */
export function localOnly(settings) {
  return new Set(Object.entries(settings ?? {}).filter(([, s]) => s.set_by === 'local-runtime').map(([n]) => n));
}

/** Names of the settings that a library (Powertools, log4j2.xml) reads rather than our code. */
export function libraryRead(settings) {
  return new Set(Object.entries(settings ?? {}).filter(([, s]) => s.read_by === 'library').map(([n]) => n));
}

// ---------------------------------------------------------------------------------------------
// Variable validations, read from their (literal) conditions.

/** HCL string literal text -> its value ("\\." -> "\."). */
function unescapeHcl(s) {
  return s.replace(/\\(["\\nt])/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c);
}

/** What a variable's validation blocks allow: {lower, upper, whole, values, patterns, notPrefixes, messages}. */
export function validationOf(variable) {
  const name = variable.name;
  const v = `var\\.${name}\\b`;
  const out = { lower: null, upper: null, whole: false, values: null, patterns: [], notPrefixes: [], messages: [] };
  for (const val of variable.body.validation ?? []) {
    const cond = bare(val.condition) ?? '';
    out.messages.push(String(val.error_message ?? ''));
    for (const m of cond.matchAll(new RegExp(`${v}\\s*(>=|>|<=|<)\\s*(-?\\d+(?:\\.\\d+)?)`, 'g'))) {
      const n = Number(m[2]);
      if (m[1] === '>=' || m[1] === '>') {
        const lo = m[1] === '>' ? Math.floor(n) + 1 : Math.ceil(n);
        out.lower = out.lower === null ? lo : Math.max(out.lower, lo);
      } else {
        const hi = m[1] === '<' ? Math.ceil(n) - 1 : Math.floor(n);
        out.upper = out.upper === null ? hi : Math.min(out.upper, hi);
      }
    }
    if (new RegExp(`floor\\(${v}\\)\\s*==\\s*${v}`).test(cond)) out.whole = true;
    const list = cond.match(new RegExp(`contains\\(\\[([^\\]]*)\\],\\s*${v}\\)`));
    if (list) out.values = splitTopLevel(list[1]).map((x) => (/^".*"$/.test(x) ? unescapeHcl(x.slice(1, -1)) : Number(x)));
    for (const m of cond.matchAll(new RegExp(`regex\\("((?:[^"\\\\]|\\\\.)*)",\\s*${v}\\)`, 'g'))) out.patterns.push(unescapeHcl(m[1]));
    for (const m of cond.matchAll(new RegExp(`!startswith\\(${v},\\s*"((?:[^"\\\\]|\\\\.)*)"\\)`, 'g'))) out.notPrefixes.push(unescapeHcl(m[1]));
  }
  return out;
}

/**
 * A Terraform variable agrees with a declaration {type, default, min, max, values, pattern, not_prefix}:
 * its type, its default and what its validation lets through. label names the declaration in messages.
 */
function checkVariableAgainst(ctx, C, variable, decl, label) {
  const at = `${variable.file} variable.${variable.name}`;
  const tfType = TF_TYPE[decl.type];
  if (tfType && bare(variable.body.type) !== tfType) ctx.error(C, `${at}: type is ${bare(variable.body.type)}, ${label} is ${decl.type} (type = ${tfType})`);
  const want = decl.default ?? null;
  const have = variable.body.default ?? null;
  const same = decl.type === 'string' ? (want ?? '') === (have ?? '') : want === have;
  if (!same) ctx.error(C, `${at}: default is ${JSON.stringify(have)}, ${label} declares ${JSON.stringify(want)}`);
  const val = validationOf(variable);
  if (decl.type === 'integer') {
    if (val.lower !== decl.min || val.upper !== decl.max) {
      ctx.error(C, `${at}: validation allows ${val.lower ?? '-∞'} to ${val.upper ?? '∞'}, ${label} declares ${decl.min} to ${decl.max} (Java refuses what Terraform lets through, or the other way round)`);
    }
    if (!val.whole) ctx.error(C, `${at}: validation must require a whole number (floor(var.${variable.name}) == var.${variable.name}), as ${label} is an integer`);
    const msg = val.messages.join(' ');
    if (val.lower === decl.min && val.upper === decl.max && !(msg.includes(String(decl.min)) && msg.includes(String(decl.max)))) {
      ctx.error(C, `${at}: error_message must name the range ${decl.min} to ${decl.max}`);
    }
  }
  if (decl.type === 'string') {
    const values = decl.values ?? [];
    if (values.length || val.values) {
      const a = [...(val.values ?? [])].map(String).sort().join(', ');
      const b = [...values].sort().join(', ');
      if (a !== b) ctx.error(C, `${at}: validation allows ${val.values ? a : 'any value'}, ${label} declares ${b || 'any value'}`);
    }
    if ((decl.pattern ?? null) !== (val.patterns[0] ?? null) || val.patterns.length > 1) {
      ctx.error(C, `${at}: validation's regex is ${JSON.stringify(val.patterns.join(' and ') || null)}, ${label} declares pattern ${JSON.stringify(decl.pattern ?? null)}`);
    }
    if ((decl.not_prefix ?? null) !== (val.notPrefixes[0] ?? null)) {
      ctx.error(C, `${at}: validation refuses the prefix ${JSON.stringify(val.notPrefixes[0] ?? null)}, ${label} declares not_prefix ${JSON.stringify(decl.not_prefix ?? null)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
/** settings.json itself: names, kinds, ranges that hold their own defaults, tables and readers that exist. */
function checkDeclaration(ctx, C) {
  const functions = ctx.tf.locals.get('functions')?.value ?? {};
  const names = new Set([...Object.keys(functions), LOCAL_RUNTIME]);
  const terraformNames = new Map();
  for (const [name, s] of Object.entries(ctx.settings)) {
    const at = `settings.json ${name}`;
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) ctx.error(C, `${at}: is not an environment variable name (SCREAMING_SNAKE_CASE)`);
    if (!TYPES.includes(s.type)) ctx.error(C, `${at}: type ${JSON.stringify(s.type)} is not one of ${TYPES.join(', ')}`);
    if (!SET_BY.includes(s.set_by)) ctx.error(C, `${at}: set_by ${JSON.stringify(s.set_by)} is not one of ${SET_BY.join(', ')}`);
    if (typeof s.description !== 'string' || !s.description.trim()) ctx.error(C, `${at}: has no description`);
    if (s.terraform != null) {
      if (!/^[a-z][a-z0-9_]*$/.test(s.terraform)) ctx.error(C, `${at}: Terraform variable ${s.terraform} is not snake_case`);
      if (terraformNames.has(s.terraform)) ctx.error(C, `${at}: Terraform variable ${s.terraform} also sets ${terraformNames.get(s.terraform)} (one variable, one setting)`);
      terraformNames.set(s.terraform, name);
      if (s.set_by !== 'terraform') ctx.error(C, `${at}: has a Terraform variable but set_by ${s.set_by}`);
    }
    if (!Array.isArray(s.functions) || !s.functions.length) ctx.error(C, `${at}: names no function that reads it`);
    for (const f of s.functions ?? []) if (!names.has(f)) ctx.error(C, `${at}: function "${f}" is not one of local.functions (or ${LOCAL_RUNTIME})`);
    if (s.required && (s.default != null || s.default_from != null)) ctx.error(C, `${at}: is required and has a default`);
    if (s.type === 'integer') {
      if (!Number.isInteger(s.min) || !Number.isInteger(s.max) || s.min > s.max) ctx.error(C, `${at}: an integer needs whole min <= max`);
      if (s.default != null && (!Number.isInteger(s.default) || s.default < s.min || s.default > s.max)) ctx.error(C, `${at}: default ${s.default} is outside its own range ${s.min} to ${s.max}`);
      if (s.default == null && s.default_from == null && !s.required) ctx.error(C, `${at}: an optional integer needs a default (or default_from)`);
    }
    if (s.type === 'boolean' && typeof s.default !== 'boolean') ctx.error(C, `${at}: a boolean needs a true/false default`);
    if (s.type === 'string' && s.default != null) {
      if (typeof s.default !== 'string') ctx.error(C, `${at}: default ${JSON.stringify(s.default)} is not a string`);
      else if ((s.values?.length && !s.values.includes(s.default)) || (s.pattern && !new RegExp(s.pattern).test(s.default)) || (s.not_prefix && s.default.startsWith(s.not_prefix))) {
        ctx.error(C, `${at}: default ${JSON.stringify(s.default)} is not one of its own allowed values`);
      }
    }
    if (s.default_from != null && ctx.settings[s.default_from]?.type !== s.type) ctx.error(C, `${at}: default_from ${s.default_from} is not a setting of type ${s.type}`);
    if (s.type === 'table') {
      const t = ctx.tables[s.table];
      if (!t) ctx.error(C, `${at}: table ${JSON.stringify(s.table)} is not a table of tables.json`);
      else if (t.env !== name) ctx.error(C, `${at}: tables.json's ${s.table} is carried by ${t.env}, not ${name}`);
      if (!s.required) ctx.error(C, `${at}: a table's name is required`);
      if (s.set_by !== 'terraform') ctx.error(C, `${at}: a table's name is set by Terraform (set_by terraform)`);
      // The functions that read a table's name are the ones granted that table (iam.json).
      const granted = Object.entries(functions).filter(([, f]) => f.tables && typeof f.tables === 'object' && f.tables[s.table]).map(([n]) => n).sort();
      const declared = [...(s.functions ?? [])].sort();
      if (granted.join(',') !== declared.join(',')) ctx.error(C, `${at}: functions are ${declared.join(', ') || 'none'}, but iam.json grants table ${s.table} to ${granted.join(', ') || 'none'}`);
    }
  }
  for (const [logical, t] of Object.entries(ctx.tables)) {
    if (!ctx.settings[t.env]) ctx.error(C, `tables.json ${logical}: its variable ${t.env} is not declared in settings.json`);
  }
  return terraformNames;
}

export function checkSettings(ctx) {
  const C = 'settings';
  if (!ctx.settings || !Object.keys(ctx.settings).length) {
    ctx.error(C, `${SETTINGS_FILE}: no settings declared`);
    return;
  }
  // Terraform reads the declaration.
  const src = ctx.fileArgument(ctx.tf.locals.get('settings')?.value);
  if (src !== path.normalize(SETTINGS_FILE) || !/\)\.settings$/.test(bare(ctx.tf.locals.get('settings')?.value) ?? '')) {
    ctx.error(C, `local.settings must be jsondecode(file("\${local.resources_dir}/settings.json")).settings, is ${JSON.stringify(ctx.tf.locals.get('settings')?.value)}`);
  }
  const terraformNames = checkDeclaration(ctx, C);

  // Each declared variable: exists, with the declared type, default and range.
  for (const [tfName, env] of terraformNames) {
    const v = ctx.tf.variables.find((x) => x.name === tfName);
    if (!v) {
      ctx.error(C, `settings.json ${env}: Terraform variable ${tfName} is not declared in terraform/variables.tf`);
      continue;
    }
    checkVariableAgainst(ctx, C, v, ctx.settings[env], `settings.json ${env}`);
  }

  // local.setting_values: exactly the declared variables, each as itself.
  const values = ctx.tf.locals.get('setting_values');
  if (!values || typeof values.value !== 'object' || Array.isArray(values.value)) {
    ctx.error(C, 'local.setting_values (declared Terraform variable name => its value) is missing or not a literal map');
  } else {
    for (const [k, expr] of Object.entries(values.value)) {
      if (!terraformNames.has(k)) ctx.error(C, `${values.file} local.setting_values.${k}: ${k} is not the Terraform variable of any setting of settings.json`);
      else if (!new RegExp(`^(?:tostring\\(var\\.${k}\\)|var\\.${k})$`).test(bare(expr) ?? '')) ctx.error(C, `${values.file} local.setting_values.${k}: must be var.${k} (or tostring(var.${k})), is ${JSON.stringify(expr)}`);
    }
    for (const [k, env] of terraformNames) if (!(k in values.value)) ctx.error(C, `${values.file} local.setting_values: lacks ${k} (the Terraform variable of ${env})`);
  }

  // Defaults a library configuration writes itself: log4j2.xml's ${env:X:-default}.
  const resDir = path.join(ctx.root, RESOURCES_DIR);
  if (fs.existsSync(resDir)) {
    for (const file of fs.readdirSync(resDir).filter((n) => /\.(xml|properties)$/.test(n))) {
      const text = fs.readFileSync(path.join(resDir, file), 'utf8');
      for (const m of text.matchAll(/\$\{env:([A-Z][A-Z0-9_]*)(?::-([^}]*))?\}/g)) {
        const s = ctx.settings[m[1]];
        if (!s) ctx.error(C, `${RESOURCES_DIR}/${file}: reads ${m[1]}, which settings.json does not declare`);
        else if (m[2] !== undefined && String(s.default) !== m[2]) ctx.error(C, `${RESOURCES_DIR}/${file}: defaults ${m[1]} to ${m[2]}, settings.json declares ${JSON.stringify(s.default)}`);
      }
    }
  }
  const byKind = (k) => Object.values(ctx.settings).filter((s) => s.set_by === k).length;
  ctx.summary.push(`settings: ${Object.keys(ctx.settings).length} settings of settings.json (${terraformNames.size} from variables, whose defaults and validations match; ${byKind('default')} left to their defaults; ${byKind('lambda')} from Lambda; ${byKind('local-runtime')} local only)`);
}

// ---------------------------------------------------------------------------------------------
/** The seeded demo team is demo-team.json's, its variables default to that file's values. */
export function checkDemoTeam(ctx) {
  const C = 'demo team';
  const team = ctx.demoTeam;
  if (!team || !team.team_id) {
    ctx.error(C, `${DEMO_TEAM_FILE}: no demo team declared`);
    return;
  }
  const local = ctx.tf.locals.get('demo_team');
  if (ctx.fileArgument(local?.value) !== path.normalize(DEMO_TEAM_FILE)) ctx.error(C, `local.demo_team must be jsondecode(file("\${local.resources_dir}/demo-team.json")), is ${JSON.stringify(local?.value)}`);
  if (bare(ctx.tf.locals.get('demo_team_id')?.value) !== 'local.demo_team.team_id') ctx.error(C, `local.demo_team_id must be local.demo_team.team_id, is ${JSON.stringify(ctx.tf.locals.get('demo_team_id')?.value)}`);
  if (bare(ctx.tf.locals.get('demo_keys')?.value) !== 'local.demo_team.keys') ctx.error(C, `local.demo_keys must be local.demo_team.keys, is ${JSON.stringify(ctx.tf.locals.get('demo_keys')?.value)}`);
  const value = (field) => field.split('.').reduce((o, k) => (o == null ? undefined : o[k]), team);
  const item = ctx.tf.resources.find((r) => r.type === 'aws_dynamodb_table_item' && /(?:^|[{\s])pk\s*=\s*\{\s*S\s*=\s*"TEAM#/.test(String(r.body.item)));
  const itemText = String(item?.body.item ?? '');
  for (const [name, decl] of Object.entries(team.variables ?? {})) {
    const v = ctx.tf.variables.find((x) => x.name === name);
    const label = `demo-team.json variables.${name}`;
    if (!v) {
      ctx.error(C, `${label}: Terraform variable ${name} is not declared in terraform/variables.tf`);
      continue;
    }
    checkVariableAgainst(ctx, C, v, { ...decl, default: value(decl.field) }, `${label} (${decl.field} = ${JSON.stringify(value(decl.field))})`);
    if (item && !new RegExp(`var\\.${name}\\b`).test(itemText)) ctx.error(C, `${item.file} ${item.address}: does not use var.${name} (for ${decl.field})`);
  }
  // The fields without a variable come from the declaration, not from literals.
  if (item) {
    const attrs = new Map();
    const body = itemText.match(/jsonencode\(\{([\s\S]*)\}\)/)?.[1] ?? '';
    for (const line of splitTopLevel(body, '\n')) {
      const a = line.match(/^(\w+)\s*=\s*([\s\S]*)$/);
      if (a) attrs.set(a[1], a[2]);
    }
    const variableFields = new Set(Object.values(team.variables ?? {}).map((d) => d.field.split('.')[0]));
    for (const field of ['name', 'cost_center', 'allowed_models', 'monthly_budget_usd', 'enabled', 'limits', 'cache']) {
      if (team[field] === undefined || !attrs.has(field)) continue;
      const text = attrs.get(field);
      if (variableFields.has(field)) continue;
      if (!/local\.demo_team\b/.test(text)) ctx.error(C, `${item.file} ${item.address}: ${field} is ${text.replace(/\s+/g, ' ')}, not taken from local.demo_team (demo-team.json)`);
    }
    for (const k of Object.keys(team.cache ?? {})) {
      if (!new RegExp(`local\\.demo_team\\.cache\\.${k}\\b`).test(itemText)) ctx.error(C, `${item.file} ${item.address}: cache.${k} is not taken from local.demo_team.cache.${k}`);
    }
  }
  ctx.summary.push(`demo team: seeded from demo-team.json; ${Object.keys(team.variables ?? {}).length} variables (${Object.keys(team.variables ?? {}).join(', ')}) default to its values`);
}

// ---------------------------------------------------------------------------------------------
/** The README's configuration table, generated from the declaration. */
export function settingsTable(settings, functionNames = ['gateway', 'auth', 'usage']) {
  const code = (s) => `\`${String(s).replace(/\|/g, '\\|')}\``;
  const readers = (fs) => (functionNames.every((f) => fs.includes(f)) && fs.length === functionNames.length ? 'all' : fs.map((f) => (f === LOCAL_RUNTIME ? 'local runtime' : f)).join(', '));
  const setBy = (s) => {
    if (s.terraform) return code(s.terraform);
    if (s.type === 'table') return 'Terraform (the table)';
    if (s.set_by === 'terraform') return `Terraform${s.default_note ? ` (${code(s.default_note)})` : ''}`;
    return { lambda: 'Lambda', 'local-runtime': 'local runtime', default: '—' }[s.set_by] ?? s.set_by;
  };
  const dflt = (s) => {
    if (s.required) return 'required';
    if (s.default_from) return `= ${code(s.default_from)}`;
    if (s.default != null) return s.set_by === 'lambda' ? `${code(s.default)} locally` : code(s.default);
    if (s.default_note && s.set_by !== 'terraform' && s.set_by !== 'lambda') return s.default_note;
    return '—';
  };
  const allowed = (s) => {
    const parts = [];
    if (s.type === 'integer') parts.push(`${s.min}–${s.max}`);
    if (s.type === 'boolean') parts.push('true, false');
    if (s.values?.length) parts.push(s.values.join(', '));
    if (s.pattern) parts.push(code(s.pattern));
    if (s.not_prefix) parts.push(`not ${code(`${s.not_prefix}…`)}`);
    if (s.range_note) parts.push(`(${s.range_note})`);
    return parts.join(' ') || '—';
  };
  const rows = ['| variable | read by | set by | default | allowed | meaning |', '|---|---|---|---|---|---|'];
  for (const [name, s] of Object.entries(settings)) {
    rows.push(`| ${code(name)} | ${readers(s.functions ?? [])} | ${setBy(s)} | ${dflt(s)} | ${allowed(s)} | ${String(s.description).replace(/\|/g, '\\|')} |`);
  }
  return rows.join('\n');
}

/** The README with its settings block replaced by the generated table; null when the markers are missing. */
export function readmeWithTable(readme, settings, functionNames) {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) return null;
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${settingsTable(settings, functionNames)}\n${readme.slice(end)}`;
}

export function checkReadme(ctx) {
  const C = 'readme';
  const file = path.join(ctx.root, 'README.md');
  if (!fs.existsSync(file)) return;
  const readme = fs.readFileSync(file, 'utf8');
  const functionNames = Object.keys(ctx.tf.locals.get('functions')?.value ?? {});
  const want = readmeWithTable(readme, ctx.settings, functionNames);
  if (want === null) {
    ctx.error(C, `README.md: the configuration table's markers are missing (${README_BEGIN} ... ${README_END})`);
    return;
  }
  if (want !== readme) {
    const have = readme.slice(readme.indexOf(README_BEGIN), readme.indexOf(README_END)).split('\n');
    const gen = want.slice(want.indexOf(README_BEGIN), want.indexOf(README_END)).split('\n');
    const i = gen.findIndex((l, n) => l !== have[n]);
    ctx.error(C, `README.md: the configuration table differs from settings.json (first at "${(have[i] ?? '(end)').slice(0, 90)}", expected "${(gen[i] ?? '(end)').slice(0, 90)}"): run node scripts/verify-terraform/settings-table.mjs --write`);
    return;
  }
  ctx.summary.push(`readme: the configuration table is settings.json's (${Object.keys(ctx.settings).length} rows)`);
}
