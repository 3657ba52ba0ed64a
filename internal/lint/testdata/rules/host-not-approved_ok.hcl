policy {
  approved_hosts = ["https://*.corp.example", "https://pypi.org"]
}

environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://api.corp.example",
        "https://a.b.corp.example",
        "https://PYPI.org"
      ]
    }
  }
}
