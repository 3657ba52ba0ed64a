environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org",
        "https://metadata.example.com",
        "https://localhost-tools.example.com",
      ]
    }
  }
}
