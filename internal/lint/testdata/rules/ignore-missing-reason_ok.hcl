environment "e" {
  config {
    type = "cloud"
    networking {
      # terrarium:ignore networking-unrestricted reason="sandbox without data"
      type = "unrestricted"
    }
  }
}
