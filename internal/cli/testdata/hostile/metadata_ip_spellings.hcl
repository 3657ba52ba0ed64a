terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = ["https://169.254.169.254", "https://2852039166", "https://0xa9fea9fe", "https://0XA9FEA9FE", "https://0251.0376.0251.0376", "https://169.254.43518", "https://169.16689662", "https://0xa9.0xfe.0xa9.0xfe", "https://169.254.169.254.", "https://0251.254.169.254", "https://00000251.254.169.254"]
      allow_package_managers = true
    }
  }
}
