# A demo team and its three keys (invoke, finops, admin), in exactly the item format of
# shared-core's keys store (com.llmgateway.core.keys.TeamItem and ApiKeyItem): the keys table
# holds only SHA-256 hashes; the plaintext keys exist only in the Terraform state and in the
# sensitive outputs. The team is declared once, in shared-core's demo-team.json, which the local
# runtime seeds from too; the rate_limit_* and demo_monthly_budget_usd variables change its
# fields here (their defaults are that file's values), cache_ttl_seconds its cache TTL.

locals {
  demo_team    = jsondecode(file("${local.resources_dir}/demo-team.json"))
  demo_team_id = local.demo_team.team_id

  # scope => key name; each key carries exactly this one scope
  demo_keys = local.demo_team.keys

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
    name        = { S = local.demo_team.name }
    cost_center = { S = local.demo_team.cost_center }
    limits = { M = {
      rpm        = { N = tostring(var.rate_limit_rpm) }
      input_tpm  = { N = tostring(var.rate_limit_input_tpm) }
      output_tpm = { N = tostring(var.rate_limit_output_tpm) }
    } }
    model_limits       = { M = {} }
    allowed_models     = { L = [for m in local.demo_team.allowed_models : { S = m }] }
    monthly_budget_usd = { S = var.demo_monthly_budget_usd }
    cache = { M = {
      ttl_seconds = { N = tostring(var.cache_ttl_seconds) }
      shared      = { BOOL = local.demo_team.cache.shared }
      enabled     = { BOOL = local.demo_team.cache.enabled }
    } }
    enabled    = { BOOL = local.demo_team.enabled }
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
