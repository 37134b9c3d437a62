// Each test breaks one thing in a scratch copy and asserts that the verifier reports it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { scratchRepo, edit, editJson, addJava, problems, remove } from './support.mjs';

const ROUTES = 'shared-core/src/main/resources/routes.json';
const TABLES = 'shared-core/src/main/resources/tables.json';
const IAM = 'shared-core/src/main/resources/iam.json';

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
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', 'KEY_CACHE_TTL_SECONDS = tostring(var.key_cache_ttl_seconds)', 'KEY_CACHE_TTL_SECONDS = tostring(var.key_cache_ttl_seconds)\n        UNREAD_SETTING        = "1"'));
      assertReports(errors, /\[environment\] auth: Terraform sets UNREAD_SETTING but nothing in auth-function/);
    });

    test('reports a local-runtime-only variable set on Lambda', async () => {
      const errors = await broken((d) => edit(d, 'terraform/locals.tf', 'POWERTOOLS_LOG_LEVEL         = var.log_level', 'POWERTOOLS_LOG_LEVEL         = var.log_level\n    DYNAMODB_ENDPOINT            = "http://127.0.0.1:8000"'));
      assertReports(errors, /\[environment\] gateway: Terraform sets DYNAMODB_ENDPOINT, which only the local runtime uses/);
    });

    test('reports an environment assembled outside function_environment', async () => {
      const errors = await broken((d) => edit(d, 'terraform/lambda.tf', 'variables = local.function_environment[each.key]', 'variables = merge(local.function_environment[each.key], { EXTRA = "1" })'));
      assertReports(errors, /\[functions\].*environment\.variables must be local\.function_environment\[each\.key\]/);
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
      assertReports(errors, /\[iam\] usage \(usage-function\): calls DynamoDB GetItem on table usage \([^)]*shared-core\/src\/main\/java\/com\/llmgateway\/core\/usage\/DynamoDbMonthlySpendReader\.java:\d+\) but local\.functions\.usage\.tables grants it only on keys/);
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
