policy {
  max_allowed_hosts = 2
}

environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://a.example", "https://b.example"]
    }
  }
}
