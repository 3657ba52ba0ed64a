# Production hardening: what an environment whose metadata says
# tier = "prod" must and must not do. Start from this file with
#
#   terrarium lint --policy examples/policies/production.hcl examples/multi-team
#
# and record approved exceptions in the environment's metadata, where a
# reviewer sees them next to what they excuse.
policy {
  # The fixed settings apply to every environment.
  allow_unrestricted = false

  rule "prod-no-mcp" {
    description   = <<-EOT
      Production environments do not allow MCP servers.

      An MCP server reaches systems that allowed_hosts does not list. When
      the security team approves one, record the ticket in
      metadata.mcp_exception.
    EOT
    when          = lookup(environment.metadata, "tier", "") == "prod"
    condition     = !environment.config.networking.allow_mcp_servers || lookup(environment.metadata, "mcp_exception", "") != ""
    error_message = "${environment.address} is tier prod and allows MCP servers without metadata.mcp_exception"
  }

  rule "prod-max-hosts" {
    description   = <<-EOT
      Production environments allow at most five hosts.

      Every host is a way out for an agent. More than five need an exception
      recorded in metadata.host_exception.
    EOT
    when          = lookup(environment.metadata, "tier", "") == "prod"
    condition     = length(environment.config.networking.allowed_hosts) <= 5 || lookup(environment.metadata, "host_exception", "") != ""
    error_message = "${environment.address} allows ${length(environment.config.networking.allowed_hosts)} hosts; production allows 5 without metadata.host_exception"
  }

  rule "prod-pinned-packages" {
    description   = <<-EOT
      Production environments pin every pip and npm package to an exact version.

      An unpinned package installs whatever was published last, on every
      new session.
    EOT
    when          = lookup(environment.metadata, "tier", "") == "prod"
    condition     = length([for p in concat(environment.config.packages.pip, environment.config.packages.npm) : p if !can(regex("(==|@)[0-9][0-9A-Za-z.+-]*$", p))]) == 0
    error_message = "${environment.address} is tier prod and has packages without an exact version"
  }

  rule "prod-described" {
    severity      = "warning"
    description   = "Production environments say what they are for in description."
    when          = lookup(environment.metadata, "tier", "") == "prod"
    condition     = trimspace(coalesce(environment.description, "")) != ""
    error_message = "${environment.address} is tier prod and has no description"
  }
}
