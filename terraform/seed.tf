# A demo team and its three keys (invoke, finops, admin), in exactly the item format of
# shared-core's keys store (com.llmgateway.core.keys.TeamItem and ApiKeyItem): the keys table
# holds only SHA-256 hashes; the plaintext keys exist only in the Terraform state and in the
# sensitive outputs.

locals {
  demo_team_id = "demo"

  # scope => key name; each key carries exactly this one scope
  demo_keys = {
    invoke = "demo-invoke"
    finops = "demo-finops"
    admin  = "demo-admin"
  }

  # "lgw_" + 32 random bytes in unpadded base64url (43 characters), as ApiKeys.newPlaintext()
  demo_key_plaintext = {
    for scope, _ in local.demo_keys :
    scope => "lgw_${replace(replace(replace(random_bytes.demo_key[scope].base64, "+", "-"), "/", "_"), "=", "")}"
  }
  demo_key_hash = { for scope, key in local.demo_key_plaintext : scope => sha256(key) }
  demo_key_id   = { for scope, _ in local.demo_keys : scope => "key_${random_bytes.demo_key_id[scope].hex}" }
}

resource "time_static" "seed" {}

resource "random_bytes" "demo_key" {
  for_each = local.demo_keys

  length = 32
}

resource "random_bytes" "demo_key_id" {
  for_each = local.demo_keys

  length = 8
}

resource "aws_dynamodb_table_item" "demo_team" {
  table_name = aws_dynamodb_table.this["keys"].name
  hash_key   = aws_dynamodb_table.this["keys"].hash_key
  range_key  = aws_dynamodb_table.this["keys"].range_key

  item = jsonencode({
    pk          = { S = "TEAM#${local.demo_team_id}" }
    sk          = { S = "TEAM" }
    gsi1pk      = { S = "TEAMS" }
    gsi1sk      = { S = "TEAM#${local.demo_team_id}" }
    team_id     = { S = local.demo_team_id }
    name        = { S = "Demo team" }
    cost_center = { S = "CC-DEMO" }
    limits = { M = {
      rpm        = { N = tostring(var.rate_limit_rpm) }
      input_tpm  = { N = tostring(var.rate_limit_input_tpm) }
      output_tpm = { N = tostring(var.rate_limit_output_tpm) }
    } }
    model_limits       = { M = {} }
    allowed_models     = { L = [{ S = "*" }] }
    monthly_budget_usd = { S = var.demo_monthly_budget_usd }
    cache = { M = {
      ttl_seconds = { N = tostring(var.cache_ttl_seconds) }
      shared      = { BOOL = false }
      enabled     = { BOOL = true }
    } }
    enabled    = { BOOL = true }
    created_at = { S = time_static.seed.rfc3339 }
    updated_at = { S = time_static.seed.rfc3339 }
  })

  lifecycle {
    precondition {
      condition     = contains(local.catalog_model_names, var.default_model)
      error_message = "default_model must name a model of shared-core's catalog/models.json."
    }
  }
}

resource "aws_dynamodb_table_item" "demo_key" {
  for_each = local.demo_keys

  table_name = aws_dynamodb_table.this["keys"].name
  hash_key   = aws_dynamodb_table.this["keys"].hash_key
  range_key  = aws_dynamodb_table.this["keys"].range_key

  item = jsonencode({
    pk         = { S = "KEY#${local.demo_key_hash[each.key]}" }
    sk         = { S = "KEY" }
    gsi1pk     = { S = "TEAM#${local.demo_team_id}" }
    gsi1sk     = { S = "KEY#${local.demo_key_id[each.key]}" }
    key_id     = { S = local.demo_key_id[each.key] }
    team_id    = { S = local.demo_team_id }
    name       = { S = each.value }
    scopes     = { SS = [each.key] }
    created_at = { S = time_static.seed.rfc3339 }
    hint       = { S = "lgw_\u2026${substr(local.demo_key_plaintext[each.key], -4, 4)}" }
  })
}

# The key-id pointer that GET/DELETE /v1/keys/{keyId} resolve a key id through.
resource "aws_dynamodb_table_item" "demo_key_pointer" {
  for_each = local.demo_keys

  table_name = aws_dynamodb_table.this["keys"].name
  hash_key   = aws_dynamodb_table.this["keys"].hash_key
  range_key  = aws_dynamodb_table.this["keys"].range_key

  item = jsonencode({
    pk       = { S = "KEYID#${local.demo_key_id[each.key]}" }
    sk       = { S = "KEY" }
    key_hash = { S = local.demo_key_hash[each.key] }
    team_id  = { S = local.demo_team_id }
  })
}
