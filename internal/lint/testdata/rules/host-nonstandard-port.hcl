environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://api.example.com:8443", # want: host-nonstandard-port
      ]
    }
  }
}
