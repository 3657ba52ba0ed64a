terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = ["https://127.0.0.1", "https://0", "https://0.0.0.0", "https://[::1]", "https://localhost", "https://10.0.0.1", "https://192.168.1.1", "https://localtest.me", "https://2130706433"]
      allow_package_managers = true
    }
  }
}
