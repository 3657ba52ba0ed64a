# The clean twin: the baseline (baseline_ok.baseline.json) accepts every
# finding of the rule, wherever the lines move.


policy {
  rule "owner" {
    condition     = contains(keys(environment.metadata), "owner")
    error_message = "${environment.address} has no owner."
  }
}

environment "fresh" {
  config {
    type = "self_hosted"
  }
}

environment "legacy" {
  config {
    type = "self_hosted"
  }
}
