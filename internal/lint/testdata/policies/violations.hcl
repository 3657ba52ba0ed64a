# A stack that breaks every custom rule of examples/policies once, for
# TestExamplePolicies.
environment "payments" {
  description = " "
  metadata = {
    tier        = "prod"
    team        = "payments"
    owner       = "Bob Smith"
    cost_center = "finance"
    data_class  = "restricted"
  }
  config {
    type = "cloud"
    packages {
      pip = ["requests", "numpy==2.1.0"]
      npm = ["left-pad@1.3.0"]
    }
    networking {
      type                   = "limited"
      allow_mcp_servers      = true
      allow_package_managers = true
      allowed_hosts = [
        "https://pypi.org",
        "https://files.pythonhosted.org",
        "https://registry.npmjs.org",
        "https://api.corp.example",
        "https://git.corp.example",
        "https://ci.corp.example",
      ]
    }
  }
}

environment "scratch" {
  metadata = {
    team  = "data"
    owner = "data-team"
  }
  config {
    type = "cloud"
  }
}
