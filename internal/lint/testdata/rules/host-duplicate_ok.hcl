environment "a" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org",
      ]
    }
  }
}

environment "b" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org",
      ]
    }
  }
}
