# when selects the environments a rule applies to, for_each instances
# included (environment.key).
policy {
  rule "no-mcp-on-prod" {
    when          = lookup(environment.metadata, "tier", "") == "prod"
    condition     = !environment.config.networking.allow_mcp_servers
    error_message = "${environment.address} is tier prod and allows MCP servers."
  }
  rule "regional-key" {
    when          = environment.key != null
    condition     = contains(["eu", "us"], environment.key)
    error_message = "for_each key ${environment.key} is not a region we run in."
  }
}

environment "prod" { # want: custom/no-mcp-on-prod
  metadata = {
    tier = "prod"
  }
  config {
    type = "cloud"
    networking {
      type              = "limited"
      allow_mcp_servers = true
    }
  }
}

environment "dev" {
  config {
    type = "cloud"
    networking {
      type              = "limited"
      allow_mcp_servers = true
    }
  }
}

environment "region" { # want: custom/regional-key
  for_each = toset(["eu", "apac"])
  name     = "region-${each.key}"
  config {
    type = "self_hosted"
  }
}
