# The streaming path (docs/streaming.md): API Gateway's HTTP API buffers a Lambda proxy
# integration's whole answer, so token-by-token streaming goes through a Lambda function URL in
# RESPONSE_STREAM mode instead. The function runs the gateway's code (same jar, same role, same
# environment) through GatewayStreamHandler: Lambda's managed Java runtime has no streaming
# handler, so an exec wrapper (a layer that scripts/deploy.sh builds) starts StreamingRuntime, a
# small loop over the Runtime API's streaming response mode, on the managed runtime's own JVM.
# A function URL has no Lambda authorizer: the function checks the key itself (KeyCheck, the
# authorizer's rules; GetItem on the keys table, granted in iam.json).

locals {
  stream_layer_path = "${path.module}/../gateway-function/target/stream-runtime-layer.zip"
  stream_function   = "${var.name_prefix}-gateway-stream"
}

resource "aws_lambda_layer_version" "stream_runtime" {
  count = var.streaming_endpoint ? 1 : 0

  layer_name               = "${var.name_prefix}-stream-runtime"
  description              = "Exec wrapper that runs the gateway's response-streaming runtime loop"
  filename                 = local.stream_layer_path
  source_code_hash         = fileexists(local.stream_layer_path) ? filebase64sha256(local.stream_layer_path) : null
  compatible_runtimes      = ["java21"]
  compatible_architectures = [var.architecture]

  lifecycle {
    precondition {
      condition     = fileexists(local.stream_layer_path)
      error_message = "gateway-function/target/stream-runtime-layer.zip is missing: build it with scripts/deploy.sh."
    }
  }
}

resource "aws_cloudwatch_log_group" "stream" {
  count = var.streaming_endpoint ? 1 : 0

  name              = "/aws/lambda/${local.stream_function}"
  retention_in_days = var.log_retention_days
  skip_destroy      = false
}

resource "aws_lambda_function" "stream" {
  count = var.streaming_endpoint ? 1 : 0

  function_name    = local.stream_function
  description      = "LLM gateway, streaming: chat completions and ConverseStream token by token (function URL)"
  role             = aws_iam_role.this["gateway"].arn
  runtime          = "java21"
  handler          = "com.llmgateway.gateway.GatewayStreamHandler::handleRequest"
  filename         = local.jar_paths["gateway"]
  source_code_hash = fileexists(local.jar_paths["gateway"]) ? filebase64sha256(local.jar_paths["gateway"]) : null
  architectures    = [var.architecture]
  memory_size      = var.gateway_memory_mb
  timeout          = var.stream_timeout_seconds
  layers           = [aws_lambda_layer_version.stream_runtime[0].arn]

  environment {
    variables = merge(local.function_environment["gateway"], {
      AWS_LAMBDA_EXEC_WRAPPER = "/opt/stream-runtime"
    })
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.stream[0].name
  }

  lifecycle {
    precondition {
      condition     = fileexists(local.jar_paths["gateway"])
      error_message = "gateway-function/target/gateway-function.jar is missing: build it with scripts/deploy.sh."
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.stream,
    aws_iam_role_policy.this,
  ]
}

resource "aws_lambda_function_url" "stream" {
  count = var.streaming_endpoint ? 1 : 0

  function_name      = aws_lambda_function.stream[0].function_name
  authorization_type = "NONE"
  invoke_mode        = "RESPONSE_STREAM"
}

# A function URL with authorization NONE is public by design; the function refuses every request
# without a valid key (401/403 in the route's own error shape) before it touches a table but the keys.
resource "aws_lambda_permission" "stream_url" {
  count = var.streaming_endpoint ? 1 : 0

  statement_id           = "AllowPublicFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.stream[0].function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}
