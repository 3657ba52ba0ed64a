# The clean twin: the when expression selects an environment.
policy {
  rule "prod-no-mcp" {
    when          = lookup(environment.metadata, "tier", "") == "prod"
    condition     = !environment.config.networking.allow_mcp_servers
    error_message = "Production environments must not allow MCP servers."
  }
}

environment "api" {
  metadata = {
    tier = "prod"
  }
  config {
    type = "cloud"
  }
}
