policy {
  rule "no-mcp-on-prod" {
    description   = <<-EOT
      Production environments do not allow MCP servers.

      An MCP server on a production environment reaches data an agent should
      not touch. Record an exception in metadata.mcp_exception when one is
      approved.
    EOT
    when          = lookup(environment.metadata, "tier", "") == "prod"
    condition     = !environment.config.networking.allow_mcp_servers || can(environment.metadata.mcp_exception)
    error_message = "${environment.address} is tier prod and allows MCP servers"
  }
  rule "team_prefix" {
    severity      = "warning"
    condition     = startswith(environment.name, environment.metadata.team)
    error_message = "Name ${jsonencode(environment.name)} does not start with\nits team"
  }
}

environment "billing" {
  metadata = {
    tier = "prod"
    team = "payments"
  }
  config {
    type = "cloud"
    networking {
      type              = "limited"
      allowed_hosts     = ["https://api.stripe.com"]
      allow_mcp_servers = true
    }
  }
}

environment "scratch" {
  config {
    type = "self_hosted"
  }
}
