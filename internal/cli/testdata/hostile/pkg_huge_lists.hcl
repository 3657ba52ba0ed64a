terrarium {
  stack = "hostile"
}
locals {
  p = [for i in range(1024) : "pkg${i}==1.0"]
}
environment "a" {
  config {
    type = "cloud"
    packages {
      pip = local.p
      npm = local.p
      apt = local.p
      gem = local.p
      cargo = local.p
      go = local.p
    }
    networking {
      type = "limited"
      allowed_hosts = []
      allow_package_managers = true
    }
  }
}
