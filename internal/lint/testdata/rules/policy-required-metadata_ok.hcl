policy {
  required_metadata = ["owner", "cost_center"]
}

environment "e" {
  metadata = {
    owner       = "data"
    cost_center = "cc-42"
  }
  config {
    type = "self_hosted"
  }
}
