terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = ["https://руpi.org", "https://pypі.org", "https://gіthub.com", "https://ɡithub.com", "https://pypi。org", "https://ｐｙｐｉ.org", "https://py​pi.org", "https://pypi.org‮"]
      allow_package_managers = true
    }
  }
}
