terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = ["https://metadata.google.internal", "https://metadata", "https://169.254.169.254.nip.io", "https://a9fea9fe.nip.io", "https://169-254-169-254.sslip.io", "https://instance-data.ec2.internal", "https://metadata.azure.com"]
      allow_package_managers = true
    }
  }
}
