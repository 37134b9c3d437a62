output "api_endpoint" {
  description = "Base URL of the HTTP API (use it as the OpenAI base_url with /v1 appended)."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "demo_team_id" {
  description = "Id of the seeded demo team that owns the three demo keys."
  value       = local.demo_team_id
}

output "default_model" {
  description = "Catalog name of the model that the demo and the examples use."
  value       = var.default_model
}

output "demo_api_key" {
  description = "The demo team's key with the invoke scope (call models). Read it with: terraform output -raw demo_api_key"
  value       = local.demo_key_plaintext["invoke"]
  sensitive   = true
}

output "finops_api_key" {
  description = "The demo team's key with the finops scope (every team's usage and chargeback)."
  value       = local.demo_key_plaintext["finops"]
  sensitive   = true
}

output "admin_api_key" {
  description = "The demo team's key with the admin scope (teams, keys and everything else)."
  value       = local.demo_key_plaintext["admin"]
  sensitive   = true
}

output "table_names" {
  description = "DynamoDB table names by logical name (keys, rate_limits, cache, usage)."
  value       = { for name, table in aws_dynamodb_table.this : name => table.name }
}

output "function_names" {
  description = "Lambda function names by function (gateway, auth, usage); the API invokes their live alias."
  value       = { for name, fn in aws_lambda_function.this : name => fn.function_name }
}

output "dashboard_url" {
  description = "Address of the CloudWatch dashboard in the AWS console."
  value       = "https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards/dashboard/${aws_cloudwatch_dashboard.this.dashboard_name}"
}

output "streaming_endpoint" {
  description = "Base URL of the streaming function URL (OpenAI base_url with /v1 appended, or the AWS SDK's endpoint for ConverseStream); null when streaming_endpoint is false."
  value       = var.streaming_endpoint ? aws_lambda_function_url.stream[0].function_url : null
}
