# The three functions from one for_each over local.functions. SnapStart applies to published
# versions, so each function publishes a version and the API calls the "live" alias.

locals {
  # The shaded jar that scripts/mvn.sh package writes for each module. source_code_hash is null
  # when it is missing so that destroy still works after a clean; creating needs it (precondition).
  jar_paths = { for name, fn in local.functions : name => "${path.module}/../${fn.module}/target/${fn.module}.jar" }
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.functions

  name              = "/aws/lambda/${var.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days
  skip_destroy      = false
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name    = "${var.name_prefix}-${each.key}"
  description      = each.value.description
  role             = aws_iam_role.this[each.key].arn
  runtime          = "java21"
  handler          = each.value.handler
  filename         = local.jar_paths[each.key]
  source_code_hash = fileexists(local.jar_paths[each.key]) ? filebase64sha256(local.jar_paths[each.key]) : null
  architectures    = [var.architecture]
  memory_size      = each.value.memory_size
  timeout          = each.value.timeout
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = local.function_environment[each.key]
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this[each.key].name
  }

  lifecycle {
    precondition {
      condition     = fileexists(local.jar_paths[each.key])
      error_message = "${each.value.module}/target/${each.value.module}.jar is missing: build it with scripts/deploy.sh (or scripts/mvn.sh package -DskipTests)."
    }
  }

  # The log group exists (with its retention) before the function can write to it, and the
  # role's policy is attached before SnapStart runs the initializer of the published version.
  depends_on = [
    aws_cloudwatch_log_group.this,
    aws_iam_role_policy.this,
  ]
}

resource "aws_lambda_alias" "live" {
  for_each = local.functions

  name             = "live"
  description      = "The published version that the HTTP API invokes"
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = aws_lambda_function.this[each.key].version
}
