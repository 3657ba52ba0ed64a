environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "http://pypi.org", # want: host-not-https
        "ftp://files.example.com", # want: host-not-https
        "HTTP://api.example.com", # want: host-not-https
      ]
    }
  }
}
