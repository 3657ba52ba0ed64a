locals {
  many = { for i in range(1024) : "k${i}" => "v" }
}
environment "a" {
  metadata = merge(local.many, { "terrarium:stack" = "other", "terrarium:address" = "environment.x", "" = "x", "k" = null })
  config {
    type = "cloud"
  }
}
environment "b" {
  metadata = "not a map"
  config {
    type = "cloud"
  }
}
environment "c" {
  metadata = { a = { nested = 1 } }
  config {
    type = "cloud"
  }
}
