environment "e" {
  config {
    type = "cloud"
    packages {
      pip = ["foo-bar==1.0"]
      npm = ["foo-bar@1.0.0"]
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
