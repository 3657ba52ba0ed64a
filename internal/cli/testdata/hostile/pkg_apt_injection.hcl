terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    packages {
      apt = ["-o APT::Update::Pre-Invoke::=/bin/sh", "--allow-unauthenticated", "pkg=1.0 --force-yes", "../x.deb", "pkg;reboot"]
    }
    networking {
      type = "limited"
      allowed_hosts = []
      allow_package_managers = true
    }
  }
}
