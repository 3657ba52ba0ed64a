environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://*.example.com", # want: host-wildcard
      ]
    }
  }
}
