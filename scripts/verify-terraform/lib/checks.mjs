// The checks. Each takes the context {root, tf, schema, java, routes, tables, settings, demoTeam}
// and reports through ctx.error(check, message).
import fs from 'node:fs';
import path from 'node:path';
import { META_ARGUMENTS, bare, expressions, splitTopLevel, lineOf } from './hcl.mjs';
import { envReads, handlerExists } from './java.mjs';
import { localOnly, libraryRead } from './settings.mjs';

const RESOURCES_DIR = 'shared-core/src/main/resources';

// ---------------------------------------------------------------------------------------------
// Environment variables. Every one the code reads is declared in settings.json, with the
// functions that read it and who sets it; Terraform sets exactly the declared ones that it sets
// for each function, and nothing the function does not read. Lambda reserves some names:
// ---------------------------------------------------------------------------------------------
/** Set by the Lambda runtime itself; Lambda rejects functions that try to set the reserved ones. */
export const RUNTIME_PROVIDED = [/^AWS_/, /^_HANDLER$/, /^_X_AMZN_TRACE_ID$/, /^LAMBDA_TASK_ROOT$/, /^LAMBDA_RUNTIME_DIR$/, /^TZ$/, /^JAVA_TOOL_OPTIONS$/];

// ---------------------------------------------------------------------------------------------
// IAM: actions that AWS authorizes only on Resource "*" (no resource-level permissions). A
// statement may have resources = ["*"] only when every one of its actions is listed here.
// ---------------------------------------------------------------------------------------------
export const STAR_RESOURCE_ACTIONS = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions',
  'cloudwatch:PutMetricData': 'CloudWatch metrics have no resource ARNs (scope with the cloudwatch:namespace condition)',
};

const has = (re, name) => re.some((r) => r.test(name));

function localValue(ctx, name) {
  return ctx.tf.locals.get(name)?.value;
}

/** "${local.x}" -> the value of local x (one level), else the input. */
function deref(ctx, value) {
  const m = typeof value === 'string' && bare(value)?.match(/^local\.(\w+)$/);
  return m ? localValue(ctx, m[1]) : value;
}

function resourcesOf(ctx, type) {
  return ctx.tf.resources.filter((r) => r.type === type);
}

function fileOf(ctx, block) {
  return ctx.tf.files.find((f) => f.name === block.file);
}

function where(ctx, block, needle) {
  const line = needle ? lineOf(fileOf(ctx, block), needle) : null;
  return `${block.file}${line ? `:${line}` : ''} ${block.address ?? block.name}`;
}

/** The path a file("...") / jsondecode(file("...")) expression reads, resolved from the terraform dir. */
export function fileArgument(ctx, expr, seen = new Set()) {
  const text = bare(expr) ?? '';
  const m = text.match(/file\("((?:[^"\\]|\\.)*)"\)/);
  if (!m) {
    const ref = text.match(/^local\.(\w+)(\.\w+)?$/);
    if (ref && !seen.has(ref[1])) {
      seen.add(ref[1]);
      return fileArgument(ctx, localValue(ctx, ref[1]), seen);
    }
    return null;
  }
  let p = m[1];
  for (let i = 0; i < 5; i++) {
    p = p.replace(/\$\{path\.module\}/g, 'terraform').replace(/\$\{local\.(\w+)\}/g, (_, n) => {
      const v = localValue(ctx, n);
      return typeof v === 'string' ? v.replace(/\$\{path\.module\}/g, 'terraform') : `<local.${n}>`;
    });
  }
  return path.normalize(p);
}

// ---------------------------------------------------------------------------------------------
export function checkSchema(ctx) {
  const C = 'schema';
  let checked = 0;
  for (const block of [...ctx.tf.resources, ...ctx.tf.data]) {
    const schema = ctx.schema.get(block.kind, block.type);
    if (!schema) {
      ctx.error(C, `${where(ctx, block)}: ${block.kind === 'data' ? 'data source' : 'resource type'} ${block.type} does not exist in AWS provider ${ctx.schema.providerVersion} (or is not known to the verifier)`);
      continue;
    }
    checked++;
    checkBody(ctx, block, schema, block.body, block.type);
  }
  ctx.summary.push(`schema: ${checked} resource/data blocks checked against AWS provider ${ctx.schema.providerVersion}`);
}

function checkBody(ctx, block, schema, body, trail) {
  const C = 'schema';
  const present = new Set();
  for (const [key, value] of Object.entries(body)) {
    if (META_ARGUMENTS.has(key) && trail === block.type) continue;
    if (key === 'dynamic') {
      for (const [name, dyns] of Object.entries(value)) {
        const arg = schema.args.get(name);
        if (!arg || !arg.isBlock) {
          ctx.error(C, `${where(ctx, block, `dynamic "${name}"`)}: ${trail} has no block "${name}" (dynamic "${name}")`);
          continue;
        }
        present.add(name);
        const nested = schema.nested(name);
        for (const d of dyns) for (const content of d.content ?? []) if (nested) checkBody(ctx, block, nested, content, `${trail}.${name}`);
      }
      continue;
    }
    const arg = schema.args.get(key);
    if (!arg) {
      ctx.error(C, `${where(ctx, block, key)}: ${trail} has no argument or block "${key}" in AWS provider ${ctx.schema.providerVersion}`);
      continue;
    }
    present.add(key);
    if (arg.isBlock) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
        ctx.error(C, `${where(ctx, block, key)}: ${trail}.${key} is a block; write ${key} { ... }, not ${key} = ...`);
        continue;
      }
      const nested = schema.nested(key);
      if (nested) for (const v of value) checkBody(ctx, block, nested, v, `${trail}.${key}`);
    }
  }
  for (const req of schema.required) {
    if (!present.has(req)) ctx.error(C, `${where(ctx, block)}: ${trail} is missing its required argument "${req}"`);
  }
}

/** Every reference aws_x.name[...].attr / data.aws_x.name.attr / var.x / local.x names something that exists. */
export function checkReferences(ctx) {
  const C = 'references';
  const declared = new Set([...ctx.tf.resources, ...ctx.tf.data].map((b) => b.address));
  const blocksByAddress = new Map([...ctx.tf.resources, ...ctx.tf.data].map((b) => [b.address, b]));
  const vars = new Set(ctx.tf.variables.map((v) => v.name));
  const locals = new Set(ctx.tf.locals.keys());
  const usedVars = new Set();
  const usedLocals = new Set();
  const scan = (text, origin) => {
    for (const m of text.matchAll(/(?<![\w.])(data\.)?((?:aws|random|time)_[a-z0-9_]+)\.([a-z0-9_]+)(\[[^\]]*\])?(?:\.([a-z0-9_]+))?/g)) {
      const address = `${m[1] ?? ''}${m[2]}.${m[3]}`;
      if (!declared.has(address)) {
        ctx.error(C, `${origin}: refers to ${address}, which is not declared`);
        continue;
      }
      const attr = m[5];
      if (attr) {
        const b = blocksByAddress.get(address);
        const schema = ctx.schema.get(b.kind, b.type);
        if (schema && !schema.readable.has(attr)) ctx.error(C, `${origin}: ${address} has no attribute "${attr}"`);
      }
    }
    for (const m of text.matchAll(/(?<![\w.])var\.(\w+)/g)) {
      usedVars.add(m[1]);
      if (!vars.has(m[1])) ctx.error(C, `${origin}: refers to var.${m[1]}, which is not declared`);
    }
    for (const m of text.matchAll(/(?<![\w.])local\.(\w+)/g)) {
      usedLocals.add(m[1]);
      if (!locals.has(m[1])) ctx.error(C, `${origin}: refers to local.${m[1]}, which is not declared`);
    }
  };
  for (const b of [...ctx.tf.resources, ...ctx.tf.data]) for (const e of expressions(b.body)) scan(e, `${b.file} ${b.address}`);
  for (const o of ctx.tf.outputs) for (const e of expressions(o.body)) scan(e, `${o.file} output.${o.name}`);
  for (const v of ctx.tf.variables) for (const e of expressions(v.body.validation ?? [])) scan(e, `${v.file} variable.${v.name}`);
  for (const [n, l] of ctx.tf.locals) for (const e of expressions(l.value)) scan(e, `${l.file} local.${n}`);
  for (const f of ctx.tf.files) for (const e of expressions(f.json.provider ?? {})) scan(e, `${f.name} provider`);
  for (const v of ctx.tf.variables) if (!usedVars.has(v.name)) ctx.error(C, `${v.file} variable.${v.name}: declared but never used`);
  for (const [n, l] of ctx.tf.locals) if (!usedLocals.has(n)) ctx.error(C, `${l.file} local.${n}: declared but never used`);
  for (const d of ctx.tf.duplicates) ctx.error(C, d);
}

// ---------------------------------------------------------------------------------------------
export function checkVariablesAndOutputs(ctx) {
  const C = 'variables/outputs';
  for (const v of ctx.tf.variables) {
    if (typeof v.body.description !== 'string' || !v.body.description.trim()) ctx.error(C, `${v.file} variable.${v.name}: has no description`);
    if (v.body.type === undefined) ctx.error(C, `${v.file} variable.${v.name}: has no type`);
  }
  for (const o of ctx.tf.outputs) {
    if (typeof o.body.description !== 'string' || !o.body.description.trim()) ctx.error(C, `${o.file} output.${o.name}: has no description`);
    if (/(_key|secret|password|token)$/.test(o.name) && o.body.sensitive !== true) ctx.error(C, `${o.file} output.${o.name}: holds a secret but is not sensitive = true`);
  }
  for (const name of ['api_endpoint', 'demo_api_key', 'finops_api_key', 'admin_api_key', 'table_names', 'dashboard_url']) {
    if (!ctx.tf.outputs.some((o) => o.name === name)) ctx.error(C, `terraform/: output "${name}" is missing`);
  }
  const required = {
    rate_limit_rpm: 60, default_model: null, log_retention_days: 7, region: null, name_prefix: null,
    demo_monthly_budget_usd: null, cache_ttl_seconds: null, usage_retention_days: null, deletion_protection: false, architecture: 'arm64',
  };
  for (const [name, dflt] of Object.entries(required)) {
    const v = ctx.tf.variables.find((x) => x.name === name);
    if (!v) ctx.error(C, `terraform/: variable "${name}" is missing`);
    else if (dflt !== null && v.body.default !== dflt) ctx.error(C, `${v.file} variable.${name}: default must be ${JSON.stringify(dflt)}, is ${JSON.stringify(v.body.default)}`);
  }
  ctx.summary.push(`variables/outputs: ${ctx.tf.variables.length} variables, ${ctx.tf.outputs.length} outputs, all described and typed`);
}

// ---------------------------------------------------------------------------------------------
export function checkRoutes(ctx) {
  const C = 'routes';
  const routeBlocks = resourcesOf(ctx, 'aws_apigatewayv2_route');
  if (routeBlocks.length !== 1) {
    ctx.error(C, `terraform/: expected exactly one aws_apigatewayv2_route resource (for_each over the route table), found ${routeBlocks.length}`);
    return;
  }
  const route = routeBlocks[0];
  const at = (n) => where(ctx, route, n);
  const src = fileArgument(ctx, route.body.for_each);
  const routesFile = path.normalize(`${RESOURCES_DIR}/routes.json`);
  if (src !== routesFile) {
    ctx.error(C, `${at('for_each')}: for_each must be the decoded route table ${routesFile} (jsondecode(file(...)).routes), is ${JSON.stringify(route.body.for_each)}${src ? ` reading ${src}` : ''}`);
  }
  const forEachLocal = bare(route.body.for_each)?.match(/^local\.(\w+)$/)?.[1];
  if (forEachLocal && !/\)\.routes\}?$/.test(bare(localValue(ctx, forEachLocal)) ?? '')) {
    ctx.error(C, `${ctx.tf.locals.get(forEachLocal)?.file} local.${forEachLocal}: must be jsondecode(file(".../routes.json")).routes`);
  }
  if (bare(route.body.route_key) !== 'each.key') ctx.error(C, `${at('route_key')}: route_key must be each.key (the route table's key), is ${JSON.stringify(route.body.route_key)}`);

  // authorization: evaluated per route from the expression
  const evalTernary = (expr, authorized) => {
    const b = bare(expr);
    if (b === null || b === undefined) return { ok: false, why: 'is missing' };
    const m = b.match(/^each\.value\.authorized\s*\?\s*(.+?)\s*:\s*(.+)$/);
    if (!m) return { ok: false, why: `must be decided by each.value.authorized (each.value.authorized ? ... : ...), is ${JSON.stringify(expr)}` };
    return { ok: true, value: authorized ? m[1] : m[2] };
  };
  const authorizers = resourcesOf(ctx, 'aws_apigatewayv2_authorizer');
  const integrations = resourcesOf(ctx, 'aws_apigatewayv2_integration');
  const functions = localValue(ctx, 'functions') ?? {};
  const target = bare(route.body.target) ?? '';
  const targetMatch = target.match(/^integrations\/\$\{aws_apigatewayv2_integration\.(\w+)\[each\.value\.function\]\.id\}$/);
  if (!targetMatch) ctx.error(C, `${at('target')}: target must be "integrations/\${aws_apigatewayv2_integration.<name>[each.value.function].id}", is ${JSON.stringify(route.body.target)}`);
  const integration = targetMatch && integrations.find((i) => i.name === targetMatch[1]);
  if (targetMatch && !integration) ctx.error(C, `${at('target')}: aws_apigatewayv2_integration.${targetMatch[1]} is not declared`);
  if (integration && bare(integration.body.for_each) !== 'local.functions') ctx.error(C, `${where(ctx, integration, 'for_each')}: integrations must be for_each = local.functions (one per function)`);

  let count = 0;
  for (const [key, r] of Object.entries(ctx.routes)) {
    count++;
    const type = evalTernary(route.body.authorization_type, r.authorized === true);
    if (!type.ok) {
      ctx.error(C, `${at('authorization_type')}: authorization_type ${type.why}`);
      break;
    }
    const want = r.authorized === true ? '"CUSTOM"' : '"NONE"';
    if (type.value !== want) ctx.error(C, `route "${key}" (authorized: ${r.authorized}) gets authorization_type ${type.value}, must be ${want}`);
    const auth = evalTernary(route.body.authorizer_id, r.authorized === true);
    if (!auth.ok) {
      ctx.error(C, `${at('authorizer_id')}: authorizer_id ${auth.why}`);
      break;
    }
    if (r.authorized === true) {
      const am = auth.value.match(/^aws_apigatewayv2_authorizer\.(\w+)\.id$/);
      if (!am || !authorizers.some((a) => a.name === am[1])) ctx.error(C, `route "${key}" is authorized but its authorizer_id is ${auth.value}, not a declared aws_apigatewayv2_authorizer's id`);
    } else if (auth.value !== 'null') {
      ctx.error(C, `route "${key}" is not authorized but gets authorizer_id ${auth.value} (must be null)`);
    }
    if (!functions[r.function]) ctx.error(C, `route "${key}" goes to function "${r.function}", which local.functions does not define`);
  }

  if (integration) {
    const b = integration.body;
    if (b.integration_type !== 'AWS_PROXY') ctx.error(C, `${where(ctx, integration, 'integration_type')}: integration_type must be AWS_PROXY`);
    if (b.payload_format_version !== '2.0') ctx.error(C, `${where(ctx, integration, 'payload_format_version')}: payload_format_version must be "2.0"`);
    if (!/^aws_lambda_alias\.\w+\[each\.key\]\.invoke_arn$/.test(bare(b.integration_uri) ?? '')) ctx.error(C, `${where(ctx, integration, 'integration_uri')}: integration_uri must be the function alias's invoke_arn (aws_lambda_alias.<name>[each.key].invoke_arn) so that SnapStart versions serve the API`);
  }
  if (authorizers.length !== 1) {
    ctx.error(C, `terraform/: expected one aws_apigatewayv2_authorizer, found ${authorizers.length}`);
  } else {
    const a = authorizers[0];
    const b = a.body;
    const w = (n) => where(ctx, a, n);
    if (b.authorizer_type !== 'REQUEST') ctx.error(C, `${w('authorizer_type')}: authorizer_type must be REQUEST`);
    if (b.authorizer_payload_format_version !== '2.0') ctx.error(C, `${w('authorizer_payload_format_version')}: authorizer_payload_format_version must be "2.0"`);
    if (b.enable_simple_responses !== true) ctx.error(C, `${w('enable_simple_responses')}: enable_simple_responses must be true`);
    if (b.authorizer_result_ttl_in_seconds !== 0) ctx.error(C, `${w('authorizer_result_ttl_in_seconds')}: authorizer_result_ttl_in_seconds must be 0 (no identity sources, so no caching)`);
    if (Array.isArray(b.identity_sources) && b.identity_sources.length) ctx.error(C, `${w('identity_sources')}: identity_sources must be empty: a key may come as x-api-key or Authorization, and a request with neither must still reach the authorizer for the OpenAI-shaped 401`);
    const authFn = Object.entries(ctx.routes).find(([k]) => /^(GET|POST) \/v1\/me$/.test(k))?.[1]?.function ?? 'auth';
    if (bare(b.authorizer_uri) !== `aws_lambda_alias.live["${authFn}"].invoke_arn` && !new RegExp(`^aws_lambda_alias\\.\\w+\\["${authFn}"\\]\\.invoke_arn$`).test(bare(b.authorizer_uri) ?? '')) {
      ctx.error(C, `${w('authorizer_uri')}: authorizer_uri must be the ${authFn} function alias's invoke_arn, is ${JSON.stringify(b.authorizer_uri)}`);
    }
  }
  // API Gateway may invoke every function's alias (routes) and the authorizer.
  const perms = resourcesOf(ctx, 'aws_lambda_permission');
  const forAll = perms.find((p) => bare(p.body.for_each) === 'local.functions' && p.body.principal === 'apigateway.amazonaws.com' && /aws_lambda_alias\.\w+\[each\.key\]\.name/.test(bare(p.body.qualifier) ?? ''));
  if (!forAll) ctx.error(C, 'terraform/: no aws_lambda_permission (for_each = local.functions, principal apigateway.amazonaws.com, qualifier = the alias) lets the API invoke the functions');
  if (!perms.some((p) => /\/authorizers\//.test(String(p.body.source_arn)) && p.body.principal === 'apigateway.amazonaws.com')) ctx.error(C, 'terraform/: no aws_lambda_permission lets the API invoke the authorizer (source_arn .../authorizers/<id>)');
  const stage = resourcesOf(ctx, 'aws_apigatewayv2_stage')[0];
  if (!stage || stage.body.name !== '$default' || stage.body.auto_deploy !== true) ctx.error(C, 'terraform/: the API needs a $default stage with auto_deploy = true');
  else if (!stage.body.access_log_settings?.[0]?.format || !/^\$\{jsonencode\(/.test(stage.body.access_log_settings[0].format)) ctx.error(C, `${where(ctx, stage, 'access_log_settings')}: the $default stage needs access_log_settings with a JSON (jsonencode) format`);
  ctx.summary.push(`routes: ${count} routes of routes.json, each with its integration and authorization`);
}

// ---------------------------------------------------------------------------------------------
export function checkFunctions(ctx) {
  const C = 'functions';
  const functions = localValue(ctx, 'functions');
  if (!functions || typeof functions !== 'object') {
    ctx.error(C, 'terraform/: local.functions (the map the functions, roles and integrations iterate over) is missing or not a literal map');
    return;
  }
  const all = resourcesOf(ctx, 'aws_lambda_function');
  // Besides the for_each over local.functions, the one streaming function (streaming.tf) may exist.
  const streams = all.filter((r) => r.name === 'stream');
  const lambdas = all.filter((r) => r.name !== 'stream');
  if (lambdas.length !== 1) ctx.error(C, `terraform/: expected exactly one aws_lambda_function resource (for_each over local.functions) besides the streaming one, found ${lambdas.length}`);
  for (const st of streams) checkStreamFunction(ctx, st, functions);
  const fn = lambdas[0];
  if (fn) {
    const b = fn.body;
    const w = (n) => where(ctx, fn, n);
    if (bare(b.for_each) !== 'local.functions') ctx.error(C, `${w('for_each')}: for_each must be local.functions`);
    if (bare(b.handler) !== 'each.value.handler') ctx.error(C, `${w('handler')}: handler must be each.value.handler`);
    if (b.runtime !== 'java21') ctx.error(C, `${w('runtime')}: runtime must be java21`);
    if (b.publish !== true) ctx.error(C, `${w('publish')}: publish must be true (SnapStart applies to published versions)`);
    if (b.snap_start?.[0]?.apply_on !== 'PublishedVersions') ctx.error(C, `${w('snap_start')}: snap_start { apply_on = "PublishedVersions" } is required`);
    const jarLocal = bare(b.filename)?.match(/^local\.(\w+)\[each\.key\]$/)?.[1];
    const jarExpr = String(jarLocal ? localValue(ctx, jarLocal) : b.filename);
    if (!/\$\{(each\.value|\w+)\.module\}\/target\/\$\{\1\.module\}\.jar[" }]*$/.test(jarExpr)) ctx.error(C, `${w('filename')}: filename must be <module>/target/<module>.jar (the shaded jar), is ${JSON.stringify(b.filename)}`);
    if (bare(b.environment?.[0]?.variables) !== 'local.function_environment[each.key]') ctx.error(C, `${w('environment')}: environment.variables must be local.function_environment[each.key] (the one place environments are assembled)`);
    if (!['["${var.architecture}"]', '"${[var.architecture]}"'].includes(JSON.stringify(b.architectures))) ctx.error(C, `${w('architectures')}: architectures must be [var.architecture]`);
    if (!/aws_iam_role\.\w+\[each\.key\]\.arn/.test(bare(b.role) ?? '')) ctx.error(C, `${w('role')}: role must be the function's own role (aws_iam_role.<name>[each.key].arn)`);
  }
  const aliases = resourcesOf(ctx, 'aws_lambda_alias');
  if (!aliases.some((a) => bare(a.body.for_each) === 'local.functions' && /aws_lambda_function\.\w+\[each\.key\]\.version/.test(bare(a.body.function_version) ?? ''))) ctx.error(C, 'terraform/: every function needs an aws_lambda_alias (for_each = local.functions) on its published version');
  const groups = resourcesOf(ctx, 'aws_cloudwatch_log_group');
  if (!groups.some((g) => bare(g.body.for_each) === 'local.functions')) ctx.error(C, 'terraform/: every function needs its Terraform-managed aws_cloudwatch_log_group (for_each = local.functions)');
  for (const g of groups) {
    if (bare(g.body.retention_in_days) !== 'var.log_retention_days') ctx.error(C, `${where(ctx, g, 'retention_in_days')}: retention_in_days must be var.log_retention_days`);
    if (g.body.skip_destroy === true) ctx.error(C, `${where(ctx, g, 'skip_destroy')}: skip_destroy = true would leave the log group behind on destroy`);
  }
  const roles = resourcesOf(ctx, 'aws_iam_role');
  if (!roles.some((r) => bare(r.body.for_each) === 'local.functions')) ctx.error(C, 'terraform/: one aws_iam_role per function (for_each = local.functions) is required');

  for (const [name, f] of Object.entries(functions)) {
    const module = f.module;
    if (typeof module !== 'string' || !fs.existsSync(path.join(ctx.root, module, 'pom.xml'))) {
      ctx.error(C, `local.functions.${name}: module ${JSON.stringify(module)} is not a Maven module of the repository`);
      continue;
    }
    const pom = fs.readFileSync(path.join(ctx.root, module, 'pom.xml'), 'utf8');
    const artifact = pom.replace(/<parent>[\s\S]*?<\/parent>/, '').match(/<artifactId>([^<]+)<\/artifactId>/)?.[1];
    if (artifact !== module) ctx.error(C, `local.functions.${name}: ${module}/pom.xml's artifactId is ${artifact}, so the jar is not ${module}/target/${module}.jar`);
    if (!/maven-shade-plugin/.test(pom)) ctx.error(C, `local.functions.${name}: ${module}/pom.xml does not build the shaded Lambda jar (maven-shade-plugin)`);
    if (typeof f.handler !== 'string') {
      ctx.error(C, `local.functions.${name}: handler must be a literal "package.Class::method"`);
    } else {
      const h = handlerExists(ctx.root, module, f.handler);
      if (!h.ok) ctx.error(C, `local.functions.${name}: handler ${f.handler}: ${h.why}`);
    }
    if (!f.tables || typeof f.tables !== 'object' || Array.isArray(f.tables)) ctx.error(C, `local.functions.${name}: tables must be a literal map of table => DynamoDB actions`);
    else for (const t of Object.keys(f.tables)) if (!ctx.tables[t]) ctx.error(C, `local.functions.${name}.tables: "${t}" is not a table of tables.json`);
  }
  for (const v of ['gateway_timeout_seconds', 'auth_timeout_seconds', 'usage_timeout_seconds']) {
    const d = ctx.tf.variables.find((x) => x.name === v);
    if (d && !(d.body.default < 30)) ctx.error(C, `${d.file} variable.${v}: default must be under the HTTP API's 30 s`);
    if (d && !(d.body.validation ?? []).some((val) => /< 30|<= 29/.test(String(val.condition)))) ctx.error(C, `${d.file} variable.${v}: needs a validation keeping it under 30 s`);
  }
  ctx.summary.push(`functions: ${Object.keys(functions).length} functions, handlers found in their modules`);
}

/**
 * The streaming function (docs/streaming.md): the gateway's jar, role and environment (plus only
 * the exec wrapper that starts its runtime loop), a handler that exists in the gateway's module,
 * and a function URL in RESPONSE_STREAM mode (a BUFFERED URL would deliver the stream at once).
 */
function checkStreamFunction(ctx, st, functions) {
  const C = 'functions';
  const b = st.body;
  const w = (n) => where(ctx, st, n);
  const gw = Object.entries(functions).find(([, f]) => f.module === 'gateway-function')?.[0] ?? 'gateway';
  if (b.runtime !== 'java21') ctx.error(C, `${w('runtime')}: runtime must be java21 (the exec wrapper runs its JVM)`);
  if (bare(b.role) !== `aws_iam_role.this["${gw}"].arn`) ctx.error(C, `${w('role')}: role must be the gateway's (aws_iam_role.this["${gw}"].arn): the same code, the same grants`);
  if (bare(b.filename) !== `local.jar_paths["${gw}"]`) ctx.error(C, `${w('filename')}: filename must be the gateway's jar (local.jar_paths["${gw}"])`);
  const env = String(bare(b.environment?.[0]?.variables) ?? '');
  if (!env.startsWith(`merge(local.function_environment["${gw}"]`) || (env.match(/\b[A-Z][A-Z0-9_]+\s*=/g) ?? []).some((m) => !/^AWS_LAMBDA_EXEC_WRAPPER/.test(m))) {
    ctx.error(C, `${w('environment')}: environment.variables must be merge(local.function_environment["${gw}"], {AWS_LAMBDA_EXEC_WRAPPER = ...}) and nothing else`);
  }
  if (typeof b.handler !== 'string') ctx.error(C, `${w('handler')}: handler must be a literal "package.Class::method"`);
  else {
    const h = handlerExists(ctx.root, 'gateway-function', b.handler);
    if (!h.ok) ctx.error(C, `${w('handler')}: handler ${b.handler}: ${h.why}`);
  }
  const urls = resourcesOf(ctx, 'aws_lambda_function_url').filter((u) => /aws_lambda_function\.stream\b/.test(String(bare(u.body.function_name))));
  if (urls.length !== 1) ctx.error(C, `${where(ctx, st)}: the streaming function needs one aws_lambda_function_url`);
  for (const u of urls) {
    if (u.body.invoke_mode !== 'RESPONSE_STREAM') ctx.error(C, `${where(ctx, u, 'invoke_mode')}: invoke_mode must be RESPONSE_STREAM (BUFFERED delivers the stream at once)`);
  }
}

// ---------------------------------------------------------------------------------------------
/** The environment variables Terraform sets per function: {always: Set, sometimes: Set}. */
export function terraformEnvironment(ctx) {
  const C = 'environment';
  const functions = localValue(ctx, 'functions') ?? {};
  const result = new Map(Object.keys(functions).map((n) => [n, { always: new Set(), sometimes: new Set() }]));
  const expr = bare(localValue(ctx, 'function_environment'));
  const m = expr?.match(/^\{ ?for (\w+), (\w+) in local\.functions ?: ?\1 ?=> ?merge\(([\s\S]*)\) ?\}$/);
  if (!m) {
    ctx.error(C, `local.function_environment must be { for name, fn in local.functions : name => merge(...) }, is ${JSON.stringify(localValue(ctx, 'function_environment'))}`);
    return result;
  }
  const [, nameVar, fnVar, args] = m;
  const literalKeys = (text) => [...text.matchAll(/(?:^|[{,\s])"?([A-Z][A-Z0-9_]*)"?\s*=(?!=)/g)].map((x) => x[1]);
  for (const part of splitTopLevel(args)) {
    const local = part.match(/^local\.(\w+)$/)?.[1];
    if (local) {
      const v = localValue(ctx, local);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const set of result.values()) for (const k of Object.keys(v)) set.always.add(k);
      } else if (typeof v === 'string' && /\?/.test(v)) {
        for (const set of result.values()) for (const k of literalKeys(bare(v))) set.sometimes.add(k);
      } else {
        ctx.error(C, `local.function_environment: cannot tell which variables local.${local} sets (use a literal map, or cond ? {} : { NAME = ... })`);
      }
      continue;
    }
    const flagged = part.match(new RegExp(`^${fnVar}\\.(\\w+) \\? local\\.(\\w+) : \\{\\}$`));
    if (flagged) {
      const v = localValue(ctx, flagged[2]);
      const keys = v && typeof v === 'object' ? Object.keys(v) : typeof v === 'string' ? literalKeys(bare(v)) : [];
      if (!keys.length) ctx.error(C, `local.function_environment: cannot tell which variables local.${flagged[2]} sets`);
      for (const [n, f] of Object.entries(functions)) {
        if (typeof f[flagged[1]] !== 'boolean') ctx.error(C, `local.functions.${n}.${flagged[1]} must be true or false`);
        if (f[flagged[1]] === true) for (const k of keys) (v && typeof v === 'object' ? result.get(n).always : result.get(n).sometimes).add(k);
      }
      continue;
    }
    if (part === `${fnVar}.environment`) {
      for (const [n, f] of Object.entries(functions)) {
        if (!f.environment || typeof f.environment !== 'object') ctx.error(C, `local.functions.${n}.environment must be a literal map`);
        else for (const k of Object.keys(f.environment)) result.get(n).always.add(k);
      }
      continue;
    }
    const declared = settingsPart(ctx, part, nameVar);
    if (declared) {
      for (const n of Object.keys(functions)) {
        for (const [env, s] of Object.entries(ctx.settings ?? {})) {
          if (s.terraform == null || !(s.functions ?? []).includes(n)) continue;
          // an empty value is left unset: a string variable may be empty
          (declared.dropsEmpty && s.type === 'string' ? result.get(n).sometimes : result.get(n).always).add(env);
        }
      }
      continue;
    }
    if (new RegExp(`^\\{ ?for (\\w+) in keys\\(${fnVar}\\.tables\\) ?: ?local\\.tables\\[\\1\\]\\.env ?=>`).test(part)) {
      for (const [n, f] of Object.entries(functions)) for (const t of Object.keys(f.tables ?? {})) if (ctx.tables[t]) result.get(n).always.add(ctx.tables[t].env);
      continue;
    }
    const flat = part.replace(/\$\{[^{}]*\}/g, '');
    if (/^\{[^{}]*\}$/.test(flat) && !/\bfor\b/.test(flat)) {
      for (const set of result.values()) for (const k of literalKeys(part)) set.always.add(k);
      continue;
    }
    ctx.error(C, `local.function_environment: cannot tell which variables "${part}" sets`);
  }
  return result;
}

/**
 * A merge() part that sets each function the declared settings it reads from Terraform variables:
 *   { for env, value in local.<L> : env => value if [value != "" &&] contains(local.settings[env].functions, <name>) }
 * with local.<L> = { for env, s in local.settings : env => local.setting_values[s.terraform] if s.terraform != null }.
 * Returns {dropsEmpty} when the part is of that form, else null.
 */
function settingsPart(ctx, part, nameVar) {
  const m = part.match(/^\{ ?for (\w+), (\w+) in local\.(\w+) ?: ?\1 ?=> ?\2 if (.+?) ?\}$/);
  if (!m) return null;
  const [, k, v, local, cond] = m;
  const source = bare(localValue(ctx, local)) ?? '';
  const sm = source.match(/^\{ ?for (\w+), (\w+) in local\.settings ?: ?\1 ?=> ?local\.setting_values\[\2\.terraform\] if \2\.terraform != null ?\}$/);
  if (!sm) return null;
  const parts = cond.split(/\s*&&\s*/);
  if (!parts.includes(`contains(local.settings[${k}].functions, ${nameVar})`)) return null;
  const rest = parts.filter((c) => c !== `contains(local.settings[${k}].functions, ${nameVar})`);
  if (rest.some((c) => c !== `${v} != ""`)) return null;
  return { dropsEmpty: rest.length > 0 };
}

export function checkEnvironment(ctx) {
  const C = 'environment';
  const functions = localValue(ctx, 'functions') ?? {};
  const settings = ctx.settings ?? {};
  const local = localOnly(settings);
  const library = libraryRead(settings);
  const set = terraformEnvironment(ctx);
  const lines = [];
  for (const [name, f] of Object.entries(functions)) {
    if (typeof f.module !== 'string') continue;
    const reads = envReads(ctx.java, f.module, ctx.tables, settings);
    const tf = set.get(name);
    const all = new Set([...tf.always, ...tf.sometimes]);
    for (const [v, r] of reads) {
      const s = settings[v];
      if (!s) {
        ctx.error(C, `${name} (${f.module}): reads ${v} (${r.where[0]}), which settings.json does not declare (declare it, with its default, range and readers)`);
      } else if (!(s.functions ?? []).includes(name)) {
        ctx.error(C, `${name} (${f.module}): reads ${v} (${r.where[0]}), but settings.json does not list ${name} among its readers (${(s.functions ?? []).join(', ')})${s.set_by === 'terraform' ? `, so Terraform does not give it to ${name}` : ''}`);
      } else if (s.set_by === 'terraform' && !all.has(v)) {
        ctx.error(C, `${name} (${f.module}): reads ${v} (${r.where[0]}), which settings.json says Terraform sets, but Terraform does not set it for ${name}`);
      }
      if (has(RUNTIME_PROVIDED, v) || local.has(v)) {
        if (r.required && local.has(v)) ctx.error(C, `${name} (${f.module}): requires ${v}, which is local-runtime-only and never set on Lambda (${r.where[0]})`);
        continue;
      }
      if (r.required && !tf.always.has(v)) ctx.error(C, `${name} (${f.module}): requires ${v} (${r.where[0]}) but Terraform does not ${tf.sometimes.has(v) ? 'always ' : ''}set it`);
    }
    for (const v of all) {
      const s = settings[v];
      if (has(RUNTIME_PROVIDED, v)) ctx.error(C, `${name}: Terraform sets ${v}, which the Lambda runtime provides (reserved)`);
      else if (local.has(v)) ctx.error(C, `${name}: Terraform sets ${v}, which only the local runtime uses`);
      else if (!s) ctx.error(C, `${name}: Terraform sets ${v}, which settings.json does not declare`);
      else if (!(s.functions ?? []).includes(name)) ctx.error(C, `${name}: Terraform sets ${v}, but settings.json does not list ${name} among its readers (${(s.functions ?? []).join(', ')})`);
      else if (s.set_by !== 'terraform') ctx.error(C, `${name}: Terraform sets ${v}, which settings.json says is set by ${s.set_by}`);
      if (!reads.has(v) && !library.has(v) && !has(RUNTIME_PROVIDED, v) && !local.has(v)) ctx.error(C, `${name}: Terraform sets ${v} but nothing in ${f.module} (or the shared-core classes it uses) reads it`);
    }
    // What settings.json says this function reads, it reads (a library setting is the library's).
    for (const [v, s] of Object.entries(settings)) {
      if (!(s.functions ?? []).includes(name)) continue;
      if (s.read_by !== 'library' && !reads.has(v)) ctx.error(C, `settings.json lists ${name} among the readers of ${v}, but nothing in ${f.module} (or the shared-core classes it uses) reads it`);
      if (s.set_by === 'terraform' && !all.has(v) && !reads.has(v)) ctx.error(C, `settings.json says Terraform sets ${v} for ${name}, but Terraform does not`);
    }
    const defaulted = [...reads].filter(([v, r]) => !r.required && !all.has(v) && !has(RUNTIME_PROVIDED, v) && !local.has(v)).map(([v]) => v);
    lines.push(`${name}: sets ${[...all].sort().join(', ')}${defaulted.length ? `; left to their defaults: ${defaulted.sort().join(', ')}` : ''}`);
  }
  ctx.summary.push(`environment: ${lines.join(' | ')}`);
}

// ---------------------------------------------------------------------------------------------
export function checkTables(ctx) {
  const C = 'tables';
  const blocks = resourcesOf(ctx, 'aws_dynamodb_table');
  if (blocks.length !== 1) {
    ctx.error(C, `terraform/: expected exactly one aws_dynamodb_table resource (for_each over tables.json), found ${blocks.length}`);
    return;
  }
  const t = blocks[0];
  const b = t.body;
  const w = (n) => where(ctx, t, n);
  const src = fileArgument(ctx, b.for_each);
  const tablesFile = path.normalize(`${RESOURCES_DIR}/tables.json`);
  if (src !== tablesFile) ctx.error(C, `${w('for_each')}: for_each must be the decoded ${tablesFile} (jsondecode(file(...)).tables), is ${JSON.stringify(b.for_each)}`);
  const expect = {
    billing_mode: (v) => v === 'PAY_PER_REQUEST' || 'must be PAY_PER_REQUEST',
    hash_key: (v) => bare(v) === 'each.value.hash_key' || 'must be each.value.hash_key',
    range_key: (v) => bare(v) === 'each.value.range_key' || 'must be each.value.range_key',
    deletion_protection_enabled: (v) => bare(v) === 'var.deletion_protection' || 'must be var.deletion_protection',
  };
  for (const [k, test] of Object.entries(expect)) {
    const r = test(b[k]);
    if (r !== true) ctx.error(C, `${w(k)}: ${k} ${r}, is ${JSON.stringify(b[k])}`);
  }
  const dyn = b.dynamic ?? {};
  if (bare(dyn.attribute?.[0]?.for_each) !== 'each.value.attributes') ctx.error(C, `${w('attribute')}: attributes must come from dynamic "attribute" { for_each = each.value.attributes }`);
  const gsi = dyn.global_secondary_index?.[0];
  if (bare(gsi?.for_each) !== 'each.value.global_secondary_indexes' || bare(gsi?.content?.[0]?.hash_key) !== 'global_secondary_index.value.hash_key' || bare(gsi?.content?.[0]?.range_key) !== 'global_secondary_index.value.range_key') {
    ctx.error(C, `${w('global_secondary_index')}: indexes must come from dynamic "global_secondary_index" { for_each = each.value.global_secondary_indexes } with hash_key/range_key from the index`);
  }
  if (!/each\.value\.ttl_attribute/.test(String(dyn.ttl?.[0]?.for_each))) ctx.error(C, `${w('ttl')}: TTL must come from each.value.ttl_attribute (dynamic "ttl")`);
  if (bare(b.point_in_time_recovery?.[0]?.enabled) !== 'each.value.point_in_time_recovery') ctx.error(C, `${w('point_in_time_recovery')}: point_in_time_recovery.enabled must be each.value.point_in_time_recovery`);
  if (b.server_side_encryption?.[0]?.enabled !== true) ctx.error(C, `${w('server_side_encryption')}: server_side_encryption { enabled = true } is required`);
  const dp = ctx.tf.variables.find((v) => v.name === 'deletion_protection');
  if (dp && dp.body.default !== false) ctx.error(C, `${dp.file} variable.deletion_protection: must default to false so that destroy removes the tables`);

  // tables.json itself: DynamoDB rejects attribute definitions that no key uses, and keys without definitions.
  for (const [name, spec] of Object.entries(ctx.tables)) {
    const keys = [spec.hash_key, spec.range_key, ...(spec.global_secondary_indexes ?? []).flatMap((i) => [i.hash_key, i.range_key])].filter(Boolean);
    for (const k of keys) if (!spec.attributes?.[k]) ctx.error(C, `tables.json ${name}: key attribute "${k}" has no entry in attributes`);
    for (const a of Object.keys(spec.attributes ?? {})) if (!keys.includes(a)) ctx.error(C, `tables.json ${name}: attribute "${a}" is not a key of the table or an index (DynamoDB rejects it)`);
    for (const [a, type] of Object.entries(spec.attributes ?? {})) if (!['S', 'N', 'B'].includes(type)) ctx.error(C, `tables.json ${name}: attribute "${a}" has type ${type}, not S, N or B`);
    if (!/^[A-Z][A-Z0-9_]*_TABLE$/.test(spec.env ?? '')) ctx.error(C, `tables.json ${name}: env ${JSON.stringify(spec.env)} is not a *_TABLE variable name`);
  }
  // shared-core's key-name constants agree with tables.json (the code uses the constants).
  const tablesJava = ctx.java.byFqn.get('com.llmgateway.core.store.Tables');
  if (tablesJava) {
    const c = tablesJava.constants;
    for (const [name, spec] of Object.entries(ctx.tables)) {
      if (c.has('PK') && spec.hash_key !== c.get('PK')) ctx.error(C, `tables.json ${name}: hash_key ${spec.hash_key} differs from Tables.PK "${c.get('PK')}"`);
      if (c.has('SK') && spec.range_key !== null && spec.range_key !== c.get('SK')) ctx.error(C, `tables.json ${name}: range_key ${spec.range_key} differs from Tables.SK "${c.get('SK')}"`);
      if (c.has('TTL') && spec.ttl_attribute !== null && spec.ttl_attribute !== c.get('TTL')) ctx.error(C, `tables.json ${name}: ttl_attribute ${spec.ttl_attribute} differs from Tables.TTL "${c.get('TTL')}"`);
      for (const i of spec.global_secondary_indexes ?? []) {
        if (c.has('GSI1') && i.name === c.get('GSI1') && (i.hash_key !== c.get('GSI1_PK') || i.range_key !== c.get('GSI1_SK'))) ctx.error(C, `tables.json ${name}: index ${i.name} keys differ from Tables.GSI1_PK/GSI1_SK`);
      }
    }
    for (const [constName, logical] of [...c].filter(([k]) => ['KEYS', 'RATE_LIMITS', 'CACHE', 'USAGE'].includes(k))) {
      if (!ctx.tables[logical]) ctx.error(C, `Tables.${constName} = "${logical}" has no entry in tables.json`);
    }
  }
  ctx.summary.push(`tables: ${Object.keys(ctx.tables).length} tables from tables.json (${Object.keys(ctx.tables).join(', ')})`);
}

// ---------------------------------------------------------------------------------------------
export function checkIam(ctx) {
  const C = 'iam';
  let statements = 0;
  const docs = ctx.tf.data.filter((d) => d.type === 'aws_iam_policy_document');
  for (const doc of docs) {
    const all = [...(doc.body.statement ?? []).map((s) => ({ s, how: 'statement' }))];
    for (const d of doc.body.dynamic?.statement ?? []) for (const c of d.content ?? []) all.push({ s: c, how: 'dynamic statement' });
    for (const { s, how } of all) {
      statements++;
      const label = `${doc.file} ${doc.address} ${how}${s.sid ? ` ${JSON.stringify(s.sid)}` : ''}`;
      if (s.effect !== undefined && s.effect !== 'Allow') continue;
      if (s.not_resources !== undefined) ctx.error(C, `${label}: not_resources grants everything else; name the resources`);
      if (s.not_actions !== undefined) ctx.error(C, `${label}: not_actions grants every other action; name the actions`);
      const actions = Array.isArray(s.actions) ? s.actions : [];
      for (const a of actions) if (typeof a === 'string' && /\*/.test(a) && !a.startsWith('${')) ctx.error(C, `${label}: action "${a}" is a wildcard; list the actions used`);
      if (s.principals && !s.resources) continue; // trust policy
      const resources = s.resources;
      const items = Array.isArray(resources) ? resources : [resources];
      for (const r of items) {
        if (typeof r !== 'string') continue;
        if (r === '*' || bare(r) === '"*"' || bare(r) === '["*"]') {
          const notAllowed = actions.filter((a) => !STAR_RESOURCE_ACTIONS[a]);
          if (notAllowed.length || !actions.length) ctx.error(C, `${label}: resources = ["*"] for ${notAllowed.join(', ') || 'unlisted actions'}; name the ARNs (only actions AWS authorizes solely on "*" may use it, see STAR_RESOURCE_ACTIONS)`);
        } else if (/\*/.test(r.replace(/\$\{[^}]*\}/g, '')) && !/\.arn\}:\*$/.test(r)) {
          const near = r.replace(/\s+/g, ' ').match(/.{0,40}\*.{0,10}/)?.[0];
          ctx.error(C, `${label}: resource has a wildcard (…${near}…); name the ARNs (a log group's "<arn>:*" for its streams is the one exception)`);
        }
      }
      if (resources === undefined && !s.principals) ctx.error(C, `${label}: has no resources`);
    }
  }
  // Policies are built with aws_iam_policy_document, never inline JSON.
  for (const r of ctx.tf.resources.filter((x) => x.type.startsWith('aws_iam_'))) {
    for (const k of ['policy', 'assume_role_policy']) {
      if (r.body[k] !== undefined && !/^\$\{data\.aws_iam_policy_document\.\w+(\[[^\]]+\])?\.json\}$/.test(r.body[k])) ctx.error(C, `${where(ctx, r, k)}: ${k} must be an aws_iam_policy_document's json`);
    }
  }
  for (const r of ctx.tf.resources.filter((x) => ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment'].includes(x.type))) {
    if (/AdministratorAccess|FullAccess|PowerUser/.test(String(r.body.policy_arn))) ctx.error(C, `${where(ctx, r)}: attaches a broad managed policy ${r.body.policy_arn}`);
  }
  // The gateway's Bedrock statement is limited to the catalog's model ARNs.
  const bedrockOk = docs.some((d) => (d.body.dynamic?.statement ?? []).concat(d.body.statement ?? []).some((s) => {
    const c = s.content?.[0] ?? s;
    return (c.actions ?? []).includes('bedrock:InvokeModel') && /local\.bedrock_\w+_arns/.test(String(c.resources));
  }));
  if (!bedrockOk) ctx.error(C, 'terraform/: no policy statement grants bedrock:InvokeModel on the catalog-derived ARNs (local.bedrock_*_arns)');
  const bedrockArns = bare(localValue(ctx, 'bedrock_foundation_model_arns')) ?? '';
  if (!/local\.catalog/.test(bedrockArns + bare(localValue(ctx, 'catalog_model_ids') ?? ''))) ctx.error(C, 'local.bedrock_foundation_model_arns must be derived from the model catalog');
  ctx.summary.push(`iam: ${statements} policy statements, no "*" resource outside the allow-list`);
}

// ---------------------------------------------------------------------------------------------
export function checkSeed(ctx) {
  const C = 'seed';
  const items = resourcesOf(ctx, 'aws_dynamodb_table_item');
  const kinds = { team: null, key: null, pointer: null };
  for (const i of items) {
    const attrs = seedAttributes(String(i.body.item));
    const pk = attrs.get('pk')?.value ?? '';
    const kind = /"TEAM#/.test(pk) ? 'team' : /"KEYID#/.test(pk) ? 'pointer' : /"KEY#/.test(pk) ? 'key' : null;
    if (kind) kinds[kind] = { block: i, attrs };
  }
  if (!kinds.key) ctx.error(C, 'terraform/: no aws_dynamodb_table_item seeds the demo keys (pk = "KEY#<sha256 hex>")');
  else if (!/sha256\(|_hash\[/.test(kinds.key.attrs.get('pk')?.value ?? '')) ctx.error(C, `${where(ctx, kinds.key.block)}: the key item's pk must be "KEY#" + the SHA-256 of the key`);
  if (!kinds.team) ctx.error(C, 'terraform/: no aws_dynamodb_table_item seeds the demo team (pk = "TEAM#<id>")');
  for (const i of items) {
    const text = String(i.body.item);
    if (/demo_key_plaintext/.test(text) && !/substr\(local\.demo_key_plaintext[^)]*, -4, 4\)/.test(text)) ctx.error(C, `${where(ctx, i)}: writes a plaintext key into the table (only its hash and a 4-character hint may be stored)`);
    if (/random_bytes\.\w+\[[^\]]+\]\.base64/.test(text)) ctx.error(C, `${where(ctx, i)}: stores a key's random value; store only its SHA-256`);
  }
  const plain = String(localValue(ctx, 'demo_key_plaintext') ?? '');
  if (plain && !/lgw_/.test(plain)) ctx.error(C, 'local.demo_key_plaintext: keys must have the "lgw_" prefix of ApiKeys');

  // The items have exactly the attributes (and DynamoDB types) that the keys store writes.
  const formats = { team: ['TeamItem', 'toItem'], key: ['ApiKeyItem', 'toItem'], pointer: ['ApiKeyItem', 'toPointer'] };
  let compared = 0;
  for (const [kind, [cls, method]] of Object.entries(formats)) {
    const file = ctx.java.shared.find((f) => f.simpleName === cls);
    if (!file || !kinds[kind]) continue;
    const java = javaItemFormat(ctx, file, method);
    if (!java) continue;
    compared++;
    const tf = kinds[kind].attrs;
    const label = `${where(ctx, kinds[kind].block)} (${kind} item)`;
    for (const [name, a] of tf) {
      const j = java.get(name);
      if (!j) ctx.error(C, `${label}: attribute "${name}" is not written by ${cls}.${method} (${file.rel})`);
      else if (j.type && a.type && j.type !== a.type) ctx.error(C, `${label}: attribute "${name}" is ${a.type}, ${cls}.${method} writes ${j.type}`);
    }
    for (const [name, j] of java) if (j.always && !tf.has(name)) ctx.error(C, `${label}: lacks attribute "${name}", which ${cls}.${method} always writes`);
  }
  ctx.summary.push(`seed: demo team and keys seeded as hashes${compared ? `; ${compared} item formats compared with the keys store's item classes` : ' (keys store item classes not found: format not compared)'}`);
}

/** name => {type, value} of the top-level attributes of item = jsonencode({ name = { S = ... } ... }). */
function seedAttributes(text) {
  const out = new Map();
  const m = text.match(/jsonencode\(\{([\s\S]*)\}\)/);
  if (!m) return out;
  for (const line of splitTopLevel(m[1], '\n')) {
    const a = line.match(/^(\w+)\s*=\s*\{\s*(\w+)\s*=\s*([\s\S]*)\}$/);
    if (a) out.set(a[1], { type: a[2], value: a[3].trim() });
  }
  return out;
}

/** name => {type, always} from the item.put(...) calls of a Java item mapper's method. */
function javaItemFormat(ctx, file, method) {
  const start = file.text.search(new RegExp(`static [\\w<>, ]+ ${method}\\(`));
  if (start < 0) return null;
  const end = file.text.indexOf('\n    }\n', start);
  const body = file.text.slice(start, end);
  const tables = ctx.java.byFqn.get('com.llmgateway.core.store.Tables')?.constants ?? new Map();
  const out = new Map();
  const base = body.match(/\n(\s+)(?:item\.put|putIfPresent)\(/)?.[1].length;
  for (const m of body.matchAll(/\n(\s+)(item\.put|putIfPresent)\(\s*(?:item,\s*)?(?:"(\w+)"|Tables\.(\w+))\s*,\s*([^\n]*)/g)) {
    const name = m[3] ?? tables.get(m[4]);
    if (!name) continue;
    const v = m[5];
    const type = m[2] === 'putIfPresent' ? 'S' : /fromSs\(/.test(v) ? 'SS' : /fromL\(/.test(v) ? 'L' : /fromM\(|^limits\(/.test(v) ? 'M'
      : /fromBool\(/.test(v) ? 'BOOL' : /^n\(|fromN\(/.test(v) ? 'N' : /^s\(|fromS\(/.test(v) ? 'S' : null;
    out.set(name, { type, always: m[2] === 'item.put' && m[1].length === base });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
/** Metrics the dashboard and alarms read from the functions' namespace are emitted by the code. */
export function dashboardMetrics(ctx) {
  const names = new Map();
  const widgets = localValue(ctx, 'dashboard_widgets');
  if (Array.isArray(widgets)) for (const w of widgets) if (typeof w.metric === 'string') names.set(w.metric, 'local.dashboard_widgets');
  for (const r of ctx.tf.resources.filter((x) => x.type.startsWith('aws_cloudwatch_'))) {
    for (const e of expressions(r.body)) {
      // Metrics Insights over our namespace: SELECT SUM(Name) FROM "<namespace>"
      for (const m of e.matchAll(/SELECT\s+\w+\((\w+)\)\s+FROM\s+(?:\\?"\$\{var\.metrics_namespace\}|\$\{local\.metrics_from\})/g)) names.set(m[1], r.address);
    }
    for (const q of [...(r.body.metric_query ?? [])]) {
      for (const mm of q.metric ?? []) if (bare(mm.namespace) === 'var.metrics_namespace') names.set(mm.metric_name, r.address);
    }
  }
  return names;
}

export function checkMetrics(ctx) {
  const C = 'metrics';
  const names = dashboardMetrics(ctx);
  if (!names.size) return;
  const emitted = new Set();
  const dirs = ['shared-core', ...Object.values(localValue(ctx, 'functions') ?? {}).map((f) => f.module).filter(Boolean)];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.java')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/"([A-Z][A-Za-z0-9]+)"/g)) emitted.add(m[1]);
    }
  };
  for (const d of dirs) walk(path.join(ctx.root, d, 'src', 'main', 'java'));
  for (const [n, where] of names) {
    if (!emitted.has(n)) ctx.error(C, `${where} reads metric "${n}", but no Java source of the functions emits a metric of that name`);
  }
  ctx.summary.push(`metrics: ${names.size} dashboard/alarm metrics (${[...names.keys()].join(', ')}) emitted by the code`);
}

// ---------------------------------------------------------------------------------------------
/**
 * local.functions takes each function's grants from iam.json (tables = local.grants.<fn>.dynamodb,
 * bedrock = local.grants.<fn>.bedrock, with local.grants = jsondecode(file(".../iam.json")).functions).
 * Replaces those references in the parsed locals with iam.json's values, so that every check reads
 * the grants Terraform will apply. Literal maps are left as they are.
 */
export function resolveGrants(ctx) {
  const C = 'iam';
  const functions = localValue(ctx, 'functions');
  if (!functions || typeof functions !== 'object') return;
  const file = fileArgument(ctx, localValue(ctx, 'grants'));
  const decoded = /^jsondecode\(file\(".*"\)\)\.functions$/.test(bare(localValue(ctx, 'grants')) ?? '');
  let grants = null;
  if (file && decoded) {
    try {
      grants = JSON.parse(fs.readFileSync(path.join(ctx.root, file), 'utf8')).functions ?? {};
    } catch (e) {
      ctx.error(C, `${file}: ${e.message}`);
    }
  }
  for (const [name, f] of Object.entries(functions)) {
    for (const [field, key] of [['tables', 'dynamodb'], ['bedrock', 'bedrock']]) {
      const ref = typeof f[field] === 'string' ? bare(f[field])?.match(/^local\.grants\.(\w+)\.(\w+)$/) : null;
      if (!ref) continue;
      if (!grants) {
        ctx.error(C, `local.functions.${name}.${field} refers to local.grants, which must be jsondecode(file("<resources>/iam.json")).functions`);
        f[field] = field === 'tables' ? {} : false;
        continue;
      }
      if (ref[1] !== name || ref[2] !== key) ctx.error(C, `local.functions.${name}.${field} must be local.grants.${name}.${key}, is local.grants.${ref[1]}.${ref[2]}`);
      f[field] = grants[ref[1]]?.[ref[2]] ?? (field === 'tables' ? {} : false);
    }
  }
}

/**
 * The DynamoDB actions a function's role grants on each table (local.functions[fn].tables) are the
 * ones its code calls on that table: data-plane calls on a DynamoDbClient in the function's module
 * and the shared-core classes it reaches (table creation in Tables is local-only and not counted).
 * The table of a call is the tableName(...) inside it, else the one table the file names; a name
 * is known by its identifier (usageTable, config.rateLimitsTable(), keysTable...) or, for a
 * generic one (table), by the single tables.json table the file refers to (Tables.spec(Tables.X)).
 */
export const DYNAMODB_CALLS = {
  getItem: ['GetItem'], putItem: ['PutItem'], updateItem: ['UpdateItem'], deleteItem: ['DeleteItem'],
  query: ['Query'], queryPaginator: ['Query'], scan: ['Scan'], scanPaginator: ['Scan'],
  batchGetItem: ['BatchGetItem'], batchGetItemPaginator: ['BatchGetItem'], batchWriteItem: ['BatchWriteItem'],
  transactGetItems: ['GetItem'],
};
/** What a DynamoDbTable / DynamoDbIndex of the enhanced client sends for each of its operations. */
export const ENHANCED_CALLS = {
  getItem: ['GetItem'], putItem: ['PutItem'], updateItem: ['UpdateItem'], deleteItem: ['DeleteItem'],
  query: ['Query'], scan: ['Scan'],
};
const TRANSACT_ITEMS = { put: 'PutItem', update: 'UpdateItem', delete: 'DeleteItem', conditionCheck: 'ConditionCheckItem' };
const UNKNOWN_TABLE = '?';

/** The text of the call's argument list: from the "(" at open to its matching ")". */
function argumentsAt(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Which tables.json table an identifier names: usageTable, rateLimitsTable(), keysTable -> usage, rate_limits, keys. */
function tableOfIdentifier(ctx, ident) {
  const flat = ident.toLowerCase().replace(/_/g, '');
  let best = null;
  for (const logical of Object.keys(ctx.tables)) {
    const t = logical.toLowerCase().replace(/_/g, '');
    if (flat.startsWith(t) && (!best || t.length > best.length)) best = logical;
  }
  return best;
}

function fileTables(ctx, file) {
  const tableConstants = ctx.java.byFqn.get('com.llmgateway.core.store.Tables')?.constants ?? new Map();
  const found = new Set();
  for (const m of file.text.matchAll(/\bTables\.(?:spec\(\s*(?:Tables\.)?)?([A-Z][A-Z_]*)\b/g)) {
    const logical = tableConstants.get(m[1]);
    if (logical && ctx.tables[logical]) found.add(logical);
  }
  for (const m of file.text.matchAll(/\.tableName\(\s*([\w.]+(?:\(\))?)\s*\)/g)) {
    const t = tableOfIdentifier(ctx, m[1].replace(/\(\)$/, '').split('.').pop());
    if (t) found.add(t);
  }
  // the enhanced client's enhanced.table(cacheTable, SCHEMA)
  for (const m of file.text.matchAll(/\benhanced\w*\s*\.\s*table\(\s*(?:Objects\.requireNonNull\(\s*)?([\w.]+(?:\(\))?)/g)) {
    const t = tableOfIdentifier(ctx, m[1].replace(/\(\)$/, '').split('.').pop());
    if (t) found.add(t);
  }
  return found;
}

function tableOfCall(ctx, file, args) {
  const named = args.match(/\.tableName\(\s*([\w.]+(?:\(\))?)\s*\)/)
    ?? args.match(/requestItems\(\s*(?:java\.util\.)?Map\.of\(\s*([\w.]+(?:\(\))?)\s*,/);
  if (named) {
    const t = tableOfIdentifier(ctx, named[1].replace(/\(\)$/, '').split('.').pop());
    if (t) return t;
  }
  const inFile = fileTables(ctx, file);
  return inFile.size === 1 ? [...inFile][0] : UNKNOWN_TABLE;
}

/** table => action => [file:line] for one function module. */
export function dynamoDbActionsUsed(ctx, module) {
  const used = new Map();
  const add = (table, action, where) => {
    const t = used.get(table) ?? new Map();
    t.set(action, [...(t.get(action) ?? []), where]);
    used.set(table, t);
  };
  for (const file of ctx.java.closure(module)) {
    if (file.fqn === 'com.llmgateway.core.store.Tables') continue;
    const lineAt = (i) => file.text.slice(0, i).split('\n').length;
    // the enhanced client: a DynamoDbTable (or its index) field calling an operation; the table is
    // the one the file names (Tables.KEYS...), as for the low-level calls
    const tables = [...file.text.matchAll(/\bDynamoDb(?:Table|Index)<[^>]*>\s+(\w+)\s*[;=]/g)].map((t) => t[1]);
    for (const name of new Set(tables)) {
      const call = new RegExp(`\\b${name}\\s*(?:\\.\\s*index\\([^)]*\\))?\\s*\\.\\s*(\\w+)\\(`, 'g');
      for (const m of file.text.matchAll(call)) {
        for (const a of ENHANCED_CALLS[m[1]] ?? []) add(tableOfCall(ctx, file, ''), a, `${file.rel}:${lineAt(m.index)}`);
      }
    }
    // a DynamoDbClient field or variable named ddb/dynamo*/client... calling a data-plane operation
    for (const m of file.text.matchAll(/\b(?:ddb|dynamo\w*|dynamoDb\w*|client)\s*\.\s*(\w+)\(/gi)) {
      const args = argumentsAt(file.text, m.index + m[0].length - 1);
      for (const a of DYNAMODB_CALLS[m[1]] ?? []) add(tableOfCall(ctx, file, args), a, `${file.rel}:${lineAt(m.index)}`);
      if (m[1] === 'transactWriteItems') {
        for (const t of file.text.matchAll(/TransactWriteItem\.builder\(\)\s*\.\s*(put|update|delete|conditionCheck)\(/g)) {
          const item = argumentsAt(file.text, t.index + t[0].length - 1);
          add(tableOfCall(ctx, file, item), TRANSACT_ITEMS[t[1]], `${file.rel}:${lineAt(t.index)}`);
        }
      }
    }
  }
  return used;
}

export function checkDynamoDbActions(ctx) {
  const C = 'iam';
  const functions = localValue(ctx, 'functions') ?? {};
  const lines = [];
  for (const [name, f] of Object.entries(functions)) {
    if (typeof f.module !== 'string' || !f.tables || typeof f.tables !== 'object') continue;
    const used = dynamoDbActionsUsed(ctx, f.module);
    for (const [table, actions] of used) {
      for (const [action, at] of actions) {
        if (table === UNKNOWN_TABLE) {
          ctx.error(C, `${name} (${f.module}): calls DynamoDB ${action} (${at[0]}) on a table the verifier cannot tell: name it in tableName(...) by an identifier that starts with the table's name (usageTable, config.rateLimitsTable()) or refer to exactly one table in the file (Tables.spec(Tables.USAGE))`);
        } else if (!(f.tables[table] ?? []).includes(action)) {
          const elsewhere = Object.entries(f.tables).filter(([, a]) => a.includes(action)).map(([t]) => t);
          ctx.error(C, `${name} (${f.module}): calls DynamoDB ${action} on table ${table} (${at.slice(0, 3).join(', ')}) but local.functions.${name}.tables grants it ${elsewhere.length ? `only on ${elsewhere.join(', ')}` : 'on no table'}`);
        }
      }
    }
    for (const [table, actions] of Object.entries(f.tables)) {
      for (const action of actions) {
        if (!used.get(table)?.has(action)) ctx.error(C, `${name}: local.functions.${name}.tables grants dynamodb:${action} on table ${table}, which nothing in ${f.module} (or the shared-core classes it uses) calls on that table`);
      }
    }
    lines.push(`${name}: ${Object.entries(f.tables).map(([t, a]) => `${t} ${[...a].sort().join('/')}`).join(', ')}`);
    // Bedrock: only a function whose code builds a Bedrock Runtime client may invoke models.
    const bedrockAt = ctx.java.closure(f.module).find((file) => /\bBedrockRuntime(Async)?Client\b/.test(file.text));
    if (bedrockAt && f.bedrock !== true) ctx.error(C, `${name} (${f.module}): calls Bedrock (${bedrockAt.rel}) but local.functions.${name}.bedrock is not true`);
    if (!bedrockAt && f.bedrock === true) ctx.error(C, `${name}: local.functions.${name}.bedrock lets it invoke models, but nothing in ${f.module} builds a Bedrock Runtime client`);
  }
  ctx.summary.push(`dynamodb actions: granted = called, per table (${lines.join(' | ')})`);
}

// ---------------------------------------------------------------------------------------------
/** terraform destroy leaves nothing behind: nothing retained, protected or created outside Terraform. */
export function checkDestroy(ctx) {
  const C = 'destroy';
  for (const r of ctx.tf.resources) {
    for (const lc of r.body.lifecycle ?? []) {
      if (lc.prevent_destroy !== undefined && lc.prevent_destroy !== false && bare(lc.prevent_destroy) !== 'false') {
        ctx.error(C, `${where(ctx, r, 'prevent_destroy')}: prevent_destroy blocks terraform destroy`);
      }
    }
    if (r.body.skip_destroy !== undefined && r.body.skip_destroy !== false) ctx.error(C, `${where(ctx, r, 'skip_destroy')}: skip_destroy would leave it behind on destroy`);
    if (r.body.deletion_protection_enabled === true || r.body.deletion_protection === true) ctx.error(C, `${where(ctx, r, 'deletion_protection')}: deletion protection on: destroy fails (use var.deletion_protection, default false)`);
  }
  // Lambda creates /aws/lambda/<name> itself (never expiring, never destroyed) if the function
  // logs before Terraform made the group: the functions must depend on their log groups.
  for (const fn of resourcesOf(ctx, 'aws_lambda_function')) {
    const deps = (fn.body.depends_on ?? []).map(String).join(' ');
    const viaLogging = /aws_cloudwatch_log_group\.\w+\[each\.key\]\.name/.test(bare(fn.body.logging_config?.[0]?.log_group) ?? '');
    if (!/aws_cloudwatch_log_group\./.test(deps) && !viaLogging) ctx.error(C, `${where(ctx, fn)}: must depend on its Terraform-managed log group (depends_on or logging_config.log_group), or Lambda creates an unmanaged one`);
  }
  const stage = resourcesOf(ctx, 'aws_apigatewayv2_stage')[0];
  const dest = bare(stage?.body.access_log_settings?.[0]?.destination_arn) ?? '';
  if (stage && !/^aws_cloudwatch_log_group\.\w+\.arn$/.test(dest)) ctx.error(C, `${where(ctx, stage, 'destination_arn')}: access logs must go to a Terraform-managed log group`);
  ctx.summary.push('destroy: no retained, protected or unmanaged resources');
}
