environment "worker" {
  config {
    type = "cloud" # comment on type
    networking {
      type = "unrestricted"
    }
  }
}
