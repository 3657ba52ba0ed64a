environment "e" {
  config {
    type = "cloud"
    networking {
      type = "unrestricted" # want: networking-unrestricted
    }
  }
}
