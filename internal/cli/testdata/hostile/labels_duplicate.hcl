environment "a" {
  config {
    type = "cloud"
  }
}
environment "a" {
  config {
    type = "cloud"
  }
}
environment "a" {
  config {
    type = "cloud"
  }
}
environment "a" "b" {}
environment {}
