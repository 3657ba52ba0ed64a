environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        # terrarium:ignore host-wildcards reason="tenants" # want: ignore-malformed
        "https://*.tenants.example", # want: host-wildcard
        # terrarium:ignore host-wildcard host-nonstandard-port reason="admin" # want: ignore-malformed
        "https://*.admin.example:8443", # want: host-wildcard, host-nonstandard-port
        # terrarium:ignore host-nonstandard-port reason = "spaced" # want: ignore-malformed
        "https://api.example:8443", # want: host-nonstandard-port
      ]
    }
  }
}
