# terrarium:ignore networking-implicit,secret-in-config reason="demo environment, see README"
environment "e" {
  description = "token ghp_abcdefghijklmnopqrstuvwxyz0123456789"
  config {
    type = "cloud"
  }
}
