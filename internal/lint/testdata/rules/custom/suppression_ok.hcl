# The clean twin: the only finding is suppressed by a current exception.
policy {
  rule "owner" {
    condition     = contains(keys(environment.metadata), "owner")
    error_message = "${environment.address} has no owner."
  }
}

# terrarium:ignore custom/owner reason="migrated from the old account, owner tracked in SEC-9" expires=2026-12-31
environment "legacy" {
  config {
    type = "self_hosted"
  }
}
