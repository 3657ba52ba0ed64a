environment "e" {
  config {
    type = "cloud"
    networking {
      type                   = "limited"
      allow_package_managers = true # want: package-managers-unneeded
    }
  }
}
