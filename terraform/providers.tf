provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Project   = "llm-gateway"
      Stack     = var.name_prefix
      ManagedBy = "terraform"
    })
  }
}
