environment "e" {
  config {
    type = "cloud"
    networking {
      # terrarium:ignore networking-unrestricted reason="migration" expires=2026-01-31 # want: ignore-expired
      type = "unrestricted"
    }
  }
}
