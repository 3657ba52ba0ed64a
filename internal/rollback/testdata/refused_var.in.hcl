locals {
  hosts = ["https://pypi.org"]
}

environment "web" {
  description = "Web"
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = concat(local.hosts, ["https://x.example"])
    }
  }
}
