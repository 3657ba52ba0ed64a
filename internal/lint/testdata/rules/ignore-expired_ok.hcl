environment "e" {
  config {
    type = "cloud"
    networking {
      # terrarium:ignore networking-unrestricted reason="migration" expires=2026-12-31
      type = "unrestricted"
    }
  }
}
