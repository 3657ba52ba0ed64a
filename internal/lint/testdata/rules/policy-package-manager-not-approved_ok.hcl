policy {
  approved_package_managers = ["pip", "npm"]
}

environment "e" {
  config {
    type = "cloud"
    packages {
      pip = ["pandas==2.2.0"]
      npm = ["express@4.18.0"]
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
