environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://api.example.com",
        "https://api.example.com:443",
      ]
    }
  }
}
