terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = ["https://[::ffff:169.254.169.254]", "https://[::ffff:a9fe:a9fe]", "https://[fd00:ec2::254]", "https://[0:0:0:0:0:ffff:a9fe:a9fe]", "https://[::169.254.169.254]", "https://[fe80::a9fe:a9fe%25eth0]"]
      allow_package_managers = true
    }
  }
}
