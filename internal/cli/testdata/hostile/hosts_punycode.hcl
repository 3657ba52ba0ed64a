terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = ["https://xn--pypi-7ve.org", "https://xn--.com", "https://xn--zz-.com", "https://xn--80ak6aa92e.com", "https://XN--PYPI-7VE.ORG", "https://xn--ls8h.la"]
      allow_package_managers = true
    }
  }
}
