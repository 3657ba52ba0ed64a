environment "e" {
  config {
    type = "cloud"
    networking {
      type              = "limited"
      allow_mcp_servers = true # want: mcp-servers-allowed
    }
  }
}
