#!/usr/bin/env node
// Static verification of terraform/ (no Terraform, providers or AWS needed):
//   parse       every terraform/*.tf parses with HashiCorp's HCL parser (a failure names file:line)
//   schema      every argument and nested block of every aws_* resource and data source exists in
//               the AWS provider's schema (@cdktf/provider-aws 21.22.1 = provider 6.25.0), and
//               required arguments are present
//   references  resources, data sources, variables and locals referred to exist, attributes read
//               from a resource exist, and every variable and local is used
//   variables/outputs  every variable has a description and a type, every output a description;
//               secret outputs are sensitive; the variables and outputs exist
//   routes      the API's routes are one for_each over shared-core's routes.json, authorized by
//               each route's "authorized" flag, integrated with the route's function via its alias
//   functions   one for_each over local.functions; each handler names a class that exists in its
//               module; java21, SnapStart on published versions, the shaded jar path
//   environment every variable a function reads is declared in shared-core's settings.json with
//               that function among its readers; every variable a function requires, or that the
//               declaration says Terraform sets for it, is set by Terraform for it, and nothing is
//               set that is undeclared or that the function (or a library it uses) does not read
//   settings    settings.json is sound (defaults inside their ranges, tables as tables.json's,
//               readers as iam.json's grants); Terraform decodes it; each variable it names has
//               its type, default and validated range; local.setting_values links each to itself;
//               log4j2.xml's defaults are the declared ones
//   demo team   the seeded demo team is shared-core's demo-team.json, and the variables that change
//               it default to its values with the admin API's ranges
//   readme      the README's configuration table is the one generated from settings.json
//   tables      the tables are one for_each over shared-core's tables.json, with its key schema,
//               TTL, PITR, encryption and deletion protection as a variable (default off)
//   iam         no policy statement has a "*" resource (except the listed actions that only accept
//               "*"), no wildcard actions, policies only from aws_iam_policy_document; the DynamoDB
//               actions each role grants on each table (iam.json) are exactly those its code calls
//               on that table, and only a function
//               whose code builds a Bedrock client may invoke the catalog's models
//   seed        demo team and keys are seeded as hashes, with exactly the attributes and types that
//               the keys store's item classes (TeamItem, ApiKeyItem) write, when those exist
//   metrics     every metric the dashboard and alarms read is named in the functions' code
//   destroy     nothing is retained or protected (prevent_destroy, skip_destroy, deletion
//               protection), and every log group is Terraform's
// Usage: node verify.mjs [--root <repository root>]   Exit status 1 when any check fails.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTerraform } from './lib/hcl.mjs';
import { ProviderSchema } from './lib/schema.mjs';
import { JavaSources } from './lib/java.mjs';
import * as checks from './lib/checks.mjs';
import * as settings from './lib/settings.mjs';

let sharedSchema = null;

export async function verify(root) {
  const errors = [];
  const summary = [];
  const ctx = {
    root,
    summary,
    error: (check, message) => errors.push(`[${check}] ${message}`),
  };
  const readJson = (rel) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
    } catch (e) {
      ctx.error('sources', `${rel}: ${e.message}`);
      return {};
    }
  };
  ctx.routes = readJson('shared-core/src/main/resources/routes.json').routes ?? {};
  ctx.tables = readJson('shared-core/src/main/resources/tables.json').tables ?? {};
  ctx.settings = readJson('shared-core/src/main/resources/settings.json').settings ?? {};
  ctx.demoTeam = readJson('shared-core/src/main/resources/demo-team.json');
  ctx.fileArgument = (expr) => checks.fileArgument(ctx, expr);
  ctx.tf = await loadTerraform(root);
  for (const e of ctx.tf.parseErrors) ctx.error('parse', e);
  if (ctx.tf.parseErrors.length) return { errors, summary };
  summary.push(` ok  parse: ${ctx.tf.files.length} files (${ctx.tf.files.map((f) => path.basename(f.name)).join(', ')})`);
  sharedSchema ??= new ProviderSchema();
  ctx.schema = sharedSchema;
  ctx.java = new JavaSources(root);
  for (const check of [checks.checkSchema, checks.checkReferences, checks.resolveGrants, checks.checkVariablesAndOutputs, checks.checkRoutes,
    checks.checkFunctions, checks.checkEnvironment, settings.checkSettings, checks.checkTables, checks.checkIam, checks.checkDynamoDbActions, checks.checkSeed,
    settings.checkDemoTeam, checks.checkMetrics, checks.checkDestroy, settings.checkReadme]) {
    const errorsBefore = errors.length;
    const summaryBefore = summary.length;
    try {
      check(ctx);
    } catch (e) {
      ctx.error(check.name, `the check itself failed: ${e.stack}`);
    }
    const failed = errors.length > errorsBefore;
    for (let i = summaryBefore; i < summary.length; i++) summary[i] = `${failed ? 'FAIL' : ' ok '} ${summary[i]}`;
    if (failed && summary.length === summaryBefore) summary.push(`FAIL ${check.name.replace(/^check/, '').toLowerCase()}`);
  }
  return { errors, summary };
}

async function main() {
  const args = process.argv.slice(2);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const at = args.indexOf('--root');
  const root = path.resolve(at >= 0 ? args[at + 1] : path.join(here, '..', '..'));
  const { errors, summary } = await verify(root);
  for (const s of summary) console.log(`  ${s}`);
  if (errors.length) {
    console.error(`\nverify-terraform: ${errors.length} problem(s):`);
    for (const e of errors) console.error(`  FAIL ${e}`);
    process.exit(1);
  }
  console.log('verify-terraform: all checks passed');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
