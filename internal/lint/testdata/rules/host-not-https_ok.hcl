environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org",
        "HTTPS://api.example.com",
      ]
    }
  }
}
