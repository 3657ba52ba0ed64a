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
        "https://pypi.org.",
        "https://corp.example", # want: host-not-approved
        "https://evil.example", # want: host-not-approved
      ]
    }
  }
}
