locals {
  a = [local.b]
  b = { x = local.a }
}
environment "a" {
  description = local.a
  config {
    type = "cloud"
  }
}
