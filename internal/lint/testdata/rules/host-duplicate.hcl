environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org",
        "https://PyPI.org.", # want: host-duplicate
        "https://pypi.org:443", # want: host-duplicate
        "pypi.org", # want: host-duplicate
        "api.example.com",
        "https://api.example.com", # want: host-duplicate
        "https://bücher.example",
        "https://xn--bcher-kva.example", # want: host-duplicate
      ]
    }
  }
}
