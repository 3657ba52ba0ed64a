environment "e" {
  config {
    type = "cloud"
    networking {
      # terrarium:ignore host-wildcard reason="left over" # want: ignore-unused
      type = "unrestricted" # terrarium:ignore networking-unrestricted,mcp-servers-allowed reason="sandbox" # want: ignore-unused
    }
  }
}
