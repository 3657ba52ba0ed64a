environment "a" {
  name = "dev"
  config {
    type = "self_hosted"
  }
}

environment "b" {
  name = "dev-2"
  config {
    type = "self_hosted"
  }
}
