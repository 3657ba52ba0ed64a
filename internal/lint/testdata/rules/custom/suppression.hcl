# Custom rules are suppressed like built-in ones: a reason, an expiry, and
# an expired exception brings the finding back.
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

# terrarium:ignore custom/owner reason="temporary" expires=2026-01-01 # want: ignore-expired
environment "old" { # want: custom/owner
  config {
    type = "self_hosted"
  }
}

# terrarium:ignore custom/owner reason="nothing to hide" # want: ignore-unused
environment "owned" {
  metadata = {
    owner = "sec"
  }
  config {
    type = "self_hosted"
  }
}
