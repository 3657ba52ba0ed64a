terrarium {
  stack = "hostile"
}
locals {
  hosts = [for i in range(1024) : "https://h${i}.example.com"]
}
environment "a" {
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = concat(local.hosts, local.hosts, local.hosts)
    }
  }
}
