policy {
  approved_hosts    = ["https://*.corp.example", "https://pypi.org"]
  allow_mcp_servers = false
}

environment "python_dev" {
  name        = "python-dev"
  description = "Data analysis"
  metadata = {
    team      = "data"
    api_token = "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
  }

  config {
    type = "cloud"
    packages {
      pip = ["pandas", "numpy==2.1.0"]
    }
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://pypi.org",
        "http://api.corp.example", # terrarium:ignore host-not-https reason="legacy, tracked in PLAT-12" expires=2099-12-31
        "https://169.254.169.254",
        "https://evil.example:8443",
        "https://PyPI.org",
        "files.corp.example",
      ]
      allow_package_managers = true
      allow_mcp_servers      = true
    }
  }
}

environment "wide_open" {
  config {
    type = "cloud"
  }
}
