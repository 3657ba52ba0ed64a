# The clean twin: the same rules written to hold for every environment.
policy {
  rule "owner-team" {
    condition     = startswith(environment.name, lookup(environment.metadata, "team", ""))
    error_message = "The name of ${environment.address} must start with its team."
  }
  rule "tier-known" {
    when          = try(environment.metadata.tier == "prod", false)
    condition     = true
    error_message = "unreachable"
  }
  rule "message-fails" {
    condition     = environment.name != "msg"
    error_message = "Hosts: ${join(", ", environment.config.networking.allowed_hosts)}"
  }
}

environment "ml" {
  metadata = {
    tier = "prod"
  }
  config {
    type = "cloud"
  }
}

environment "msg" {
  metadata = {
    team = "msg"
    tier = "dev"
  }
  config {
    type = "cloud"
  }
}
