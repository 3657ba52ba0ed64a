policy {
  allow_mcp_servers = false
}

environment "e" {
  config {
    type = "cloud"
    networking {
      type              = "limited"
      allow_mcp_servers = false
    }
  }
}
