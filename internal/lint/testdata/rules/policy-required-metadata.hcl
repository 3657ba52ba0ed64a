policy {
  required_metadata = ["owner", "cost_center"]
}

environment "e" { # want: policy-required-metadata, policy-required-metadata
  config {
    type = "self_hosted"
  }
}

environment "f" { # want: policy-required-metadata
  metadata = {
    owner = "data"
  }
  config {
    type = "self_hosted"
  }
}
