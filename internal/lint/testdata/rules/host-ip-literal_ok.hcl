environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://dns.google",
        "https://one.one.one.one",
      ]
    }
  }
}
