# The clean twin: every environment meets both conditions.
policy {
  rule "name-has-team" {
    description   = "Environment names start with the owning team."
    condition     = startswith(environment.name, "${lookup(environment.metadata, "team", "?")}-")
    error_message = "The name ${jsonencode(environment.name)} does not start with its team."
  }
  rule "few-hosts" {
    severity      = "warning"
    condition     = length(environment.config.networking.allowed_hosts) <= 2 || can(environment.metadata["host-exception"])
    error_message = "${environment.address} allows ${length(environment.config.networking.allowed_hosts)} hosts; at most 2 without a recorded exception."
  }
}

environment "ml" {
  name = "data-ml"
  metadata = {
    team = "data"
  }
  config {
    type = "cloud"
  }
}

environment "web" {
  name = "web-frontend"
  metadata = {
    team           = "web"
    host-exception = "SEC-112"
  }
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://a.example.com", "https://b.example.com", "https://c.example.com"]
    }
  }
}
