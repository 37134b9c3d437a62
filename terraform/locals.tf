# Facts shared with the code are read from shared-core, never repeated here: the route table,
# the table definitions, the grants, the settings, the demo team and the model catalog.

locals {
  resources_dir = "${path.module}/../shared-core/src/main/resources"

  # route key ("POST /v1/chat/completions", "$default") => {function, authorized, scope}
  routes = jsondecode(file("${local.resources_dir}/routes.json")).routes

  # logical table name => {env, hash_key, range_key, attributes, global_secondary_indexes, ttl_attribute, point_in_time_recovery}
  tables = jsondecode(file("${local.resources_dir}/tables.json")).tables

  catalog = jsondecode(file("${local.resources_dir}/catalog/models.json"))

  # function => {dynamodb = {table => [actions]}, bedrock = bool}: what each role may do, declared
  # once in iam.json, which the local stand-ins enforce on every call as these policies would.
  grants = jsondecode(file("${local.resources_dir}/iam.json")).functions

  # environment variable => {terraform, set_by, type, default, min, max, values, functions...}:
  # every setting the code reads, declared once in settings.json (the Java config records take
  # their defaults and ranges from it; scripts/verify-terraform checks variables.tf against it).
  settings = jsondecode(file("${local.resources_dir}/settings.json")).settings

  # The value of each Terraform variable that sets a setting, by variable name, as the
  # environment carries it. Terraform cannot look a variable up by its name, so this map is the
  # one link from a declared "terraform" name to var.<name> (the verifier checks that it holds
  # exactly the declared variables, each as itself).
  setting_values = {
    key_cache_ttl_seconds   = tostring(var.key_cache_ttl_seconds)
    admission_fail_open     = tostring(var.admission_fail_open)
    usage_retention_days    = tostring(var.usage_retention_days)
    cache_ttl_seconds       = tostring(var.cache_ttl_seconds)
    cache_memory_mb         = tostring(var.cache_memory_mb)
    max_body_bytes          = tostring(var.max_body_bytes)
    default_model           = var.default_model
    bedrock_timeout_ms      = tostring(var.bedrock_timeout_ms)
    model_catalog_overrides = var.model_catalog_overrides
    metrics_namespace       = var.metrics_namespace
    log_level               = var.log_level
  }

  # environment variable => value, for every setting that a Terraform variable sets.
  variable_settings = {
    for env, s in local.settings : env => local.setting_values[s.terraform] if s.terraform != null
  }

  # The three functions. tables: the tables a function touches, with the DynamoDB actions its
  # code calls on each (from iam.json); they give both the function's *_TABLE environment
  # variables and its IAM policy. bedrock: whether it calls Bedrock (and so may invoke the
  # catalog's models; from iam.json). Its settings are the ones settings.json says it reads.
  functions = {
    gateway = {
      module      = "gateway-function"
      handler     = "com.llmgateway.gateway.GatewayHandler::handleRequest"
      description = "LLM gateway: models, chat completions, Converse passthrough, MCP"
      memory_size = var.gateway_memory_mb
      timeout     = var.gateway_timeout_seconds
      bedrock     = local.grants.gateway.bedrock
      tables      = local.grants.gateway.dynamodb
    }
    auth = {
      module      = "auth-function"
      handler     = "com.llmgateway.auth.AuthHandler::handleRequest"
      description = "LLM gateway: API key authorizer, teams, keys and /v1/me"
      memory_size = var.auth_memory_mb
      timeout     = var.auth_timeout_seconds
      bedrock     = local.grants.auth.bedrock
      tables      = local.grants.auth.dynamodb
    }
    usage = {
      module      = "usage-function"
      handler     = "com.llmgateway.usage.UsageHandler::handleRequest"
      description = "LLM gateway: usage and chargeback reports"
      memory_size = var.usage_memory_mb
      timeout     = var.usage_timeout_seconds
      bedrock     = local.grants.usage.bedrock
      tables      = local.grants.usage.dynamodb
    }
  }

  # The one place each function's environment is assembled: its service name, the names of the
  # tables it is granted, and every variable-set setting that settings.json says it reads (an
  # empty value, such as no catalog overrides, leaves the variable unset).
  function_environment = {
    for name, fn in local.functions : name => merge(
      { POWERTOOLS_SERVICE_NAME = "${var.name_prefix}-${name}" },
      { for table in keys(fn.tables) : local.tables[table].env => aws_dynamodb_table.this[table].name },
      { for env, value in local.variable_settings : env => value if value != "" && contains(local.settings[env].functions, name) },
    )
  }

  # Bedrock: what the gateway may invoke. A cross-region inference profile needs the profile
  # (in this account and region) and its foundation model in every region it routes to.
  profile_prefix = "^(us|eu|apac|global|us-gov|jp|au|ca)\\."
  catalog_model_ids = distinct(concat(
    [for m in local.catalog.models : m.bedrock_model_id],
    [for id in var.extra_bedrock_model_ids : id if !can(regex(local.profile_prefix, id))],
  ))
  catalog_profile_ids = distinct(concat(
    [for m in local.catalog.models : m.inference_profile_id if try(m.inference_profile_id, null) != null],
    [for id in var.extra_bedrock_model_ids : id if can(regex(local.profile_prefix, id))],
  ))
  profile_model_ids = distinct([for id in local.catalog_profile_ids : replace(id, "/${local.profile_prefix}/", "")])

  bedrock_foundation_model_arns = distinct(concat(
    [for id in local.catalog_model_ids : "arn:${data.aws_partition.this.partition}:bedrock:${var.region}::foundation-model/${id}"],
    flatten([for region in var.bedrock_profile_regions : [
      for id in local.profile_model_ids : "arn:${data.aws_partition.this.partition}:bedrock:${region}::foundation-model/${id}"
    ]]),
    # A global profile routes to any commercial region; IAM names its models without a region.
    [for id in local.catalog_profile_ids : "arn:${data.aws_partition.this.partition}:bedrock:::foundation-model/${replace(id, "/${local.profile_prefix}/", "")}" if startswith(id, "global.")],
  ))
  bedrock_profile_arns = [
    for id in local.catalog_profile_ids :
    "arn:${data.aws_partition.this.partition}:bedrock:${var.region}:${data.aws_caller_identity.this.account_id}:inference-profile/${id}"
  ]

  catalog_model_names = [for m in local.catalog.models : m.name]
}

data "aws_partition" "this" {}

data "aws_caller_identity" "this" {}
