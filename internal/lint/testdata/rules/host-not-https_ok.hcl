environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org",
        "HTTPS://api.example.com",
        # The bare form of Anthropic's own examples.
        "files.example.com",
        "api.example.com:8443",
      ]
    }
  }
}
