# The three functions from one for_each over local.functions. SnapStart applies to published
# versions, so each function publishes a version and the API calls the "live" alias.

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
  filename         = "${path.module}/../${each.value.module}/target/${each.value.module}.jar"
  source_code_hash = filebase64sha256("${path.module}/../${each.value.module}/target/${each.value.module}.jar")
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
