environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        # terrarium:ignore host-wildcard, host-nonstandard-port reason="admin API behind the VPN"
        "https://*.admin.example:8443",
        # terrarium:ignore host-wildcard,host-nonstandard-port reason="no space after the comma"
        "https://*.ops.example:8443",
        "https://api.example:8443", # terrarium:ignore host-nonstandard-port reason="admin"
      ]
    }
  }
}
