# A baseline (baseline.baseline.json) accepts the finding on
# environment.legacy; the same rule still fires on a new environment.
policy {
  rule "owner" {
    condition     = contains(keys(environment.metadata), "owner")
    error_message = "${environment.address} has no owner."
  }
}

environment "legacy" {
  config {
    type = "self_hosted"
  }
}

environment "fresh" { # want: custom/owner
  config {
    type = "self_hosted"
  }
}
