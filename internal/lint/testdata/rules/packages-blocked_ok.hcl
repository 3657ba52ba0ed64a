environment "e" {
  config {
    type = "cloud"
    packages {
      pip = ["pandas==2.2.0"]
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
