# A custom rule whose expressions fail for an environment: the finding is
# at the expression in the policy, once per environment it fails for.
policy {
  rule "owner-team" {
    condition     = startswith(environment.name, environment.metadata["team"]) # want: policy-rule-error
    error_message = "The name of ${environment.address} must start with its team."
  }
  rule "tier-known" {
    when          = environment.metadata.tier # want: policy-rule-error, policy-rule-error
    condition     = true
    error_message = "unreachable"
  }
  rule "message-fails" {
    condition     = environment.name != "msg"
    error_message = "Hosts: ${environment.config.networking.allowed_hosts}" # want: policy-rule-error
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
