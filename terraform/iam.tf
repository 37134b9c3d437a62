# One role per function, least privilege: its own log group, only its tables (and their
# indexes when it queries them) with only the actions it uses, and for the gateway only the
# Bedrock models of the catalog (or of var.extra_bedrock_model_ids).

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.functions

  name                  = "${var.name_prefix}-${each.key}"
  description           = "Execution role of the ${var.name_prefix}-${each.key} function"
  assume_role_policy    = data.aws_iam_policy_document.assume_role.json
  force_detach_policies = true
}

data "aws_iam_policy_document" "function" {
  for_each = local.functions

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this[each.key].arn}:*"]
  }

  dynamic "statement" {
    for_each = each.value.tables
    content {
      sid     = "Table${replace(title(replace(statement.key, "_", " ")), " ", "")}"
      actions = [for action in statement.value : "dynamodb:${action}"]
      resources = concat(
        [aws_dynamodb_table.this[statement.key].arn],
        contains(statement.value, "Query") ? [
          for index in local.tables[statement.key].global_secondary_indexes :
          "${aws_dynamodb_table.this[statement.key].arn}/index/${index.name}"
        ] : [],
      )
    }
  }

  # Converse is authorized by bedrock:InvokeModel on the model or inference profile it names.
  dynamic "statement" {
    for_each = each.value.bedrock ? ["bedrock"] : []
    content {
      sid       = "InvokeCatalogModels"
      actions   = ["bedrock:InvokeModel"]
      resources = concat(local.bedrock_foundation_model_arns, local.bedrock_profile_arns)
    }
  }
}

resource "aws_iam_role_policy" "this" {
  for_each = local.functions

  name   = "${var.name_prefix}-${each.key}"
  role   = aws_iam_role.this[each.key].id
  policy = data.aws_iam_policy_document.function[each.key].json
}
