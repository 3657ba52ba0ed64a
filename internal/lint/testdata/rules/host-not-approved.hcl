policy {
  approved_hosts = ["https://*.corp.example", "https://pypi.org", "files.example"]
}

environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://api.corp.example",
        "https://pypi.org.",
        # Bare and https:// forms name the same host, in patterns too.
        "pypi.org",
        "git.corp.example",
        "https://files.example",
        "files.example",
        "http://files.example", # want: host-not-approved
        "https://corp.example", # want: host-not-approved
        "https://evil.example", # want: host-not-approved
      ]
    }
  }
}
