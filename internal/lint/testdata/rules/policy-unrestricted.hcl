policy {
  allow_unrestricted = false
}

environment "e" {
  config {
    type = "cloud"
    networking {
      type = "unrestricted" # want: policy-unrestricted
    }
  }
}

environment "f" {
  config { # want: policy-unrestricted
    type = "cloud"
  }
}
