# A dashboard over the functions' embedded-metric-format metrics (namespace
# var.metrics_namespace, dimension Model; cost in micro-dollars so that small costs stay
# visible, the ledger keeps the exact decimal), and alarms on the error rate and on throttling.
# Widgets use CloudWatch Metrics Insights queries, which aggregate whatever other dimensions
# (such as Powertools' Service) a metric carries.

locals {
  metrics_from = "\"${var.metrics_namespace}\""

  # One time-series widget per metric: title, Metrics Insights aggregate, metric, period (s).
  dashboard_widgets = [
    { title = "Requests by model", stat = "SUM", metric = "Requests", period = 300 },
    { title = "Input tokens by model", stat = "SUM", metric = "InputTokens", period = 300 },
    { title = "Output tokens by model", stat = "SUM", metric = "OutputTokens", period = 300 },
    { title = "Cost (USD) by model", stat = "SUM", metric = "CostUSD", period = 3600 },
    { title = "Latency (ms, average) by model", stat = "AVG", metric = "LatencyMs", period = 300 },
    { title = "Latency (ms, maximum) by model", stat = "MAX", metric = "LatencyMs", period = 300 },
    { title = "Gateway overhead (ms, average) by model", stat = "AVG", metric = "OverheadMs", period = 300 },
    { title = "Errors by model", stat = "SUM", metric = "Errors", period = 300 },
    { title = "Throttles by model", stat = "SUM", metric = "Throttles", period = 300 },
    { title = "Cache hits by model", stat = "SUM", metric = "CacheHits", period = 300 },
    { title = "Cache misses by model", stat = "SUM", metric = "CacheMisses", period = 300 },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name_prefix

  dashboard_body = jsonencode({
    widgets = concat(
      [
        for i, w in local.dashboard_widgets : {
          type   = "metric"
          x      = (i % 2) * 12
          y      = floor(i / 2) * 6
          width  = 12
          height = 6
          properties = {
            title  = w.title
            region = var.region
            view   = "timeSeries"
            period = w.period
            metrics = [[{
              id         = "q${i}"
              expression = "SELECT ${w.stat}(${w.metric}) FROM ${local.metrics_from} GROUP BY Model"
              label      = ""
            }]]
          }
        }
      ],
      [
        {
          type   = "metric"
          x      = 0
          y      = ceil(length(local.dashboard_widgets) / 2) * 6
          width  = 12
          height = 6
          properties = {
            title  = "Cache hit rate (%, all models)"
            region = var.region
            view   = "timeSeries"
            period = 300
            metrics = [
              [{ id = "hits", expression = "SELECT SUM(CacheHits) FROM ${local.metrics_from}", visible = false, label = "hits" }],
              [{ id = "misses", expression = "SELECT SUM(CacheMisses) FROM ${local.metrics_from}", visible = false, label = "misses" }],
              [{ id = "rate", expression = "100 * hits / (hits + misses)", label = "hit rate %" }],
            ]
          }
        },
        {
          type   = "metric"
          x      = 12
          y      = ceil(length(local.dashboard_widgets) / 2) * 6
          width  = 12
          height = 6
          properties = {
            title  = "HTTP API: requests, 4xx, 5xx"
            region = var.region
            view   = "timeSeries"
            period = 300
            stat   = "Sum"
            metrics = [
              ["AWS/ApiGateway", "Count", "ApiId", aws_apigatewayv2_api.this.id],
              ["AWS/ApiGateway", "4xx", "ApiId", aws_apigatewayv2_api.this.id],
              ["AWS/ApiGateway", "5xx", "ApiId", aws_apigatewayv2_api.this.id],
            ]
          }
        },
      ],
    )
  })
}

# Error rate: the share of the HTTP API's responses that are 5xx (the functions' own errors,
# upstream faults and timeouts alike).
resource "aws_cloudwatch_metric_alarm" "error_rate" {
  alarm_name          = "${var.name_prefix}-error-rate"
  alarm_description   = "More than ${var.alarm_error_rate_percent}% of the LLM gateway's responses are 5xx."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_error_rate_percent
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  metric_query {
    id          = "error_rate"
    expression  = "IF(requests > 0, 100 * errors / requests, 0)"
    label       = "5xx %"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "5xx"
      period      = var.alarm_period_seconds
      stat        = "Sum"
      dimensions = {
        ApiId = aws_apigatewayv2_api.this.id
      }
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      period      = var.alarm_period_seconds
      stat        = "Sum"
      dimensions = {
        ApiId = aws_apigatewayv2_api.this.id
      }
    }
  }
}

# Throttling: requests refused by a team's rate limit or throttled by Bedrock, from the EMF
# metric Throttles summed over every model (a Metrics Insights query).
resource "aws_cloudwatch_metric_alarm" "throttles" {
  alarm_name          = "${var.name_prefix}-throttles"
  alarm_description   = "More than ${var.alarm_throttles_threshold} LLM gateway requests were throttled in ${var.alarm_period_seconds} s."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_throttles_threshold
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  metric_query {
    id          = "throttles"
    expression  = "SELECT SUM(Throttles) FROM \"${var.metrics_namespace}\""
    period      = var.alarm_period_seconds
    label       = "throttled requests"
    return_data = true
  }
}
