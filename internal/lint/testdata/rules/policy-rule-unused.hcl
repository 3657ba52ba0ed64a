# A custom rule whose when selects no environment checks nothing.
policy {
  rule "prod-no-mcp" {
    when          = lookup(environment.metadata, "tier", "") == "production" # want: policy-rule-unused
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
