environment "s" {
  config {
    type = "self_hosted"
  }
}
