environment "e" {
  config {
    type = "cloud"
    networking {
      type              = "limited"
      allow_mcp_servers = false
    }
  }
}
