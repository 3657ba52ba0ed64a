environment "e" {
  config { # want: networking-implicit
    type = "cloud"
  }
}

environment "s" {
  config {
    type = "self_hosted"
  }
}
