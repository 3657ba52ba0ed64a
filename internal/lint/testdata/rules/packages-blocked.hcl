environment "e" {
  config {
    type = "cloud"
    packages {
      pip = ["pandas==2.2.0"]
    }
    networking { # want: packages-blocked
      type          = "limited"
      allowed_hosts = ["https://pypi.org"]
    }
  }
}

environment "f" {
  config {
    type = "cloud"
    packages {
      npm = ["express@4.18.0"]
    }
    networking {
      type                   = "limited"
      allow_package_managers = false # want: packages-blocked
    }
  }
}
