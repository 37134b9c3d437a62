// A scratch copy of the parts of the repository the verifier reads, to break on purpose.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify } from '../verify.mjs';
import { loadTerraform } from '../lib/hcl.mjs';
import { terraformEnvironment, dashboardMetrics, resolveGrants } from '../lib/checks.mjs';

// VERIFY_TERRAFORM_REPO: another checkout to copy from (e.g. to try the tests against a merge).
export const REPO = process.env.VERIFY_TERRAFORM_REPO ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FUNCTION_MODULES = ['gateway-function', 'auth-function', 'usage-function'];

function copy(rel, into) {
  const from = path.join(REPO, rel);
  if (!fs.existsSync(from)) return;
  fs.cpSync(from, path.join(into, rel), { recursive: true });
}

// A DynamoDB call that the fixture makes for each action a function's role grants on a table,
// naming the table as the real code does (usageTable, rateLimitsTable...).
const CALL_FOR_ACTION = {
  GetItem: (t) => `ddb.getItem(b -> b.tableName(${t}));`, PutItem: (t) => `ddb.putItem(b -> b.tableName(${t}));`,
  UpdateItem: (t) => `ddb.updateItem(b -> b.tableName(${t}));`, DeleteItem: (t) => `ddb.deleteItem(b -> b.tableName(${t}));`,
  Query: (t) => `ddb.queryPaginator(b -> b.tableName(${t}));`, Scan: (t) => `ddb.scanPaginator(b -> b.tableName(${t}));`,
  BatchGetItem: (t) => `ddb.batchGetItem(b -> b.requestItems(java.util.Map.of(${t}, keys)));`,
  BatchWriteItem: (t) => `ddb.batchWriteItem(b -> b.requestItems(java.util.Map.of(${t}, writes)));`,
  ConditionCheckItem: (t) => `ddb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().conditionCheck(c -> c.tableName(${t})).build()));`,
};
const tableVariable = (logical) => `${logical.replace(/_(\w)/g, (_, c) => c.toUpperCase())}Table`;

/**
 * A copy of terraform/, shared-core's sources and resources and the function modules' sources.
 * While the functions are still being written, a Terraform variable may be set that no code reads
 * yet; so that each test breaks exactly one thing, the copy gets one extra class per function
 * that reads (optionally, with a default) every variable Terraform sets for it, makes the
 * DynamoDB calls its role is granted, and names every metric the dashboard shows. Required reads and everything else come from the real code.
 */
export async function scratchRepo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-terraform-'));
  for (const rel of ['pom.xml', 'README.md', 'terraform', 'shared-core/pom.xml', 'shared-core/src/main']) copy(rel, dir);
  for (const m of FUNCTION_MODULES) {
    copy(`${m}/pom.xml`, dir);
    copy(`${m}/src/main/java`, dir);
  }
  const tf = await loadTerraform(dir);
  const resources = path.join(dir, 'shared-core/src/main/resources');
  const ctx = {
    tf, root: dir, error: () => {},
    tables: JSON.parse(fs.readFileSync(path.join(resources, 'tables.json'), 'utf8')).tables,
    settings: JSON.parse(fs.readFileSync(path.join(resources, 'settings.json'), 'utf8')).settings,
  };
  resolveGrants(ctx);
  const functions = tf.locals.get('functions').value;
  const metrics = [...dashboardMetrics(ctx).keys()].map((m) => `"${m}"`).join(', ');
  for (const [name, sets] of terraformEnvironment(ctx)) {
    const module = functions[name].module;
    const pkgDir = path.join(dir, module, 'src/main/java/com/llmgateway/verifierfixture');
    fs.mkdirSync(pkgDir, { recursive: true });
    const reads = [...sets.always, ...sets.sometimes].map((v) => `        env.get("${v}", null);`).join('\n');
    const calls = Object.entries(functions[name].tables ?? {})
      .flatMap(([table, actions]) => actions.map((a) => `        ${CALL_FOR_ACTION[a](tableVariable(table))}`)).join('\n');
    fs.writeFileSync(path.join(pkgDir, 'ReadsEverySetting.java'), `package com.llmgateway.verifierfixture;

import com.llmgateway.core.config.Env;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

final class ReadsEverySetting {
    static final String[] METRICS = {${metrics}};

    static void read(Env env) {
${reads}
    }

    static void call(software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb) {
${calls}
    }
${functions[name].bedrock ? '\n    static Class<?> models = software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient.class;\n' : ''}
}
`);
  }
  return dir;
}

/** Replaces text in a file of the scratch copy; fails the test when the text is not there. */
export function edit(dir, rel, from, to) {
  const p = path.join(dir, rel);
  const text = fs.readFileSync(p, 'utf8');
  const next = typeof from === 'string' ? text.replace(from, to) : text.replace(from, to);
  if (next === text) throw new Error(`test setup: "${from}" not found in ${rel}`);
  fs.writeFileSync(p, next);
}

/** Adds a Java source file to a module of the scratch copy (the verifier scans every main source). */
export function addJava(dir, module, fqn, body) {
  const parts = fqn.split('.');
  const simple = parts.pop();
  const file = path.join(dir, module, 'src/main/java', ...parts, `${simple}.java`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `package ${parts.join('.')};\n\nimport com.llmgateway.core.config.Env;\n\nfinal class ${simple} {\n${body}\n}\n`);
  return path.relative(dir, file);
}

export function editJson(dir, rel, change) {
  const p = path.join(dir, rel);
  const json = JSON.parse(fs.readFileSync(p, 'utf8'));
  change(json);
  fs.writeFileSync(p, JSON.stringify(json, null, 2));
}

export async function problems(dir) {
  return (await verify(dir)).errors;
}

export function remove(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}
