// Each test breaks one thing in a scratch copy and asserts that the verifier reports it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { scratchRepo, edit, editJson, addJava, problems, remove } from './support.mjs';

const ROUTES = 'shared-core/src/main/resources/routes.json';
const TABLES = 'shared-core/src/main/resources/tables.json';
const IAM = 'shared-core/src/main/resources/iam.json';
const SETTINGS = 'shared-core/src/main/resources/settings.json';
const DEMO_TEAM = 'shared-core/src/main/resources/demo-team.json';
// The first part of local.function_environment's merge(), where a test adds a part of its own.
const SERVICE_NAME_PART = '{ POWERTOOLS_SERVICE_NAME = "${var.name_prefix}-${name}" },';

function assertReports(errors, pattern) {
  assert.ok(errors.some((e) => pattern.test(e)), `expected a problem matching ${pattern}, got:\n${errors.join('\n') || '(none)'}`);
}

async function broken(change) {
  const dir = await scratchRepo();
  try {
    await change(dir);
    return await problems(dir);
  } finally {
    remove(dir);
  }
}

describe('verify-terraform', () => {
  test('passes on an unbroken copy of the repository', async () => {
    const errors = await broken(() => {});
    assert.deepEqual(errors, []);
  });

  describe('parse', () => {
    test('reports a syntax error with its file and line', async () => {
      const errors = await broken((d) => edit(d, 'terraform/api.tf', 'protocol_type = "HTTP"', 'protocol_type = '));
      assertReports(errors, /^\[parse\] terraform\/api\.tf:\d+/);
    });
  });

  describe('schema', () => {
    test('reports an argument that the resource does not have', async () => {
      const errors = await broken((d) => edit(d, 'terraform/lambda.tf', 'memory_size      = each.value.memory_size', 'memory_mb        = each.value.memory_size'));
      assertReports(errors, /\[schema\].*aws_lambda_function has no argument or block "memory_mb"/);
    });

    test('reports a misspelt argument inside a nested block', async () => {
      const errors = await broken((d) => edit(d, 'terraform/lambda.tf', 'apply_on = "PublishedVersions"', 'applies_on = "PublishedVersions"'));
      assertReports(errors, /\[schema\].*aws_lambda_function\.snap_start has no argument or block "applies_on"/);
    });

    test('reports a block written as an attribute', async () => {
      const errors = await broken((d) => edit(d, 'terraform/dynamodb.tf', /server_side_encryption \{\n\s*enabled = true\n\s*\}/, 'server_side_encryption = { enabled = true }'));
      assertReports(errors, /\[schema\].*server_side_encryption is a block/);
    });

    test('reports a missing required argument', async () => {
      const errors = await broken((d) => edit(d, 'terraform/lambda.tf', /\n\s*function_version = aws_lambda_function\.this\[each\.key\]\.version/, ''));
      assertReports(errors, /\[schema\].*aws_lambda_alias is missing its required argument "function_version"/);
    });

    test('reports a resource type that does not exist', async () => {
      const errors = await broken((d) => edit(d, 'terraform/api.tf', 'resource "aws_apigatewayv2_stage" "this"', 'resource "aws_apigatewayv2_stages" "this"'));
      assertReports(errors, /\[schema\].*aws_apigatewayv2_stages does not exist/);
    });
  });

  describe('references', () => {
    test('reports an attribute that the resource does not export', async () => {
      const errors = await broken((d) => edit(d, 'terraform/api.tf', 'integration_uri        = aws_lambda_alias.live[each.key].invoke_arn', 'integration_uri        = aws_lambda_alias.live[each.key].invoke_url'));
      assertReports(errors, /\[references\].*aws_lambda_alias\.live has no attribute "invoke_url"/);
    });

    test('reports an undeclared variable and an unused one', async () => {
      const errors = await broken((d) => edit(d, 'terraform/lambda.tf', 'retention_in_days = var.log_retention_days', 'retention_in_days = var.log_retention'));
      assertReports(errors, /\[references\].*var\.log_retention, which is not declared/);
    });
  });

  describe('variables and outputs', () => {
    test('reports a variable without a description', async () => {
      const errors = await broken((d) => edit(d, 'terraform/variables.tf', 'description = "Requests per minute allowed to the seeded demo team."\n', ''));
      assertReports(errors, /\[variables\/outputs\].*variable\.rate_limit_rpm: has no description/);
    });

    test('reports a variable without a type', async () => {
      const errors = await broken((d) => edit(d, 'terraform/variables.tf', /(variable "cache_ttl_seconds" \{\n[^}]*?)\n\s*type\s*= number/, '$1'));
      assertReports(errors, /\[variables\/outputs\].*variable\.cache_ttl_seconds: has no type/);
    });

    test('reports an output without a description and a key output that is not sensitive', async () => {
      const errors = await broken((d) => {
        edit(d, 'terraform/outputs.tf', 'description = "Address of the CloudWatch dashboard in the AWS console."\n', '');
        edit(d, 'terraform/outputs.tf', /(output "admin_api_key" \{[^}]*?)\n\s*sensitive\s*= true/, '$1');
      });
      assertReports(errors, /output\.dashboard_url: has no description/);
      assertReports(errors, /output\.admin_api_key: holds a secret but is not sensitive/);
    });
  });

  describe('routes', () => {
    test('a route added to routes.json needs no Terraform change', async () => {
      const errors = await broken((d) => editJson(d, ROUTES, (j) => { j.routes['GET /v1/extra'] = { function: 'usage', authorized: true, scope: 'any' }; }));
      assert.deepEqual(errors, []);
    });

    test('reports a route whose function is not defined', async () => {
      const errors = await broken((d) => editJson(d, ROUTES, (j) => { j.routes['GET /v1/extra'] = { function: 'billing', authorized: true }; }));
      assertReports(errors, /\[routes\] route "GET \/v1\/extra" goes to function "billing"/);
    });

    test('reports authorization that ignores the route table', async () => {
      const errors = await broken((d) => edit(d, 'terraform/api.tf', 'authorization_type = each.value.authorized ? "CUSTOM" : "NONE"', 'authorization_type = "CUSTOM"'));
      assertReports(errors, /\[routes\].*authorization_type must be decided by each\.value\.authorized/);
    });

    test('reports inverted authorization per route', async () => {
      const errors = await broken((d) => edit(d, 'terraform/api.tf', 'each.value.authorized ? "CUSTOM" : "NONE"', 'each.value.authorized ? "NONE" : "CUSTOM"'));
      assertReports(errors, /\[routes\] route "GET \/health" \(authorized: false\) gets authorization_type "CUSTOM"/);
      assertReports(errors, /\[routes\] route "POST \/v1\/chat\/completions" \(authorized: true\) gets authorization_type "NONE"/);
    });

    test('reports routes that are not read from routes.json', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', 'routes = jsondecode(file("${local.resources_dir}/routes.json")).routes', 'routes = { "GET /health" = { function = "gateway", authorized = false } }'));
      assertReports(errors, /\[routes\].*for_each must be the decoded route table/);
    });

    test('reports an integration that bypasses the SnapStart alias', async () => {
      const errors = await broken((d) => edit(d, 'terraform/api.tf', 'aws_lambda_alias.live[each.key].invoke_arn', 'aws_lambda_function.this[each.key].invoke_arn'));
      assertReports(errors, /\[routes\].*integration_uri must be the function alias's invoke_arn/);
    });

    test('reports an authorizer with identity sources', async () => {
      const errors = await broken((d) => edit(d, 'terraform/api.tf', 'authorizer_result_ttl_in_seconds  = 0', 'authorizer_result_ttl_in_seconds  = 0\n  identity_sources                  = ["$request.header.x-api-key"]'));
      assertReports(errors, /\[routes\].*identity_sources must be empty/);
    });
  });

  describe('functions', () => {
    test('reports a handler whose class does not exist in its module', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', 'com.llmgateway.usage.UsageHandler::handleRequest', 'com.llmgateway.usage.UsageReportHandler::handleRequest'));
      assertReports(errors, /\[functions\] local\.functions\.usage: handler com\.llmgateway\.usage\.UsageReportHandler::handleRequest: usage-function\/src\/main\/java\/com\/llmgateway\/usage\/UsageReportHandler\.java does not exist/);
    });

    test('reports a handler method that the class lacks', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', 'com.llmgateway.auth.AuthHandler::handleRequest', 'com.llmgateway.auth.AuthHandler::handle'));
      assertReports(errors, /\[functions\].*AuthHandler\.java has no public method handle\(/);
    });

    test('reports a function without SnapStart', async () => {
      const errors = await broken((d) => edit(d, 'terraform/lambda.tf', /\n\s*snap_start \{\n\s*apply_on = "PublishedVersions"\n\s*\}\n/, '\n'));
      assertReports(errors, /\[functions\].*snap_start \{ apply_on = "PublishedVersions" \} is required/);
    });
  });

  describe('environment', () => {
    test('reports a variable that the code requires but Terraform does not set', async () => {
      const errors = await broken((d) => addJava(d, 'gateway-function', 'com.llmgateway.gateway.GuardrailConfig',
        '    static String id(Env env) {\n        return env.require("GUARDRAIL_ID");\n    }'));
      assertReports(errors, /\[environment\] gateway \(gateway-function\): requires GUARDRAIL_ID \(gateway-function\/src\/main\/java\/com\/llmgateway\/gateway\/GuardrailConfig\.java:\d+\) but Terraform does not set it/);
    });

    test('reports a required variable behind a constant', async () => {
      const errors = await broken((d) => addJava(d, 'usage-function', 'com.llmgateway.usage.ExportConfig',
        '    static final String REPORT_BUCKET_ENV = "REPORT_BUCKET";\n\n    static String bucket(Env env) {\n        return env.require(REPORT_BUCKET_ENV);\n    }'));
      assertReports(errors, /\[environment\] usage \(usage-function\): requires REPORT_BUCKET/);
    });

    test('reports a required variable read in shared-core code that the function uses', async () => {
      const errors = await broken((d) => {
        addJava(d, 'shared-core', 'com.llmgateway.core.audit.AuditSink', '    static String stream(Env env) {\n        return env.require("AUDIT_STREAM");\n    }');
        addJava(d, 'auth-function', 'com.llmgateway.auth.Audited', '    static Object sink = com.llmgateway.core.audit.AuditSink.class;');
      });
      assertReports(errors, /\[environment\] auth \(auth-function\): requires AUDIT_STREAM \(shared-core\/src\/main\/java\/com\/llmgateway\/core\/audit\/AuditSink\.java:\d+\)/);
      assert.ok(!errors.some((e) => /gateway.*AUDIT_STREAM/.test(e)), 'a shared-core class that only auth uses must not count for the gateway');
    });

    test('reports a variable that Terraform sets but nothing reads', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', SERVICE_NAME_PART, `${SERVICE_NAME_PART}\n      { UNREAD_SETTING = "1" },`));
      assertReports(errors, /\[environment\] auth: Terraform sets UNREAD_SETTING but nothing in auth-function/);
    });

    test('reports a local-runtime-only variable set on Lambda', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', SERVICE_NAME_PART, `${SERVICE_NAME_PART}\n      { DYNAMODB_ENDPOINT = "http://127.0.0.1:8000" },`));
      assertReports(errors, /\[environment\] gateway: Terraform sets DYNAMODB_ENDPOINT, which only the local runtime uses/);
    });

    test('reports an environment assembled outside function_environment', async () => {
      const errors = await broken((d) => edit(d, 'terraform/lambda.tf', 'variables = local.function_environment[each.key]', 'variables = merge(local.function_environment[each.key], { EXTRA = "1" })'));
      assertReports(errors, /\[functions\].*environment\.variables must be local\.function_environment\[each\.key\]/);
    });
  });

  describe('settings (one declaration: settings.json)', () => {
    test('reports a Terraform default that drifted from the declaration', async () => {
      const errors = await broken((d) => edit(d, 'terraform/variables.tf', /(variable "bedrock_timeout_ms" \{[^}]*?default\s*=\s*)25000/, '$120000'));
      assertReports(errors, /\[settings\] terraform\/variables\.tf variable\.bedrock_timeout_ms: default is 20000, settings\.json BEDROCK_TIMEOUT_MS declares 25000/);
    });

    test('reports a Terraform range that lets through what Java refuses', async () => {
      const errors = await broken((d) => edit(d, 'terraform/variables.tf', 'var.bedrock_timeout_ms <= 28000', 'var.bedrock_timeout_ms < 30000'));
      assertReports(errors, /\[settings\] terraform\/variables\.tf variable\.bedrock_timeout_ms: validation allows 1000 to 29999, settings\.json BEDROCK_TIMEOUT_MS declares 1000 to 28000/);
    });

    test('reports a declared range that Terraform does not enforce', async () => {
      const errors = await broken((d) => editJson(d, SETTINGS, (j) => { j.settings.USAGE_RETENTION_DAYS.max = 36500; }));
      assertReports(errors, /\[settings\] terraform\/variables\.tf variable\.usage_retention_days: validation allows 1 to 3650, settings\.json USAGE_RETENTION_DAYS declares 1 to 36500/);
    });

    test('reports an integer variable whose validation takes fractions', async () => {
      const errors = await broken((d) => edit(d, 'terraform/variables.tf', ' && floor(var.max_body_bytes) == var.max_body_bytes', ''));
      assertReports(errors, /\[settings\] .*variable\.max_body_bytes: validation must require a whole number/);
    });

    test('reports allowed values and patterns that differ', async () => {
      const errors = await broken((d) => {
        editJson(d, SETTINGS, (j) => { j.settings.POWERTOOLS_LOG_LEVEL.values.push('TRACE'); });
        edit(d, 'terraform/variables.tf', '"^[a-z0-9][a-z0-9.:-]*$", var.default_model', '"^[a-z0-9.:-]+$", var.default_model');
      });
      assertReports(errors, /\[settings\] .*variable\.log_level: validation allows DEBUG, ERROR, INFO, WARN, settings\.json POWERTOOLS_LOG_LEVEL declares DEBUG, ERROR, INFO, TRACE, WARN/);
      assertReports(errors, /\[settings\] .*variable\.default_model: validation's regex is "\^\[a-z0-9\.:-\]\+\$", settings\.json DEFAULT_MODEL declares pattern/);
    });

    test('reports a declared default outside its own range', async () => {
      const errors = await broken((d) => editJson(d, SETTINGS, (j) => { j.settings.KEY_CACHE_TTL_SECONDS.default = 90; }));
      assertReports(errors, /\[settings\] settings\.json KEY_CACHE_TTL_SECONDS: default 90 is outside its own range 0 to 60/);
    });

    test('reports a declared Terraform variable that does not exist', async () => {
      const errors = await broken((d) => editJson(d, SETTINGS, (j) => { j.settings.BEDROCK_MAX_ATTEMPTS.terraform = 'bedrock_max_attempts'; j.settings.BEDROCK_MAX_ATTEMPTS.set_by = 'terraform'; }));
      assertReports(errors, /\[settings\] settings\.json BEDROCK_MAX_ATTEMPTS: Terraform variable bedrock_max_attempts is not declared in terraform\/variables\.tf/);
      assertReports(errors, /\[settings\] terraform\/locals\.tf local\.setting_values: lacks bedrock_max_attempts/);
    });

    test('reports a setting_values entry that is another variable', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', 'default_model           = var.default_model', 'default_model           = var.log_level'));
      assertReports(errors, /\[settings\] terraform\/locals\.tf local\.setting_values\.default_model: must be var\.default_model/);
    });

    test('reports settings that Terraform does not read from settings.json', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', 'settings = jsondecode(file("${local.resources_dir}/settings.json")).settings', 'settings = jsondecode(file("${local.resources_dir}/tables.json")).tables'));
      assertReports(errors, /\[settings\] local\.settings must be jsondecode\(file\("\$\{local\.resources_dir\}\/settings\.json"\)\)\.settings/);
    });

    test('reports a table variable whose readers are not the functions iam.json grants the table', async () => {
      const errors = await broken((d) => editJson(d, SETTINGS, (j) => { j.settings.KEYS_TABLE.functions = ['auth']; }));
      assertReports(errors, /\[settings\] settings\.json KEYS_TABLE: functions are auth, but iam\.json grants table keys to auth, gateway, usage/);
    });

    test('reports a default that a library configuration writes differently', async () => {
      const errors = await broken((d) => edit(d, 'shared-core/src/main/resources/log4j2.xml', '${env:POWERTOOLS_LOG_LEVEL:-INFO}', '${env:POWERTOOLS_LOG_LEVEL:-DEBUG}'));
      assertReports(errors, /\[settings\] shared-core\/src\/main\/resources\/log4j2\.xml: defaults POWERTOOLS_LOG_LEVEL to DEBUG, settings\.json declares "INFO"/);
    });

    test('a new setting needs its declaration, its variable and one setting_values entry, and nothing else', async () => {
      const errors = await broken((d) => {
        editJson(d, SETTINGS, (j) => {
          j.settings.GUARDRAIL_ID = { terraform: 'guardrail_id', set_by: 'terraform', type: 'string', default: null, pattern: '^[a-z0-9]*$', functions: ['gateway'], read_by: 'code', description: 'Bedrock guardrail id' };
        });
        edit(d, 'terraform/locals.tf', 'log_level               = var.log_level', 'log_level               = var.log_level\n    guardrail_id            = var.guardrail_id');
        fs.appendFileSync(path.join(d, 'terraform/variables.tf'), '\nvariable "guardrail_id" {\n  description = "Bedrock guardrail id; empty for none."\n  type        = string\n  default     = ""\n\n  validation {\n    condition     = can(regex("^[a-z0-9]*$", var.guardrail_id))\n    error_message = "guardrail_id must be lower-case letters and digits."\n  }\n}\n');
        addJava(d, 'gateway-function', 'com.llmgateway.gateway.GuardrailConfig', '    static String id(Env env) {\n        return env.text("GUARDRAIL_ID");\n    }');
      });
      assert.deepEqual(errors.filter((e) => !/^\[readme\]/.test(e)), []);
      assertReports(errors, /\[readme\] README\.md: the configuration table differs from settings\.json/);
    });
  });

  describe('environment against the declaration', () => {
    test('reports a variable the code reads that settings.json does not declare', async () => {
      const errors = await broken((d) => addJava(d, 'gateway-function', 'com.llmgateway.gateway.Tuning',
        '    static long burst(Env env) {\n        return env.getLong("BURST_FACTOR", 2);\n    }'));
      assertReports(errors, /\[environment\] gateway \(gateway-function\): reads BURST_FACTOR \(gateway-function\/src\/main\/java\/com\/llmgateway\/gateway\/Tuning\.java:\d+\), which settings\.json does not declare/);
    });

    test('reports a function that reads a setting Terraform does not give it', async () => {
      const errors = await broken((d) => addJava(d, 'usage-function', 'com.llmgateway.usage.Models',
        '    static String model(Env env) {\n        return env.text("DEFAULT_MODEL");\n    }'));
      assertReports(errors, /\[environment\] usage \(usage-function\): reads DEFAULT_MODEL \(usage-function\/src\/main\/java\/com\/llmgateway\/usage\/Models\.java:\d+\), but settings\.json does not list usage among its readers \(gateway\), so Terraform does not give it to usage/);
    });

    test('reports a variable Terraform sets that settings.json does not declare', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', SERVICE_NAME_PART, `${SERVICE_NAME_PART}\n      { FEATURE_FLAGS = "x" },`));
      assertReports(errors, /\[environment\] gateway: Terraform sets FEATURE_FLAGS, which settings\.json does not declare/);
      assertReports(errors, /\[environment\] usage: Terraform sets FEATURE_FLAGS, which settings\.json does not declare/);
    });

    test('reports a reader in settings.json whose code does not read the setting', async () => {
      const errors = await broken((d) => editJson(d, SETTINGS, (j) => { j.settings.DEFAULT_MODEL.functions.push('usage'); }));
      assertReports(errors, /\[environment\] settings\.json lists usage among the readers of DEFAULT_MODEL, but nothing in usage-function/);
    });

    test('a setting that settings.json gives one more function reaches it through Terraform with no Terraform change', async () => {
      const errors = await broken((d) => {
        editJson(d, SETTINGS, (j) => { j.settings.DEFAULT_MODEL.functions.push('usage'); });
        addJava(d, 'usage-function', 'com.llmgateway.usage.Models', '    static String model(Env env) {\n        return env.text("DEFAULT_MODEL");\n    }');
        // the README's table lists the readers
        const readme = path.join(d, 'README.md');
        fs.writeFileSync(readme, fs.readFileSync(readme, 'utf8').replace('| `DEFAULT_MODEL` | gateway |', '| `DEFAULT_MODEL` | gateway, usage |'));
      });
      assert.deepEqual(errors, []);
    });
  });

  describe('demo team (one declaration: demo-team.json)', () => {
    test('reports a demo team value that the Terraform variable does not default to', async () => {
      const errors = await broken((d) => editJson(d, DEMO_TEAM, (j) => { j.limits.rpm = 120; }));
      assertReports(errors, /\[demo team\] terraform\/variables\.tf variable\.rate_limit_rpm: default is 60, demo-team\.json variables\.rate_limit_rpm \(limits\.rpm = 120\) declares 120/);
    });

    test('reports a demo limit whose Terraform range is not the admin API\'s', async () => {
      const errors = await broken((d) => edit(d, 'terraform/variables.tf', ' && var.rate_limit_input_tpm <= 100000000', ''));
      assertReports(errors, /\[demo team\] .*variable\.rate_limit_input_tpm: validation allows 1 to ∞, demo-team\.json variables\.rate_limit_input_tpm .* declares 1 to 100000000/);
    });

    test('reports a seeded field typed in Terraform instead of read from demo-team.json', async () => {
      const errors = await broken((d) => {
        edit(d, 'terraform/seed.tf', 'name        = { S = local.demo_team.name }', 'name        = { S = "Demo team" }');
        edit(d, 'terraform/seed.tf', 'shared      = { BOOL = local.demo_team.cache.shared }', 'shared      = { BOOL = false }');
      });
      assertReports(errors, /\[demo team\] terraform\/seed\.tf aws_dynamodb_table_item\.demo_team: name is \{ S = "Demo team" \}, not taken from local\.demo_team/);
      assertReports(errors, /\[demo team\] terraform\/seed\.tf aws_dynamodb_table_item\.demo_team: cache\.shared is not taken from local\.demo_team\.cache\.shared/);
    });

    test('reports a seeded limit that ignores its variable', async () => {
      const errors = await broken((d) => edit(d, 'terraform/seed.tf', 'rpm        = { N = tostring(var.rate_limit_rpm) }', 'rpm        = { N = "120" }'));
      assertReports(errors, /\[demo team\] terraform\/seed\.tf aws_dynamodb_table_item\.demo_team: does not use var\.rate_limit_rpm \(for limits\.rpm\)/);
    });

    test('reports demo keys not taken from demo-team.json', async () => {
      const errors = await broken((d) => edit(d, 'terraform/seed.tf', 'demo_keys = local.demo_team.keys', 'demo_keys = { invoke = "demo-invoke", finops = "demo-finops", admin = "demo-admin" }'));
      assertReports(errors, /\[demo team\] local\.demo_keys must be local\.demo_team\.keys/);
    });
  });

  describe('readme', () => {
    test('reports a configuration table that differs from settings.json', async () => {
      const errors = await broken((d) => {
        const readme = path.join(d, 'README.md');
        fs.writeFileSync(readme, fs.readFileSync(readme, 'utf8').replace('| `KEY_CACHE_TTL_SECONDS` | auth, gateway | `key_cache_ttl_seconds` | `30` |', '| `KEY_CACHE_TTL_SECONDS` | auth, gateway | `key_cache_ttl_seconds` | `60` |'));
      });
      assertReports(errors, /\[readme\] README\.md: the configuration table differs from settings\.json \(first at "\| `KEY_CACHE_TTL_SECONDS`/);
    });
  });

  describe('tables', () => {
    test('reports a key schema not taken from tables.json', async () => {
      const errors = await broken((d) => edit(d, 'terraform/dynamodb.tf', 'hash_key                    = each.value.hash_key', 'hash_key                    = "pk"'));
      assertReports(errors, /\[tables\].*hash_key must be each\.value\.hash_key/);
    });

    test('reports an attribute in tables.json that no key uses', async () => {
      const errors = await broken((d) => editJson(d, TABLES, (j) => { j.tables.cache.attributes.team_id = 'S'; }));
      assertReports(errors, /\[tables\] tables\.json cache: attribute "team_id" is not a key/);
    });

    test('reports a table key that differs from shared-core\'s constants', async () => {
      const errors = await broken((d) => editJson(d, TABLES, (j) => { j.tables.usage.hash_key = 'id'; j.tables.usage.attributes.id = 'S'; delete j.tables.usage.attributes.pk; }));
      assertReports(errors, /\[tables\] tables\.json usage: hash_key id differs from Tables\.PK "pk"/);
    });

    test('reports deletion protection on by default', async () => {
      const errors = await broken((d) => edit(d, 'terraform/variables.tf', /(variable "deletion_protection" \{[^}]*?default\s*=\s*)false/, '$1true'));
      assertReports(errors, /variable\.deletion_protection: must default to false/);
    });
  });

  describe('seed', () => {
    // The keys store's item mapper (shared-core ...keys.ApiKeyItem), reduced to the key-id pointer.
    const POINTER_MAPPER = `package com.llmgateway.core.keys;

import com.llmgateway.core.store.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.LinkedHashMap;
import java.util.Map;

final class ApiKeyItem {
    static Map<String, AttributeValue> toPointer(ApiKey k) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Tables.PK, s("KEYID#" + k.keyId()));
        item.put(Tables.SK, s("KEY"));
        item.put("key_hash", s(k.keyHash()));
        item.put("team_id", s(k.teamId()));
        return item;
    }
}
`;
    const withMapper = (d) => {
      const dir = path.join(d, 'shared-core/src/main/java/com/llmgateway/core/keys');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'ApiKeyItem.java'), POINTER_MAPPER);
    };

    test('accepts seeded items in the keys store\'s format', async () => {
      const errors = await broken((d) => withMapper(d));
      assert.deepEqual(errors, []);
    });

    test('reports a seeded item that lacks an attribute the store always writes', async () => {
      const errors = await broken((d) => {
        withMapper(d);
        edit(d, 'terraform/seed.tf', /\n\s*key_hash = \{ S = local\.demo_key_hash\[each\.key\] \}/, '');
      });
      assertReports(errors, /\[seed\].*demo_key_pointer \(pointer item\): lacks attribute "key_hash", which ApiKeyItem\.toPointer always writes/);
    });

    test('reports a seeded attribute of the wrong type', async () => {
      const errors = await broken((d) => {
        withMapper(d);
        edit(d, 'terraform/seed.tf', 'team_id  = { S = local.demo_team_id }', 'team_id  = { N = local.demo_team_id }');
      });
      assertReports(errors, /\[seed\].*attribute "team_id" is N, ApiKeyItem\.toPointer writes S/);
    });

    test('reports a plaintext key written to the table', async () => {
      const errors = await broken((d) => edit(d, 'terraform/seed.tf', 'key_hash = { S = local.demo_key_hash[each.key] }', 'key_hash = { S = local.demo_key_plaintext[each.key] }'));
      assertReports(errors, /\[seed\].*writes a plaintext key into the table/);
    });
  });

  describe('destroy', () => {
    test('reports a table kept by prevent_destroy', async () => {
      const errors = await broken((d) => edit(d, 'terraform/dynamodb.tf', '  server_side_encryption {', '  lifecycle {\n    prevent_destroy = true\n  }\n\n  server_side_encryption {'));
      assertReports(errors, /\[destroy\].*aws_dynamodb_table\.this: prevent_destroy blocks terraform destroy/);
    });

    test('reports a retained log group', async () => {
      const errors = await broken((d) => edit(d, 'terraform/api.tf', /(resource "aws_cloudwatch_log_group" "api_access" \{[\s\S]*?skip_destroy\s*=\s*)false/, '$1true'));
      assertReports(errors, /\[destroy\].*aws_cloudwatch_log_group\.api_access: skip_destroy would leave it behind/);
    });

    test('reports a streaming function URL that buffers', async () => {
      const errors = await broken((d) => edit(d, 'terraform/streaming.tf', 'invoke_mode        = "RESPONSE_STREAM"', 'invoke_mode        = "BUFFERED"'));
      assertReports(errors, /\[functions\].*invoke_mode must be RESPONSE_STREAM/);
    });

    test('reports a streaming function with a role or environment of its own', async () => {
      const errors = await broken((d) => {
        edit(d, 'terraform/streaming.tf', 'aws_iam_role.this["gateway"].arn', 'aws_iam_role.this["auth"].arn');
        edit(d, 'terraform/streaming.tf', 'AWS_LAMBDA_EXEC_WRAPPER = "/opt/stream-runtime"', 'AWS_LAMBDA_EXEC_WRAPPER = "/opt/stream-runtime"\n      EXTRA_SETTING           = "1"');
      });
      assertReports(errors, /\[functions\].*role must be the gateway's/);
      assertReports(errors, /\[functions\].*environment.variables must be merge/);
    });

    test('reports a function that may create its own log group', async () => {
      const errors = await broken((d) => {
        edit(d, 'terraform/lambda.tf', /\n\s*logging_config \{[^}]*\}\n/, '\n');
        edit(d, 'terraform/lambda.tf', /\n\s*aws_cloudwatch_log_group\.this,/, '');
      });
      assertReports(errors, /\[destroy\].*aws_lambda_function\.this: must depend on its Terraform-managed log group/);
    });
  });

  describe('metrics', () => {
    test('reports a dashboard metric that the code does not emit', async () => {
      const errors = await broken((d) => edit(d, 'terraform/observability.tf', 'metric = "Requests"', 'metric = "RequestCount"'));
      assertReports(errors, /\[metrics\] local\.dashboard_widgets reads metric "RequestCount", but no Java source of the functions emits/);
    });
  });

  describe('iam', () => {
    test('reports a "*" resource', async () => {
      const errors = await broken((d) => edit(d, 'terraform/iam.tf', 'resources = ["${aws_cloudwatch_log_group.this[each.key].arn}:*"]', 'resources = ["*"]'));
      assertReports(errors, /\[iam\].*"WriteOwnLogs": resources = \["\*"\] for logs:CreateLogStream, logs:PutLogEvents/);
    });

    test('reports a wildcard action and a wildcard in an ARN', async () => {
      const errors = await broken((d) => {
        edit(d, 'terraform/iam.tf', 'actions   = ["bedrock:InvokeModel"]', 'actions   = ["bedrock:*"]');
        edit(d, 'terraform/iam.tf', '"${aws_dynamodb_table.this[statement.key].arn}/index/${index.name}"', '"${aws_dynamodb_table.this[statement.key].arn}/index/*"');
      });
      assertReports(errors, /\[iam\].*action "bedrock:\*" is a wildcard/);
      assertReports(errors, /\[iam\].*resource has a wildcard \(….*index\/\*/);
    });

    test('accepts "*" for an action that AWS authorizes only on "*"', async () => {
      const errors = await broken((d) => edit(d, 'terraform/iam.tf', '  dynamic "statement" {\n    for_each = each.value.tables',
        '  statement {\n    sid       = "Tracing"\n    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]\n    resources = ["*"]\n  }\n\n  dynamic "statement" {\n    for_each = each.value.tables'));
      assert.deepEqual(errors, []);
    });

    test('reports a DynamoDB action granted that the code never calls', async () => {
      const errors = await broken((d) => editJson(d, IAM, (j) => { j.functions.gateway.dynamodb.cache.push('DeleteItem'); }));
      assertReports(errors, /\[iam\] gateway: local\.functions\.gateway\.tables grants dynamodb:DeleteItem on table cache, which nothing in gateway-function/);
    });

    test('reports a DynamoDB call that the role does not allow', async () => {
      const errors = await broken((d) => addJava(d, 'usage-function', 'com.llmgateway.usage.Purge',
        '    static void purge(software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb, String usageTable) {\n        ddb.batchWriteItem(b -> b.requestItems(java.util.Map.of(usageTable, java.util.List.of())));\n    }'));
      assertReports(errors, /\[iam\] usage \(usage-function\): calls DynamoDB BatchWriteItem on table usage \(usage-function\/src\/main\/java\/com\/llmgateway\/usage\/Purge\.java:\d+\) but local\.functions\.usage\.tables grants it on no table/);
    });

    // The deployed usage function answered 500 on every /v1/usage: it reads the month rollup with
    // GetItem on the usage table, and its role granted GetItem only on the keys table. A union of
    // actions over all tables does not see it; the comparison is per table.
    test('reports an action granted on one table but called on another', async () => {
      const errors = await broken((d) => editJson(d, IAM, (j) => { j.functions.usage.dynamodb.usage = ['Query']; }));
      assertReports(errors, /\[iam\] usage \(usage-function\): calls DynamoDB GetItem on table usage \([^)]*shared-core\/src\/main\/java\/com\/llmgateway\/core\/usage\/DynamoDbUsageReader\.java:\d+\) but local\.functions\.usage\.tables grants it only on keys/);
    });

    test('reports a DynamoDB call whose table cannot be told', async () => {
      const errors = await broken((d) => addJava(d, 'usage-function', 'com.llmgateway.usage.Peek',
        '    static void peek(software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb, String name) {\n        ddb.getItem(b -> b.tableName(name));\n    }'));
      assertReports(errors, /\[iam\] usage \(usage-function\): calls DynamoDB GetItem \(usage-function\/src\/main\/java\/com\/llmgateway\/usage\/Peek\.java:\d+\) on a table the verifier cannot tell/);
    });

    test('reports grants that do not come from iam.json', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', 'grants = jsondecode(file("${local.resources_dir}/iam.json")).functions', 'grants = {}'));
      assertReports(errors, /\[iam\] local\.functions\.gateway\.tables refers to local\.grants, which must be jsondecode\(file\("<resources>\/iam\.json"\)\)\.functions/);
    });

    test('reports a function that calls Bedrock without the permission', async () => {
      const errors = await broken((d) => addJava(d, 'usage-function', 'com.llmgateway.usage.Summaries',
        '    static Object client = software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient.create();'));
      assertReports(errors, /\[iam\] usage \(usage-function\): calls Bedrock \(usage-function\/src\/main\/java\/com\/llmgateway\/usage\/Summaries\.java\) but local\.functions\.usage\.bedrock is not true/);
    });

    test('reports an inline JSON policy', async () => {
      const errors = await broken((d) => edit(d, 'terraform/iam.tf', 'policy = data.aws_iam_policy_document.function[each.key].json', 'policy = jsonencode({ Version = "2012-10-17", Statement = [] })'));
      assertReports(errors, /\[iam\].*policy must be an aws_iam_policy_document's json/);
    });
  });
});

test('the scratch copy leaves the repository untouched', () => {
  // The tests edit copies only: the real files still hold what the edits look for.
  const repo = path.resolve(import.meta.dirname, '..', '..', '..');
  assert.match(fs.readFileSync(path.join(repo, 'terraform/api.tf'), 'utf8'), /each\.value\.authorized \? "CUSTOM" : "NONE"/);
});
