environment "e" {
  config {
    type = "cloud"
    packages {
      pip   = ["pandas==2.2.0", "requests[socks]==2.32.3"]
      npm   = ["express@4.18.0", "@types/node@20.11.5"]
      cargo = ["ripgrep@14.0.0"]
      gem   = ["rails:7.1.0"]
      go    = ["golang.org/x/tools/cmd/goimports@v0.20.0"]
      apt   = ["curl=7.88.1-10+deb12u5"]
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
