terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = ["https://pypi.org@169.254.169.254", "https://169.254.169.254:443/latest", "https://169%2e254%2e169%2e254", "https://%31%36%39.254.169.254", "https://169.254.169.254#@pypi.org", "https://169.254.169.254\@pypi.org", "https:/169.254.169.254", "https:\\169.254.169.254", "HTTPS://169.254.169.254"]
      allow_package_managers = true
    }
  }
}
