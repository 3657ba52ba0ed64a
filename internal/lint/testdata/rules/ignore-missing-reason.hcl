environment "e" {
  config {
    type = "cloud"
    networking {
      # terrarium:ignore networking-unrestricted # want: ignore-missing-reason
      type = "unrestricted"
    }
  }
}
