# error_message interpolates the environment; a message that would show a
# sensitive value says so instead, and a credential is redacted.
variable "contact" {
  type      = string
  sensitive = true
  default   = "oncall-7731@example.com"
}

policy {
  rule "described" {
    condition     = environment.description != null
    error_message = "${environment.name} (${environment.address}) needs a description; metadata keys: ${join(", ", keys(environment.metadata))}."
  }
}

environment "api" { # want: custom/described # message: api (environment.api) needs a description; metadata keys: team, tier.
  metadata = {
    team = "core"
    tier = "prod"
  }
  config {
    type = "self_hosted"
  }
}

environment "pager" { # want: custom/described # message: Custom rule "custom/described" is not met by environment.pager (its error_message is not shown: it includes a sensitive value)
  name = "pager-${var.contact}"
  config {
    type = "self_hosted"
  }
}
