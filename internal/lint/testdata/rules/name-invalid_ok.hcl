environment "e" {
  name = "python-dev"
  config {
    type = "self_hosted"
  }
}
