terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    packages {
      pip = "pandas"
      npm = [1, true, null, [], {}]
      apt = null
      rpm = ["x"]
    }
    networking {
      type = "limited"
      allowed_hosts = []
      allow_package_managers = true
    }
  }
}
