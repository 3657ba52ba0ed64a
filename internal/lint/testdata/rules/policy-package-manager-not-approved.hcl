policy {
  approved_package_managers = ["pip", "npm"]
}

environment "e" {
  config {
    type = "cloud"
    packages {
      pip = ["pandas==2.2.0"]
      gem = ["rails:7.1.0"] # want: policy-package-manager-not-approved
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
