environment "e" {
  config {
    type = "cloud"
    packages {
      pip = ["pandas==2.2.0"]
      npm = ["@scope/pkg@1.0.0"]
      go  = ["golang.org/x/tools/cmd/goimports@v0.20.0"]
      apt = ["curl=7.88.1-10"]
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
