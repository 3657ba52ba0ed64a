environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://8.8.8.8", # want: host-ip-literal
        "https://[2606:4700:4700::1111]", # want: host-ip-literal
        "https://134744072", # want: host-ip-literal
      ]
    }
  }
}
