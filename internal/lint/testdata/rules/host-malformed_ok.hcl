environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org",
        "https://pypi.org/",
        "https://bücher.example",
      ]
    }
  }
}
