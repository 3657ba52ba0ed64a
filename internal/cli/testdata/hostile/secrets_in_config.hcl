terrarium {
  stack = "hostile"
}
environment "a" {
  description = "sk-ant-api03-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBAA"
  metadata = { token = "sk-ant-api03-CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCAA" }
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = ["https://user:sk-ant-api03-DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD@pypi.org"]
      allow_package_managers = true
    }
  }
}
