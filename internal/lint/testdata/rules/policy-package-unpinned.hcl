policy {
  require_pinned_packages = true
}

environment "e" {
  config {
    type = "cloud"
    packages {
      pip = ["pandas"] # want: policy-package-unpinned
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
