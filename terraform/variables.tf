# Inputs of the stack. Every variable has a description and a type; enums and ranges are validated.
# A variable that sets a function's setting is declared in shared-core's settings.json (its
# "terraform" name), one that changes the seeded demo team in demo-team.json ("variables"): the
# default and the validated range here are those declarations' (Terraform needs literals), and
# scripts/verify-terraform fails when they differ.

variable "region" {
  description = "AWS region to deploy into; Bedrock must offer the catalog's models there."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name (functions, tables, API, log groups, dashboard)."
  type        = string
  default     = "llmgw"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name_prefix))
    error_message = "name_prefix must be 2-20 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags applied to every resource through the provider's default_tags."
  type        = map(string)
  default     = {}
}

variable "architecture" {
  description = "Instruction set of the Lambda functions: arm64 (Graviton, cheaper) or x86_64."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "gateway_memory_mb" {
  description = "Memory of the gateway function in MB (CPU scales with it)."
  type        = number
  default     = 1024

  validation {
    condition     = var.gateway_memory_mb >= 128 && var.gateway_memory_mb <= 10240 && floor(var.gateway_memory_mb) == var.gateway_memory_mb
    error_message = "gateway_memory_mb must be a whole number from 128 to 10240."
  }
}

variable "auth_memory_mb" {
  description = "Memory of the auth function (authorizer, teams and keys) in MB."
  type        = number
  default     = 512

  validation {
    condition     = var.auth_memory_mb >= 128 && var.auth_memory_mb <= 10240 && floor(var.auth_memory_mb) == var.auth_memory_mb
    error_message = "auth_memory_mb must be a whole number from 128 to 10240."
  }
}

variable "usage_memory_mb" {
  description = "Memory of the usage function (usage and chargeback reports) in MB."
  type        = number
  default     = 512

  validation {
    condition     = var.usage_memory_mb >= 128 && var.usage_memory_mb <= 10240 && floor(var.usage_memory_mb) == var.usage_memory_mb
    error_message = "usage_memory_mb must be a whole number from 128 to 10240."
  }
}

variable "gateway_timeout_seconds" {
  description = "Timeout of the gateway function in seconds; under the HTTP API's 30 s integration limit."
  type        = number
  default     = 29

  validation {
    condition     = var.gateway_timeout_seconds >= 1 && var.gateway_timeout_seconds < 30 && floor(var.gateway_timeout_seconds) == var.gateway_timeout_seconds
    error_message = "gateway_timeout_seconds must be a whole number from 1 to 29 (the HTTP API gives up at 30 s)."
  }
}

variable "auth_timeout_seconds" {
  description = "Timeout of the auth function in seconds; under the HTTP API's 30 s integration limit."
  type        = number
  default     = 10

  validation {
    condition     = var.auth_timeout_seconds >= 1 && var.auth_timeout_seconds < 30 && floor(var.auth_timeout_seconds) == var.auth_timeout_seconds
    error_message = "auth_timeout_seconds must be a whole number from 1 to 29 (the HTTP API gives up at 30 s)."
  }
}

variable "usage_timeout_seconds" {
  description = "Timeout of the usage function in seconds; under the HTTP API's 30 s integration limit."
  type        = number
  default     = 15

  validation {
    condition     = var.usage_timeout_seconds >= 1 && var.usage_timeout_seconds < 30 && floor(var.usage_timeout_seconds) == var.usage_timeout_seconds
    error_message = "usage_timeout_seconds must be a whole number from 1 to 29 (the HTTP API gives up at 30 s)."
  }
}

variable "log_retention_days" {
  description = "Retention of every log group (functions and API access logs) in days."
  type        = number
  default     = 7

  validation {
    # The values CloudWatch Logs accepts (0, "never expire", is left out on purpose).
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch Logs' values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_level" {
  description = "Application log level of the functions (POWERTOOLS_LOG_LEVEL)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the functions' embedded-metric-format metrics (POWERTOOLS_METRICS_NAMESPACE)."
  type        = string
  default     = "LlmGateway"

  validation {
    condition     = can(regex("^[A-Za-z0-9_./#:-]{1,255}$", var.metrics_namespace)) && !startswith(var.metrics_namespace, "AWS/")
    error_message = "metrics_namespace must be 1-255 characters of letters, digits and _ . / # : - and must not start with AWS/."
  }
}

variable "rate_limit_rpm" {
  description = "Requests per minute allowed to the seeded demo team."
  type        = number
  default     = 60

  validation {
    condition     = var.rate_limit_rpm >= 1 && var.rate_limit_rpm <= 100000 && floor(var.rate_limit_rpm) == var.rate_limit_rpm
    error_message = "rate_limit_rpm must be a whole number from 1 to 100000."
  }
}

variable "rate_limit_input_tpm" {
  description = "Input tokens per minute allowed to the seeded demo team."
  type        = number
  default     = 100000

  validation {
    condition     = var.rate_limit_input_tpm >= 1 && var.rate_limit_input_tpm <= 100000000 && floor(var.rate_limit_input_tpm) == var.rate_limit_input_tpm
    error_message = "rate_limit_input_tpm must be a whole number from 1 to 100000000 (the admin API's limit)."
  }
}

variable "rate_limit_output_tpm" {
  description = "Output tokens per minute allowed to the seeded demo team."
  type        = number
  default     = 20000

  validation {
    condition     = var.rate_limit_output_tpm >= 1 && var.rate_limit_output_tpm <= 100000000 && floor(var.rate_limit_output_tpm) == var.rate_limit_output_tpm
    error_message = "rate_limit_output_tpm must be a whole number from 1 to 100000000 (the admin API's limit)."
  }
}

variable "default_model" {
  description = "Catalog name of the model that the demo and the examples use, and that the MCP generate tool uses when the caller names none (must be in the model catalog)."
  type        = string
  default     = "nova-micro"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.:-]*$", var.default_model))
    error_message = "default_model must be a catalog model name such as nova-micro."
  }
}

variable "demo_monthly_budget_usd" {
  description = "Monthly budget of the seeded demo team in US dollars, as a decimal string (e.g. \"25.00\")."
  type        = string
  default     = "25.00"

  validation {
    condition     = can(regex("^[0-9]{1,9}(\\.[0-9]{1,6})?$", var.demo_monthly_budget_usd))
    error_message = "demo_monthly_budget_usd must be a non-negative decimal such as 25.00."
  }
}

variable "cache_ttl_seconds" {
  description = "Default time to live of a cached completion in seconds (the demo team's cache TTL too)."
  type        = number
  default     = 3600

  validation {
    condition     = var.cache_ttl_seconds >= 1 && var.cache_ttl_seconds <= 604800 && floor(var.cache_ttl_seconds) == var.cache_ttl_seconds
    error_message = "cache_ttl_seconds must be a whole number from 1 to 604800 (7 days)."
  }
}

variable "cache_memory_mb" {
  description = "Megabytes of heap a gateway sandbox may keep recent cache entries in (CACHE_MEMORY_MB), so that a repeated request is answered without reading the cache table; 0 disables."
  type        = number
  default     = 32

  validation {
    condition     = var.cache_memory_mb >= 0 && var.cache_memory_mb <= 512 && floor(var.cache_memory_mb) == var.cache_memory_mb
    error_message = "cache_memory_mb must be a whole number from 0 to 512."
  }
}

variable "usage_retention_days" {
  description = "Days a per-request usage record is kept before DynamoDB's TTL removes it (rollups are kept)."
  type        = number
  default     = 90

  validation {
    condition     = var.usage_retention_days >= 1 && var.usage_retention_days <= 3650 && floor(var.usage_retention_days) == var.usage_retention_days
    error_message = "usage_retention_days must be a whole number from 1 to 3650."
  }
}

variable "key_cache_ttl_seconds" {
  description = "Seconds an auth sandbox reuses a key lookup (KEY_CACHE_TTL_SECONDS), and so the bound on how long a revoked key keeps working; 0 disables."
  type        = number
  default     = 30

  validation {
    condition     = var.key_cache_ttl_seconds >= 0 && var.key_cache_ttl_seconds <= 60 && floor(var.key_cache_ttl_seconds) == var.key_cache_ttl_seconds
    error_message = "key_cache_ttl_seconds must be a whole number from 0 to 60 (a revoked key must stop working within 60 s)."
  }
}

variable "admission_fail_open" {
  description = "Whether the gateway admits model calls when the rate-limit store cannot be reached (false: it answers 503)."
  type        = bool
  default     = false
}

variable "bedrock_timeout_ms" {
  description = "Timeout of one Bedrock call, retries included, in milliseconds (BEDROCK_TIMEOUT_MS); keep it below the gateway timeout, so that the gateway can still record usage and answer."
  type        = number
  default     = 25000

  validation {
    condition     = var.bedrock_timeout_ms >= 1000 && var.bedrock_timeout_ms <= 28000 && floor(var.bedrock_timeout_ms) == var.bedrock_timeout_ms
    error_message = "bedrock_timeout_ms must be a whole number from 1000 to 28000 (under API Gateway's 30 s and the gateway's 29 s timeout)."
  }
}

variable "max_body_bytes" {
  description = "Largest request body the gateway accepts, in bytes (larger ones get 413)."
  type        = number
  default     = 1048576

  validation {
    condition     = var.max_body_bytes >= 1024 && var.max_body_bytes <= 6291456 && floor(var.max_body_bytes) == var.max_body_bytes
    error_message = "max_body_bytes must be a whole number from 1024 to 6291456 (Lambda's payload limit)."
  }
}

variable "model_catalog_overrides" {
  description = "Optional JSON (same shape as catalog/models.json) that adds or replaces catalog models without a rebuild; empty leaves MODEL_CATALOG_OVERRIDES unset."
  type        = string
  default     = ""

  validation {
    condition     = var.model_catalog_overrides == "" || can(jsondecode(var.model_catalog_overrides))
    error_message = "model_catalog_overrides must be empty or valid JSON."
  }
}

variable "extra_bedrock_model_ids" {
  description = "Extra Bedrock model ids or inference profile ids (e.g. us.meta.llama3-3-70b-instruct-v1:0) that the gateway may invoke besides the catalog's."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.extra_bedrock_model_ids : can(regex("^[a-z0-9-]+(\\.[A-Za-z0-9_.:-]+)+$", id))])
    error_message = "extra_bedrock_model_ids must hold Bedrock model ids such as anthropic.claude-3-haiku-20240307-v1:0."
  }
}

variable "bedrock_profile_regions" {
  description = "Regions that the catalog's cross-region inference profiles route to; the gateway may invoke the foundation models there."
  type        = list(string)
  default     = ["us-east-1", "us-east-2", "us-west-2"]

  validation {
    condition     = length(var.bedrock_profile_regions) > 0 && alltrue([for r in var.bedrock_profile_regions : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", r))])
    error_message = "bedrock_profile_regions must be a non-empty list of AWS region names."
  }
}

variable "deletion_protection" {
  description = "Deletion protection on the DynamoDB tables; off by default so that terraform destroy removes everything."
  type        = bool
  default     = false
}

variable "api_throttling_rate_limit" {
  description = "Steady-state requests per second that the HTTP API's stage lets through (all callers together)."
  type        = number
  default     = 50

  validation {
    condition     = var.api_throttling_rate_limit >= 1 && var.api_throttling_rate_limit <= 10000
    error_message = "api_throttling_rate_limit must be from 1 to 10000."
  }
}

variable "api_throttling_burst_limit" {
  description = "Burst of requests that the HTTP API's stage lets through (all callers together)."
  type        = number
  default     = 100

  validation {
    condition     = var.api_throttling_burst_limit >= 1 && var.api_throttling_burst_limit <= 5000 && floor(var.api_throttling_burst_limit) == var.api_throttling_burst_limit
    error_message = "api_throttling_burst_limit must be a whole number from 1 to 5000."
  }
}

variable "alarm_error_rate_percent" {
  description = "The error-rate alarm fires when the API's 5xx responses exceed this percentage of requests."
  type        = number
  default     = 5

  validation {
    condition     = var.alarm_error_rate_percent > 0 && var.alarm_error_rate_percent <= 100
    error_message = "alarm_error_rate_percent must be above 0 and at most 100."
  }
}

variable "alarm_throttles_threshold" {
  description = "The throttling alarm fires when more than this many requests are throttled (rate limit or Bedrock) in one period."
  type        = number
  default     = 10

  validation {
    condition     = var.alarm_throttles_threshold >= 0 && floor(var.alarm_throttles_threshold) == var.alarm_throttles_threshold
    error_message = "alarm_throttles_threshold must be a non-negative whole number."
  }
}

variable "alarm_period_seconds" {
  description = "Period over which the alarms aggregate, in seconds."
  type        = number
  default     = 300

  validation {
    condition     = contains([60, 120, 180, 300, 600, 900, 1800, 3600], var.alarm_period_seconds)
    error_message = "alarm_period_seconds must be one of 60, 120, 180, 300, 600, 900, 1800, 3600."
  }
}

variable "alarm_actions" {
  description = "ARNs (e.g. SNS topics) notified when an alarm fires or recovers; empty for none."
  type        = list(string)
  default     = []
}

variable "streaming_endpoint" {
  description = "Deploy the streaming endpoint: the gateway's code behind a Lambda function URL in RESPONSE_STREAM mode (chat completions and ConverseStream token by token; the HTTP API buffers them)."
  type        = bool
  default     = true
}

variable "stream_timeout_seconds" {
  description = "Timeout of the streaming function, in seconds (a function URL streams for up to 15 minutes)."
  type        = number
  default     = 300

  validation {
    condition     = var.stream_timeout_seconds >= 30 && var.stream_timeout_seconds <= 900 && floor(var.stream_timeout_seconds) == var.stream_timeout_seconds
    error_message = "stream_timeout_seconds must be a whole number from 30 to 900."
  }
}
