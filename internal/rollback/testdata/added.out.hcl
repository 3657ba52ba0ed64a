environment "worker" {
  name        = "worker-old"
  description = "Background jobs"
  metadata = {
    owner = "ops"
  }
  config {
    type = "cloud" # comment on type
    packages {
      apt = ["ffmpeg"]
    }
    networking {
      type                   = "limited"
      allowed_hosts          = ["https://pypi.org"]
      allow_package_managers = true
      allow_mcp_servers      = false
    }
  }
}
